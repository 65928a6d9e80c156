import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  seq: number;
  at: string;
  userId: number | null;
  username: string;
  unitId: number | null;
  operation: string;
  target: string;
  summary: string;
}

/** JSON with keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function entryHash(prevHash: string, content: AuditContent): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(content)).digest('hex');
}

/** Appends one entry to the chain. Call inside the operation's transaction. */
export function appendAuditEntry(sqlite: Database.Database, entry: Omit<AuditContent, 'seq'>): AuditContent & { hash: string } {
  const last = sqlite.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
    | { seq: number; hash: string }
    | undefined;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const content: AuditContent = { ...entry, seq: (last?.seq ?? 0) + 1 };
  const hash = entryHash(prevHash, content);
  sqlite
    .prepare(
      `INSERT INTO audit_log (seq, at, user_id, username, unit_id, operation, target, summary, prev_hash, hash)
       VALUES (@seq, @at, @userId, @username, @unitId, @operation, @target, @summary, @prevHash, @hash)`,
    )
    .run({ ...content, prevHash, hash });
  return { ...content, hash };
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBad: { seq: number; reason: string } | null;
}

/**
 * Walks the whole chain in order. Finds an edited entry (its hash no longer matches), a deleted one
 * (a gap in seq or a broken prev link) and a truncated tail is caught by comparing with an expected count
 * only where one is kept elsewhere (backups); an empty log verifies.
 */
export function verifyAuditChain(sqlite: Database.Database): VerifyResult {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  const rows = sqlite
    .prepare(
      'SELECT seq, at, user_id AS userId, username, unit_id AS unitId, operation, target, summary, prev_hash AS prevHash, hash FROM audit_log ORDER BY seq',
    )
    .iterate() as IterableIterator<AuditContent & { prevHash: string; hash: string }>;
  for (const row of rows) {
    const { prevHash: storedPrev, hash, ...content } = row;
    if (row.seq !== expectedSeq) return { ok: false, checked, firstBad: { seq: expectedSeq, reason: `缺少第 ${expectedSeq} 条记录（已被删除）` } };
    if (storedPrev !== prevHash) return { ok: false, checked, firstBad: { seq: row.seq, reason: '与上一条记录的哈希链接断开' } };
    if (entryHash(prevHash, content) !== hash) return { ok: false, checked, firstBad: { seq: row.seq, reason: '记录内容与哈希不符（已被修改）' } };
    prevHash = hash;
    expectedSeq++;
    checked++;
  }
  return { ok: true, checked, firstBad: null };
}
