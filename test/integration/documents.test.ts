import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { freshDb } from '../support/db.js';
import type { Db } from '../../db/open.js';
import { PERMISSIONS } from '../../core/api/roles.js';
import { requestIdSchema } from '../../core/api/documents.js';
import type { Actor, AuditRecord, OperationContext } from '../../core/context.js';
import { DomainError } from '../../core/errors.js';
import { inTransaction } from '../../core/transaction.js';
import { applyTransition, createDocument, defineDocumentType, documentEvents, loadDocument, REVERSAL_POSTED, reverseDocument } from '../../core/documents/lifecycle.js';
import { postedRowTriggers } from '../../core/documents/immutability.js';
import { once } from '../../core/documents/requests.js';

/** A toy document type, declared here and not in core: 草稿 → 已审核 → 已过账 → 已冲销, or 草稿/已审核 → 已作废. */
const toy = defineDocumentType({
  type: 'toy_slip',
  label: '测试单',
  series: 'QT',
  createPermission: 'formulary.propose',
  initial: 'draft',
  states: {
    draft: { label: '草稿' },
    approved: { label: '已审核' },
    voided: { label: '已作废' },
    posted: { label: '已过账', posted: true },
    reversed: { label: '已冲销', posted: true },
    reversal: { label: '冲销单', posted: true },
  },
  transitions: {
    approve: { label: '审核', from: ['draft'], to: 'approved', permission: 'formulary.manage' },
    void: { label: '作废', from: ['draft', 'approved'], to: 'voided', permission: 'formulary.propose' },
    post: { label: '过账', from: ['approved'], to: 'posted', permission: 'formulary.manage', posts: true },
    reverse: { label: '冲销', from: ['posted'], to: 'reversed', permission: 'formulary.manage' },
  },
  reversal: { transition: 'reverse', state: 'reversal' },
});
type Transition = keyof typeof toy.transitions;

const SYSTEM: Actor = { kind: 'system', name: 'cli', username: '命令行 (cli)', permissions: PERMISSIONS };
const AUDITOR: Actor = { kind: 'user', userId: 99, username: 'shenji', role: 'auditor', unitId: 1, permissions: [], mustChangePassword: false, sessionTokenHash: '' };

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function setup() {
  const fresh = freshDb();
  cleanups.push(fresh.dispose);
  const sqlite = fresh.db.$client;
  // The type's own line table, protected by the template as a migration would paste it.
  sqlite.exec(`CREATE TABLE toy_lines (document_id INTEGER NOT NULL REFERENCES documents(id), qty INTEGER NOT NULL) STRICT`);
  for (const trigger of postedRowTriggers('toy_lines')) sqlite.exec(trigger);
  return fresh.db;
}

let clock = Date.parse('2026-12-01T02:00:00Z');
/** Runs `work` as one operation would: one IMMEDIATE transaction, its audit records returned. */
function op<T>(db: Db, work: (ctx: OperationContext) => T, actor: Actor = SYSTEM, operation = 'toy.op'): { value: T; audits: AuditRecord[] } {
  const audits: AuditRecord[] = [];
  const ctx: OperationContext = {
    db, now: new Date((clock += 60_000)), actor, scope: { units: null, levels: null }, clientAddress: '', operation,
    audit: (r) => audits.push(r), session: {}, onRollback: () => undefined, attachment: null, progress: () => undefined,
  };
  return { value: inTransaction(db.$client, true, () => work(ctx)), audits };
}
const refusal = (fn: () => unknown): DomainError => {
  try { fn(); } catch (e) { if (e instanceof DomainError) return e; throw e; }
  throw new Error('expected a refusal');
};

