import { ensureSetupCode, formatSetupCode } from '../../core/setup/setup-code.js';
import { CliError, openMigrated } from './database.js';
import type { CliIo, ExitCode } from './io.js';

/**
 * `setup-code --data DIR`: the one-time setup code of an uninitialised hub, made if it has none yet (the same
 * code a running hub printed at start). Refused once the hub is initialised: the code was spent.
 */
export function setupCodeCommand(dataDir: string, io: CliIo): ExitCode {
  const { db } = openMigrated(dataDir);
  try {
    const code = ensureSetupCode(db);
    if (code === null) throw new CliError('系统已初始化，初始化码已失效；如需管理用户请登录系统管理员账号');
    io.out(formatSetupCode(code));
    return 0;
  } finally {
    db.$client.close();
  }
}
