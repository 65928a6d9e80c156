/**
 * The worker thread of core/worker/off-thread.ts: opens its own connection to the hub's database and runs one
 * admitted call through the registry's pipeline (`runAdmitted`), posting progress and then the result.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { admitActor, runAdmitted } from '../registry.js';
import { openDatabase } from '../../db/open.js';
import type { WorkerCall, WorkerMessage } from './protocol.js';

const { call } = workerData as { call: WorkerCall };

// On Linux a thread has its own nice value: this worker gives way to the hub's main thread when the cores
// are busy, so requests are answered first and the import takes what is left. (Elsewhere setPriority would
// lower the whole process, so it is left alone.)
if (process.platform === 'linux') {
  try {
    setPriority(0, 10);
  } catch {
    // Not permitted here: the worker runs at the hub's priority.
  }
}
const post = (message: WorkerMessage) => parentPort!.postMessage(message);

const db = openDatabase(call.file);
try {
  // The main thread admitted this caller; the same checks again cost nothing and keep this entry honest.
  const admission = admitActor(call.name, call.actor);
  const result = admission.ok
    ? await runAdmitted(
        db,
        admission,
        call.input,
        {
          ...(call.clientAddress !== undefined ? { clientAddress: call.clientAddress } : {}),
          ...(call.attachment ? { attachment: call.attachment } : {}),
          onProgress: (event) => post({ type: 'progress', event }),
        },
        new Date(call.now),
      )
    : admission;
  post({ type: 'done', result: result.ok ? { ok: true, output: result.output } : { ok: false, error: result.error } });
} finally {
  db.$client.close();
}
