import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { alertsScanCommand } from './cli/alerts.js';
import { auditVerifyCommand } from './cli/audit-verify.js';
import { backupCommand } from './cli/backup.js';
import { booksVerifyCommand } from './cli/books-verify.js';
import { reportCommand } from './cli/report-monthly.js';
import { CliError } from './cli/database.js';
import { dictionaryCommand, UsageError } from './cli/dictionary.js';
import { formularyImportCommand } from './cli/formulary-import.js';
import { initCommand } from './cli/init.js';
import { MEDINS_USAGE, medinsReportCommand } from './cli/medins-report.js';
import { PLATFORM_EXPORT_USAGE, platformExportCommand } from './cli/platform-export.js';
import { PLATFORM_IMPORT_USAGE, platformImportCommand } from './cli/platform-import.js';
import { processIo, type CliIo, type ExitCode } from './cli/io.js';
import { seedDemoCommand } from './cli/seed-demo.js';
import { setupCodeCommand } from './cli/setup-code.js';
import { stockVerifyCommand } from './cli/stock-verify.js';

export const USAGE = `用法：npm run cli -- <命令> [参数]

命令：
  init --data 数据目录                    创建并迁移数据库（已有则升级到最新结构）
  setup-code --data 数据目录              显示尚未初始化的中心服务的一次性初始化码（界面初始化向导需要输入）
  seed-demo --data 数据目录               在新的空数据库中建立示例医共体，输出各用户的一次性密码（JSON）
  audit verify --data 数据目录            校验审计日志哈希链
  stock verify --data 数据目录            按移动重算全部库存结存并与结存表比对，校验库存账不变量（不一致时退出码 1）
  books verify --data 数据目录            校验账簿：分录借贷平衡、供应商应付账款、库存物资、内部往来与内部结算单（不一致时退出码 1）
  alerts scan --data 数据目录            扫描提醒（证照、效期、应付款、集采、签收差异）并推送新提醒，结果 JSON（有渠道发送失败时退出码 1）
  report monthly --month 2026-11 --data 数据目录 --out 文件.xlsx
                                          生成该月月报工作簿（每个主题一张表与指标口径），输出 JSON 摘要；未写入时退出码 2 并列出原因
${MEDINS_USAGE}
${PLATFORM_EXPORT_USAGE}
${PLATFORM_IMPORT_USAGE}
  backup --data 数据目录 --out 备份文件   在线备份数据库（服务运行中也可执行）并做完整性检查
  dictionary import 文件.xlsx --data 数据目录 [--edition 版本名称]
                                          导入医保药品分类与代码数据库（总表），进度输出到 stderr，结果 JSON 输出到 stdout
  formulary import 文件 --mapping 映射名称 --data 数据目录 --resolution 决议号 --resolution-date YYYY-MM-DD
                       [--dry-run] [--skip-rejected] [--reason 说明]
                                          按已保存的映射导入目录，输出预览 JSON；有被拒绝的行且未加 --skip-rejected 时不提交（退出码 2）`;

function options(args: string[]): { data?: string; out?: string } {
  return parseArgs({ args, options: { data: { type: 'string' }, out: { type: 'string' } }, strict: true, allowPositionals: false }).values;
}

/** Runs one CLI command; every refusal is a Chinese line on stderr and a non-zero code, never a stack. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<ExitCode> {
  const usage = (problem?: string): ExitCode => {
    if (problem) io.err(problem);
    io.err(USAGE);
    return 2;
  };
  const [command, ...rest] = argv;
  // The import commands take a file argument and options of their own.
  if (command === 'dictionary' || command === 'formulary') return runImportCommand(command, rest, io, usage);
  // 月报 for scheduled jobs: its own options, a JSON summary, exit 2 with the reasons when nothing was written.
  if (command === 'report') return reportCommand(rest, io);
  if (command === 'medins') return medinsReportCommand(rest, io);
  if (command === 'platform' && rest[0] === 'export') return platformExportCommand(rest.slice(1), io);
  if (command === 'platform' && rest[0] === 'import') return platformImportCommand(rest.slice(1), io);
  const sub = command === 'audit' || command === 'stock' || command === 'books' || command === 'alerts' ? rest.shift() : undefined;
  let values: { data?: string; out?: string };
  try {
    values = options(rest);
  } catch (error) {
    return usage(`参数有误：${(error as Error).message}`);
  }
  const dataDir = values.data;

  try {
    switch (command) {
      case 'init':
        return dataDir ? initCommand(dataDir, io) : usage('缺少 --data');
      case 'setup-code':
        return dataDir ? setupCodeCommand(dataDir, io) : usage('缺少 --data');
      case 'seed-demo':
        return dataDir ? await seedDemoCommand(dataDir, io) : usage('缺少 --data');
      case 'audit':
        if (sub !== 'verify') return usage(`未知的 audit 子命令：${sub ?? '（无）'}`);
        return dataDir ? auditVerifyCommand(dataDir, io) : usage('缺少 --data');
      case 'stock':
        if (sub !== 'verify') return usage(`未知的 stock 子命令：${sub ?? '（无）'}`);
        return dataDir ? stockVerifyCommand(dataDir, io) : usage('缺少 --data');
      case 'books':
        if (sub !== 'verify') return usage(`未知的 books 子命令：${sub ?? '（无）'}`);
        return dataDir ? booksVerifyCommand(dataDir, io) : usage('缺少 --data');
      case 'alerts':
        if (sub !== 'scan') return usage(`未知的 alerts 子命令：${sub ?? '（无）'}`);
        return dataDir ? await alertsScanCommand(dataDir, io) : usage('缺少 --data');
      case 'backup':
        if (!dataDir || !values.out) return usage('backup 需要 --data 和 --out');
        return await backupCommand(dataDir, values.out, io);
      default:
        return usage(command ? `未知命令：${command}` : undefined);
    }
  } catch (error) {
    if (error instanceof CliError || (error instanceof Error && error.name === 'DemoSeedError')) {
      io.err(error.message);
      return 1;
    }
    io.err(`命令执行失败：${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function runImportCommand(command: 'dictionary' | 'formulary', args: string[], io: CliIo, usage: (problem?: string) => ExitCode): Promise<ExitCode> {
  try {
    return command === 'dictionary' ? await dictionaryCommand(args, io) : await formularyImportCommand(args, io);
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message);
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) return usage(`参数有误：${error.message}`);
    if (error instanceof CliError) {
      io.err(error.message);
      return 1;
    }
    if (error instanceof Error && error.name === 'DomainError') {
      const fields = (error as Error & { fields?: { message: string }[] }).fields ?? [];
      io.err([error.message, ...fields.map((f) => `  ${f.message}`)].join('\n'));
      return 1;
    }
    io.err(`命令执行失败：${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

// Run only as a program, not when a test imports runCli.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runCli(process.argv.slice(2));
}
