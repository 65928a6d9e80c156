import { verifyBooks } from '../../core/finance/books/verify.js';
import { openExisting } from './database.js';
import type { CliIo, ExitCode } from './io.js';

/**
 * `books verify --data DIR`: checks the journal from the database alone (core/finance/books/verify.ts): its
 * append-only triggers, every entry balanced, every supplier's 应付账款 against its payables and settlements, every
 * unit's 库存物资 against the stock ledger, the 内部往来 mirrors and every issued 内部结算单 against the journal.
 * Exit 0 when all hold; exit 1 with the first difference as a JSON line after a sentence in Chinese.
 */
export function booksVerifyCommand(dataDir: string, io: CliIo): ExitCode {
  const db = openExisting(dataDir, { readonly: true });
  try {
    const result = verifyBooks(db.$client, { limit: 1 });
    const { entries, suppliers, statements, months } = result.checked;
    const scope = `已校验 ${entries} 笔分录、${suppliers} 家供应商的应付账款、${months} 个月的内部往来、${statements} 张内部结算单`;
    if (result.ok) {
      const changed = result.notes.length > 0 ? `另有 ${result.notes.length} 张内部结算单出具或确认后账面又有变动（非错误）。` : '';
      io.out(`账簿完整：${scope}，借贷平衡，应付账款、库存物资与内部往来一致，所有不变量成立。${changed}`);
      for (const note of result.notes.slice(0, 20)) io.out(`  ${note.message}`);
      return 0;
    }
    const first = result.problems[0]!;
    io.out(`账簿不一致：发现 ${result.problemCount} 处问题（${scope}）。第一处：${first.message}`);
    io.out(JSON.stringify(first));
    return 1;
  } finally {
    db.$client.close();
  }
}
