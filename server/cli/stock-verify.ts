import { verifyStock } from '../../core/stock/verify.js';
import { openExisting } from './database.js';
import type { CliIo, ExitCode } from './io.js';

/**
 * `stock verify --data DIR`: rebuilds every balance from the moves, diffs it with the balance table and checks
 * every invariant of the ledger (core/stock/verify.ts). Exit 0 when all hold; exit 1 with the first
 * difference as a JSON line after a sentence in Chinese.
 */
export function stockVerifyCommand(dataDir: string, io: CliIo): ExitCode {
  const db = openExisting(dataDir, { readonly: true });
  try {
    const result = verifyStock(db.$client, { limit: 1 });
    if (result.ok) {
      io.out(`库存账完整：已校验 ${result.checked.moves} 笔移动、${result.checked.balances} 条结存，结存与移动一致，所有不变量成立。`);
      return 0;
    }
    const first = result.problems[0]!;
    io.out(`库存账不一致：发现 ${result.problemCount} 处问题（已校验 ${result.checked.moves} 笔移动、${result.checked.balances} 条结存）。第一处：${first.message}`);
    io.out(JSON.stringify(first));
    return 1;
  } finally {
    db.$client.close();
  }
}
