import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { OpInput, PlatformExportOutput } from '../../core/api/index.js';
import { CliError, openExisting } from './database.js';
import type { CliIo, ExitCode } from './io.js';
import { cliCall } from './system-call.js';

export const PLATFORM_EXPORT_USAGE = `  platform export orders|receipt-confirmations|returns|settlement --profile 配置代号 --from YYYY-MM-DD --to YYYY-MM-DD
                  --data 数据目录 --out 文件.xlsx|.csv [--orders 订单ID,订单ID]
                                          按平台配置导出上传平台的文件，输出 JSON 摘要；未写入时退出码 2 并列出原因`;

const KINDS = {
  orders: 'platform.exportOrders',
  'receipt-confirmations': 'platform.exportReceiptConfirmations',
  returns: 'platform.exportReturns',
  settlement: 'platform.exportSettlement',
} as const;

/**
 * `platform export KIND --profile NAME --from DATE --to DATE --data DIR --out FILE`: a file for the provincial
 * platform (platform.export*, as the hub's system actor), xlsx or CSV by the extension of --out. Prints a JSON
 * summary and exits 0; exits 2 with every reason (an item without its platform id, a supplier without its code …)
 * when nothing was written.
 */
export async function platformExportCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const refuse = (...reasons: string[]): ExitCode => {
    io.err(JSON.stringify({ written: false, reasons }));
    return 2;
  };
  const [kind, ...rest] = args;
  if (!kind || !(kind in KINDS)) return refuse(`未知的导出文件：${kind ?? '（无）'}（可用：${Object.keys(KINDS).join('、')}）`);
  let values: { profile?: string; from?: string; to?: string; data?: string; out?: string; orders?: string };
  try {
    values = parseArgs({
      args: rest,
      options: { profile: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, orders: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return refuse(`参数有误：${(error as Error).message}`);
  }
  const missing = (['profile', 'data', 'out'] as const).filter((k) => !values[k]).map((k) => `缺少 --${k}`);
  if (missing.length > 0) return refuse(...missing);
  const orderIds = values.orders ? values.orders.split(',').map((s) => Number(s.trim())) : undefined;
  if (orderIds?.some((n) => !Number.isInteger(n) || n <= 0)) return refuse('--orders 须为逗号分隔的订单ID');
  let db;
  try {
    db = openExisting(values.data!);
  } catch (error) {
    return refuse((error as Error).message);
  }
  try {
    const format = values.out!.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
    const input = { profile: values.profile!, from: values.from, to: values.to, format, ...(kind === 'orders' && orderIds ? { orderIds } : {}) };
    const name = KINDS[kind as keyof typeof KINDS];
    const file: PlatformExportOutput = await cliCall(db, name, input as OpInput<typeof name>);
    writeFileSync(values.out!, Buffer.from(file.contentBase64, 'base64'));
    io.out(JSON.stringify({ written: true, file: values.out, fileName: file.fileName, rowCount: file.rowCount, exchangeId: file.exchangeId, summary: file.summary }));
    return 0;
  } catch (error) {
    if (error instanceof CliError) return refuse(...error.message.split('\n').map((l) => l.trim()));
    return refuse(`写入失败：${(error as Error).message}`);
  } finally {
    db.$client.close();
  }
}
