import type { OperationName, OpOutput, OpParsedInput } from './api/index.js';
import type { OperationContext } from './context.js';

/** Most handlers: everything happens inside the operation's one transaction. */
export type SyncHandler<N extends OperationName> = (ctx: OperationContext, input: OpParsedInput<N>) => OpOutput<N>;

/**
 * A handler with slow work that must not hold the transaction or block the hub: `prepare` runs first,
 * outside any transaction, and may await (verifying a password hash, reading an uploaded file); it must not
 * write. `run` then does every write inside the one transaction, with what `prepare` found.
 */
export interface PhasedHandler<N extends OperationName, P> {
  /**
   * `'worker'`: the whole call (prepare and run) runs in a worker thread with its own connection to the same
   * database file, through the same registry pipeline (core/worker/), so seconds of work never block the hub.
   * Everything `prepare` and `run` use must then come from their arguments: the worker is another isolate.
   */
  thread?: 'worker';
  prepare(ctx: OperationContext, input: OpParsedInput<N>): Promise<P>;
  run(ctx: OperationContext, input: OpParsedInput<N>, prepared: P): OpOutput<N>;
}

// `any`: each phased handler names its own prepared type; the registry only passes it through.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler<N extends OperationName> = SyncHandler<N> | PhasedHandler<N, any>;

/** A module's handlers, keyed by operation name. The registry checks every contract has exactly one. */
export type HandlerMap<N extends OperationName = OperationName> = { [K in N]: Handler<K> };
