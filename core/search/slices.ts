import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long one slice of a sliced build may hold the event loop. */
export const SLICE_MS = 8;

/**
 * Runs a step generator in slices of about `sliceMs`, giving the event loop back between them (other
 * requests are answered in the gaps), and resolves with its result. A generator yields at points where
 * pausing is safe: between pages of rows (no statement stays open across a pause), between documents,
 * between chunks of lines.
 */
export async function runSliced<T>(steps: Generator<unknown, T>, sliceMs = SLICE_MS): Promise<T> {
  for (;;) {
    const until = performance.now() + sliceMs;
    do {
      const next = steps.next();
      if (next.done) return next.value;
    } while (performance.now() < until);
    await nextTurn();
  }
}

/** The database was closed while a sliced build was paused (the hub is stopping). */
export class ConnectionClosed extends Error {
  override name = 'ConnectionClosed';
}
