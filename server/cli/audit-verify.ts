import { verifyAuditChain } from '../../core/audit/chain.js';
import { openExisting } from './database.js';
import type { CliIo, ExitCode } from './io.js';

/** `audit verify --data DIR`: walks the hash chain; exit 1 names the first entry that breaks it. */
export function auditVerifyCommand(dataDir: string, io: CliIo): ExitCode {
  const db = openExisting(dataDir, { readonly: true });
  try {
    const result = verifyAuditChain(db.$client);
    if (result.ok) {
      io.out(`审计日志完整：已校验 ${result.checked} 条记录，哈希链无断裂。`);
      return 0;
    }
    const bad = result.firstBad!;
    io.out(`审计日志已被篡改：在第 ${bad.seq} 条记录处校验失败（此前 ${result.checked} 条完好）。`);
    io.out(`第一条异常记录：seq=${bad.seq}，原因：${bad.reason}`);
    return 1;
  } finally {
    db.$client.close();
  }
}
