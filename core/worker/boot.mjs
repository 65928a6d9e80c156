// The worker's entry when the hub runs from source (npm run server, the CLI, vitest): a worker thread starts
// as plain Node — tsx's hooks in the parent (or vitest's transforms) do not reach it — so register tsx here,
// then load entry.ts. The bundled hub starts tongcai-worker.js instead.
import { register } from 'tsx/esm/api';

register();
await import('./entry.ts');