describe('document lifecycle', () => {
  it('numbers gap-free per series and year, and a rolled-back creation gives its number back', () => {
    const db = setup();
    const a = op(db, (ctx) => createDocument(ctx, toy)).value;
    expect(() => op(db, (ctx) => { createDocument(ctx, toy); throw new Error('boom'); })).toThrow('boom');
    const b = op(db, (ctx) => createDocument(ctx, toy)).value;
    expect([a.number, b.number]).toEqual(['QT2026-000001', 'QT2026-000002']);
    expect(a).toMatchObject({ state: 'draft', stateLabel: '草稿', version: 1, posted: false });
  });

  it('applies allowed transitions, refuses others, a stale version and a missing permission, in Chinese', () => {
    const db = setup();
    const doc = op(db, (ctx) => createDocument(ctx, toy)).value;
    const posting = refusal(() => op(db, (ctx) => applyTransition(ctx, toy, { id: doc.id, version: 1, transition: 'post' })));
    expect(posting.code).toBe('CONFLICT');
    expect(posting.message).toBe('测试单 QT2026-000001 当前为「草稿」，不能过账（仅「已审核」的测试单可以过账）');
    const denied = refusal(() => op(db, (ctx) => applyTransition(ctx, toy, { id: doc.id, version: 1, transition: 'approve' }), AUDITOR));
    expect([denied.code, denied.message]).toEqual(['FORBIDDEN', '没有权限审核测试单']);
    const { value, audits } = op(db, (ctx) => applyTransition(ctx, toy, { id: doc.id, version: 1, transition: 'approve', reason: '核对无误' }));
    expect(value).toMatchObject({ from: 'draft', to: 'approved', posted: false, document: { version: 2, state: 'approved' } });
    expect(audits).toEqual([{ target: 'toy_slip:QT2026-000001', summary: { transition: 'approve', from: 'draft', to: 'approved', version: 2, reason: '核对无误' } }]);
    const stale = refusal(() => op(db, (ctx) => applyTransition(ctx, toy, { id: doc.id, version: 1, transition: 'void' })));
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/^测试单 QT2026-000001 已被 命令行 \(cli\) 于 2026-12-01 \d\d:\d\d 修改（当前版本 2，您提交的是版本 1），请刷新后重试$/);
    expect(stale.fields?.[0]?.path).toBe('version');
    expect(documentEvents(db, doc.id).map((e) => [e.version, e.transition, e.fromState, e.toState, e.reason])).toEqual([
      [1, 'create', null, 'draft', null],
      [2, 'approve', 'draft', 'approved', '核对无误'],
    ]);
  });

  it('a posted document is refused by the database itself, header and lines; documents are never deleted', () => {
    const db = setup();
    const sqlite = db.$client;
    const doc = op(db, (ctx) => createDocument(ctx, toy)).value;
    sqlite.prepare('INSERT INTO toy_lines VALUES (?, 5)').run(doc.id);
    op(db, (ctx) => applyTransition(ctx, toy, { id: doc.id, version: 1, transition: 'approve' }));
    op(db, (ctx) => applyTransition(ctx, toy, { id: doc.id, version: 2, transition: 'post' }));
    expect(() => sqlite.prepare("UPDATE documents SET number = 'QT2026-000009', seq = 9, version = version + 1 WHERE id = ?").run(doc.id)).toThrow(/document is posted/);
    expect(() => sqlite.prepare('UPDATE documents SET posted = 0, version = version + 1 WHERE id = ?').run(doc.id)).toThrow(/document is posted/);
    expect(() => sqlite.prepare("UPDATE documents SET state = 'draft' WHERE id = ?").run(doc.id)).toThrow(/version must advance/);
    expect(() => sqlite.prepare('DELETE FROM documents WHERE id = ?').run(doc.id)).toThrow(/never deleted/);
    expect(() => sqlite.prepare('UPDATE toy_lines SET qty = 6 WHERE document_id = ?').run(doc.id)).toThrow(/document is posted/);
    expect(() => sqlite.prepare('INSERT INTO toy_lines VALUES (?, 1)').run(doc.id)).toThrow(/document is posted/);
    expect(() => sqlite.prepare('DELETE FROM toy_lines WHERE document_id = ?').run(doc.id)).toThrow(/document is posted/);
    expect(() => sqlite.prepare('UPDATE document_events SET reason = ? WHERE document_id = ?').run('x', doc.id)).toThrow(/append-only/);
    // The lifecycle itself may still move it on: 冲销 is a transition.
    const { original, reversal } = op(db, (ctx) =>
      reverseDocument(ctx, toy, { id: doc.id, version: 3, reason: '数量录错' }, (rev) => sqlite.prepare('INSERT INTO toy_lines VALUES (?, -5)').run(rev.id)),
    ).value;
    expect(original).toMatchObject({ state: 'reversed', stateLabel: '已冲销', posted: true, version: 4 });
    expect(reversal).toMatchObject({ number: 'QT2026-000002', state: 'reversal', posted: true, reversesId: doc.id, version: 2 });
    expect(() => sqlite.prepare('UPDATE toy_lines SET qty = 0 WHERE document_id = ?').run(reversal.id)).toThrow(/document is posted/);
    expect(documentEvents(db, reversal.id).map((e) => e.transition)).toEqual(['create', REVERSAL_POSTED]);
    const again = refusal(() => op(db, (ctx) => reverseDocument(ctx, toy, { id: doc.id, version: 4, reason: '再冲' })));
    expect(again.message).toBe('测试单 QT2026-000001 当前为「已冲销」，不能冲销（仅「已过账」的测试单可以冲销）');
    expect(refusal(() => op(db, (ctx) => reverseDocument(ctx, toy, { id: reversal.id, version: 2, reason: ' ' }))).fields?.[0]?.path).toBe('reason');
  });

  it('the same requestId posts once and answers the first result; reused elsewhere it is refused', () => {
    const db = setup();
    const doc = op(db, (ctx) => createDocument(ctx, toy)).value;
    const other = op(db, (ctx) => createDocument(ctx, toy)).value;
    op(db, (ctx) => applyTransition(ctx, toy, { id: doc.id, version: 1, transition: 'approve' }));
    const requestId = '3f2b8c1e-7d4a-4e9b-a1c2-0d5e6f7a8b9c';
    expect(requestIdSchema.safeParse(requestId).success).toBe(true);
    expect(requestIdSchema.safeParse('短').success).toBe(false);
    const post = (id: number, operation = 'toy.post') =>
      op(db, (ctx) => once(ctx, { requestId, documentId: id }, () => applyTransition(ctx, toy, { id, version: 2, transition: 'post' }).document), SYSTEM, operation);
    const first = post(doc.id);
    const second = post(doc.id);
    expect(second.value).toEqual(first.value);
    expect(second.audits).toEqual([]);
    expect(documentEvents(db, doc.id)).toHaveLength(3);
    expect(loadDocument(db, toy, doc.id).version).toBe(3);
    expect(refusal(() => post(other.id)).fields?.[0]).toMatchObject({ path: 'requestId' });
    expect(refusal(() => post(doc.id, 'toy.other')).code).toBe('VALIDATION');
  });

  it('refuses a broken declaration', () => {
    expect(() => defineDocumentType<string, string>({ ...toy, transitions: { ...toy.transitions, unpost: { label: '反过账', from: ['posted'], to: 'draft', permission: 'formulary.manage' } } })).toThrow(/out of its posted states/);
    expect(() => defineDocumentType<string, string>({ ...toy, transitions: { ...toy.transitions, post: { ...toy.transitions.post, posts: false } } })).toThrow(/posts must be true/);
  });

  it('property: any sequence of transitions, reversals and requestId reuse keeps the invariants', () => {
    const transitions = Object.keys(toy.transitions) as Transition[];
    const step = fc.record({ doc: fc.nat(5), action: fc.constantFrom<'new' | Transition | 'reverse_doc'>('new', 'reverse_doc', ...transitions), stale: fc.boolean(), rid: fc.nat(3), fail: fc.boolean() });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const db = setup();
        const sqlite = db.$client;
        const snapshots = new Map<number, string>();
        for (const s of steps) {
          const ids = (sqlite.prepare('SELECT id FROM documents ORDER BY id').all() as { id: number }[]).map((r) => r.id);
          const id = ids.length ? ids[s.doc % ids.length]! : 0;
          try {
            op(db, (ctx) => {
              if (s.action === 'new' || !id) createDocument(ctx, toy);
              else {
                const v = loadDocument(db, toy, id).version - (s.stale ? 1 : 0);
                once(ctx, { requestId: `request-${s.rid}`, documentId: id }, () =>
                  s.action === 'reverse_doc' ? reverseDocument(ctx, toy, { id, version: v, reason: '冲销' }) : applyTransition(ctx, toy, { id, version: v, transition: s.action as Transition }),
                );
              }
              if (s.fail) throw new Error('rolled back');
            });
          } catch (e) {
            if (!(e instanceof DomainError) && !(e instanceof Error && e.message === 'rolled back')) throw e;
          }
          // Posted rows never change (except the original's move to 已冲销, which is a transition).
          for (const [pid, snap] of snapshots) {
            const now = sqlite.prepare('SELECT number, reverses_id, created_at FROM documents WHERE id = ? AND posted = 1').get(pid);
            expect(JSON.stringify(now)).toBe(snap);
          }
          for (const r of sqlite.prepare('SELECT id, number, reverses_id, created_at FROM documents WHERE posted = 1').all() as { id: number }[]) {
            if (!snapshots.has(r.id)) snapshots.set(r.id, JSON.stringify(sqlite.prepare('SELECT number, reverses_id, created_at FROM documents WHERE id = ?').get(r.id)));
          }
        }
        // Numbers gap-free per series and year.
        const seqs = (sqlite.prepare("SELECT seq FROM documents WHERE series = 'QT' AND year = 2026 ORDER BY seq").all() as { seq: number }[]).map((r) => r.seq);
        expect(seqs).toEqual(seqs.map((_, i) => i + 1));
        // Every state is reached by the declared machine from the document's events; versions count the events.
        for (const d of sqlite.prepare('SELECT id, state, version, posted, reverses_id AS reversesId FROM documents').all() as { id: number; state: string; version: number; posted: number; reversesId: number | null }[]) {
          const events = documentEvents(db, d.id);
          let state = d.reversesId ? toy.reversal!.state : toy.initial;
          expect(events[0]).toMatchObject({ transition: 'create', toState: state });
          for (const e of events.slice(1)) {
            if (e.transition === REVERSAL_POSTED) { expect(d.reversesId).not.toBeNull(); continue; }
            const t = toy.transitions[e.transition as Transition];
            expect((t.from as readonly string[]).includes(state)).toBe(true);
            expect(e.fromState).toBe(state);
            state = t.to;
          }
          expect(state).toBe(d.state);
          expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
          expect(d.version).toBe(events.length);
          expect(d.posted === 1).toBe(['posted', 'reversed', 'reversal'].includes(d.state));
        }
      }),
      { numRuns: 40 },
    );
  });
});
