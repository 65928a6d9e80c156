import { openMigrated } from './database.js';
import type { CliIo, ExitCode } from './io.js';
import { isEmptyHub, seedDemo } from '../seed/demo.js';

/**
 * `seed-demo --data DIR`: the demo community on a new or empty database. Stdout carries only the JSON of
 * the users and their passwords, so it can be piped; everything else goes to stderr.
 */
export async function seedDemoCommand(dataDir: string, io: CliIo): Promise<ExitCode> {
  const { db } = openMigrated(dataDir);
  try {
    if (!(await isEmptyHub(db))) {
      io.err('数据库已初始化，拒绝写入示例数据。seed-demo 只能用于新的空数据库。');
      return 1;
    }
    const result = await seedDemo(db);
    io.out(JSON.stringify({ users: result.users }));
    io.err(`已创建示例医共体，共 ${result.users.length} 个用户；以上密码只显示这一次，登录后须修改。`);
    return 0;
  } finally {
    db.$client.close();
  }
}
