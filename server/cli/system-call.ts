import type { OperationName, OpInput, OpOutput } from '../../core/api/index.js';
import type { Attachment } from '../../core/context.js';
import { executeOperation, type CallOptions } from '../../core/registry.js';
import { systemActor } from '../../core/system-actor.js';
import type { Db } from '../../db/open.js';
import { CliError } from './database.js';

/**
 * Runs one operation as the hub's system actor `命令行 (cli)`: the same registry, transaction, audit entries
 * and checks as a call over HTTP. A refusal becomes a CliError carrying the message and every field problem.
 */
export async function cliCall<N extends OperationName>(
  db: Db,
  name: N,
  input: OpInput<N>,
  extra: { attachment?: Attachment; onProgress?: CallOptions['onProgress'] } = {},
): Promise<OpOutput<N>> {
  const result = await executeOperation(db, name, input, { system: systemActor('cli'), ...extra });
  if (!result.ok) {
    const fields = result.error.fields ?? [];
    throw new CliError([result.error.message, ...fields.map((f) => `  ${f.path}：${f.message}`)].join('\n'), result.error.code);
  }
  return result.output as OpOutput<N>;
}
