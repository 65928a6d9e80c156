import { createHash } from 'node:crypto';
import type { Db } from '../../../db/open.js';
import { prepared } from '../../../db/statements.js';
import type { PlatformExchange, PlatformProfile } from '../../api/platform.js';
import type { PlatformImportChange, PlatformImportExchange, PlatformImportPreview, PlatformImportProblem } from '../../api/platform-imports.js';
import type { OperationName } from '../../api/index.js';
import type { OperationContext } from '../../context.js';
import type { Handler, SyncHandler } from '../../handler.js';
import { DomainError, invalid } from '../../errors.js';
import { readExchange, type ExchangeReadResult, type ExchangeReadRow } from '../codec.js';
import { PLATFORM_EXCHANGE_LABELS } from '../fields.js';
import { communityDate } from '../../time.js';
import { platformProfileFor } from './profile-source.js';

/**
 * What every platform import shares: the file read through the profile (the codec's problems become rejected
 * rows), a plan per exchange that lists the changes and the rejected rows, and the refusal of a commit while any
 * row is rejected (every row and column as a VALIDATION field `rows.<row>.<column>`).
 */
export interface ReadFile {
  profile: PlatformProfile;
  exchange: PlatformImportExchange;
  fileName: string;
  read: ExchangeReadResult;
  /** The file's identity: its content's hash, the exchange, the name and the profile as read. */
  key: string;
}

/**
 * The last files read, by content, exchange, name and profile: the commit that follows a preview of the same bytes
 * reuses what the preview read (reading is a pure function of these; the plan always runs again on the database).
 * Frozen, and callers never change a read.
 */
const recentReads = new Map<string, ExchangeReadResult>();
const RECENT_READS = 4;

function remember(key: string, read: ExchangeReadResult): void {
  recentReads.delete(key);
  recentReads.set(key, Object.freeze(read));
  while (recentReads.size > RECENT_READS) recentReads.delete(recentReads.keys().next().value!);
}

/** Reads the file (async, outside the transaction): the profile is validated by the codec first. */
export async function readImportFile(
  db: Db,
  input: { profile: string; exchange: PlatformImportExchange; fileName: string; contentBase64: string },
): Promise<ReadFile> {
  const profile = platformProfileFor(db, input.profile);
  const buffer = Buffer.from(input.contentBase64, 'base64');
  if (buffer.length === 0) throw invalid('contentBase64', '文件是空的');
  const key = `${createHash('sha256').update(buffer).digest('hex')}|${input.exchange}|${input.fileName}|${JSON.stringify(profile)}`;
  const cached = recentReads.get(key);
  if (cached) return { profile, exchange: input.exchange, fileName: input.fileName, read: cached, key };
  let read: ExchangeReadResult;
  try {
    read = await readExchange(profile, input.exchange, buffer, input.fileName);
    remember(key, read);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const message = `无法读取文件「${input.fileName}」：${error instanceof Error ? error.message : String(error)}（请上传 xlsx 或 csv 文件）`;
    throw invalid('contentBase64', message);
  }
  return { profile, exchange: input.exchange, fileName: input.fileName, read, key };
}

/**
 * The database as this connection sees it, plus what else a plan depends on (the community's date, the caller):
 * equal stamps mean nothing was written in between — total_changes() counts every row this connection inserted,
 * updated or deleted (triggers too, rolled back or not), and data_version moves when another connection (a CLI
 * command, a worker) commits. Read operations write nothing, so a preview's stamp still holds when its commit
 * arrives if no other command ran.
 */
export function databaseStamp(ctx: OperationContext): string {
  const sqlite = ctx.db.$client;
  const { changes } = prepared(sqlite, 'SELECT total_changes() AS changes').get() as { changes: number };
  const version = sqlite.pragma('data_version', { simple: true }) as number;
  const actor = ctx.actor ? `${ctx.actor.kind}:${ctx.actor.username}` : '';
  return `${changes}|${version}|${communityDate(ctx.now)}|${actor}`;
}

/** Collects changes and rejected rows; a row with any problem from the codec is not planned at all. */
export class PlanBuilder {
  readonly changes: PlatformImportChange[] = [];
  readonly rejected: PlatformImportProblem[] = [];
  unchanged = 0;
  private readonly titles: Map<string, string>;
  private readonly bad = new Set<number>();

  constructor(readonly file: ReadFile) {
    this.titles = new Map(file.profile.exchanges[file.exchange].columns.map((c) => [c.field, c.title.trim()]));
    for (const p of file.read.problems) {
      this.rejected.push({ row: p.row, column: p.column, field: p.field, message: p.message });
      this.bad.add(p.row);
    }
  }

  /** The data rows the codec read without a problem. */
  rows(): ExchangeReadRow[] {
    return this.file.read.rows.filter((r) => !this.bad.has(r.rowNumber));
  }

  /** The column title of a field in this profile's layout ('' when the field has no column). */
  title(field: string): string {
    return this.titles.get(field) ?? '';
  }

  reject(row: number, field: string, message: string): void {
    const column = field ? this.title(field) : '';
    this.rejected.push({ row, column, field, message: column ? `${column}：${message}` : message });
    this.bad.add(row);
  }

  isRejected(row: number): boolean {
    return this.bad.has(row);
  }

  change(change: PlatformImportChange): void {
    this.changes.push(change);
  }

  preview(counts: Record<string, number>): PlatformImportPreview {
    const { profile, exchange, fileName, read } = this.file;
    const rejected = [...this.rejected].sort((a, b) => a.row - b.row);
    return {
      profile: profile.name,
      profileLabel: profile.label,
      exchange,
      exchangeLabel: PLATFORM_EXCHANGE_LABELS[exchange],
      fileName,
      sheetName: read.sheetName,
      rowCount: read.rows.length,
      // A row rejected late (a receipt rule) may have been listed as a change first.
      changes: this.changes.filter((c) => !this.bad.has(c.row)),
      unchanged: this.unchanged,
      rejected,
      counts,
    };
  }
}

const MAX_LISTED = 200;

/** Refuses a commit (nothing written) while any row is rejected, with every row and column. */
export function refuseRejected(preview: PlatformImportPreview): void {
  if (preview.rejected.length === 0) return;
  const fields = preview.rejected.map((p) => ({ path: `rows.${p.row}${p.column ? `.${p.column}` : ''}`, message: `第 ${p.row} 行：${p.message}` }));
  const first = fields[0]!.message;
  const more = fields.length > 1 ? `（共 ${fields.length} 处问题）` : '';
  throw new DomainError('VALIDATION', `文件中有被拒绝的行，未导入任何数据：${first}${more}`, fields.slice(0, MAX_LISTED * 5));
}

/** Logs the committed file (platform_exchanges, append-only). */
export function logExchange(ctx: OperationContext, profile: string, exchange: PlatformExchange, fileName: string, rowCount: number, summary: object): number {
  const actor = ctx.actor!;
  const { id } = prepared(
    ctx.db.$client,
    `INSERT INTO platform_exchanges (profile, exchange, file_name, row_count, summary, at, actor_name, actor_user_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  ).get(profile, exchange, fileName, rowCount, JSON.stringify(summary), ctx.now.toISOString(), actor.username, actor.kind === 'user' ? actor.userId : null) as {
    id: number;
  };
  return id;
}

/** Another module's handler, called inside this operation's transaction (its rules and audit entries apply). */
export function syncHandler<N extends OperationName>(handler: Handler<N>): SyncHandler<N> {
  if (typeof handler !== 'function') throw new Error('platform imports call only one-phase handlers');
  return handler;
}
