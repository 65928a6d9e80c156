import { performance } from 'node:perf_hooks';
import type { IntegrityCheck, OpOutput } from '../api/index.js';
import { verifyAuditChain } from '../audit/chain.js';
import type { OperationContext } from '../context.js';
import { verifyBooks } from '../finance/books/verify.js';
import { verifyStock } from '../stock/verify.js';

/**
 * 完整性检查: the three verifications the CLI runs (`audit verify`, `stock verify`, `books verify`), called where
 * they live, one after the other on the operation's read transaction (one snapshot), each timed. Read-only.
 */
function timed<T>(work: () => T): { result: T; durationMs: number } {
  const start = performance.now();
  const result = work();
  return { result, durationMs: Math.round(performance.now() - start) };
}

export function runIntegrity(ctx: OperationContext, limit: number): OpOutput<'integrity.run'> {
  const sqlite = ctx.db.$client;
  const checks: IntegrityCheck[] = [];

  const chain = timed(() => verifyAuditChain(sqlite));
  checks.push({
    key: 'audit',
    title: '审计日志哈希链',
    ok: chain.result.ok,
    // The chain stops at its first break: everything after it is unverifiable, so there is one problem to report.
    problemCount: chain.result.firstBad ? 1 : 0,
    problems: chain.result.firstBad ? [{ kind: 'chain_broken', message: `第 ${chain.result.firstBad.seq} 条：${chain.result.firstBad.reason}` }] : [],
    checked: [{ label: '审计记录', count: chain.result.checked }],
    notes: [],
    durationMs: chain.durationMs,
  });

  const stock = timed(() => verifyStock(sqlite, { limit }));
  checks.push({
    key: 'stock',
    title: '库存台账',
    ok: stock.result.ok,
    problemCount: stock.result.problemCount,
    problems: stock.result.problems.map((p) => ({ kind: p.kind, message: p.message })),
    checked: [
      { label: '库存变动', count: stock.result.checked.moves },
      { label: '批次库位余额', count: stock.result.checked.balances },
    ],
    notes: [],
    durationMs: stock.durationMs,
  });

  const books = timed(() => verifyBooks(sqlite, { limit }));
  const c = books.result.checked;
  checks.push({
    key: 'books',
    title: '财务账簿',
    ok: books.result.ok,
    problemCount: books.result.problemCount,
    problems: books.result.problems.map((p) => ({ kind: p.kind, message: p.message })),
    checked: [
      { label: '保护触发器', count: c.triggers },
      { label: '记账凭证', count: c.entries },
      { label: '分录行', count: c.lines },
      { label: '供应商', count: c.suppliers },
      { label: '应付款', count: c.payables },
      { label: '库存变动', count: c.moves },
      { label: '单位月份', count: c.months },
      { label: '内部结算单', count: c.statements },
    ],
    notes: books.result.notes.slice(0, limit).map((n) => n.message),
    durationMs: books.durationMs,
  });

  return { ok: checks.every((check) => check.ok), ranAt: ctx.now.toISOString(), checks };
}
