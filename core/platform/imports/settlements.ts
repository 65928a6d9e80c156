import { prepared } from '../../../db/statements.js';
import { formatYuan } from '../../api/money.js';
import type { PlatformImportPreview } from '../../api/platform-imports.js';
import type { OperationContext } from '../../context.js';
import { forbidden } from '../../errors.js';
import { periodPayables } from '../../finance/payables/insurance.js';
import { actorHas } from '../../scope.js';
import { logExchange, PlanBuilder, refuseRejected, type ReadFile } from './common.js';

/**
 * 结算单导入 (对账): each statement row (`payOrdId`, `delventpCode`, `shppAmt`, `retnAmt`, the period) is matched to
 * the supplier by its platform code under the profile and compared with the supplier's payables accepted in the
 * statement's period (core/finance/payables): what the platform says is due (stlmAmt, else shppAmt − retnAmt)
 * against Σ payables and what is still open. The commit records the reconciliation (the platform_exchanges row
 * with every statement's figures, and an audit entry); it settles nothing. A 医保基金直接结算 is then a deliberate
 * step: by statement (payable.settleStatement, from the import's result: every open payable of the period, when
 * they add up to the statement), or by hand on the payables page (payable.settleInsurance) with the payOrdId.
 */

interface SupplierRow {
  supplierId: number;
  name: string;
}

interface Statement {
  row: number;
  payOrdId: string;
  supplierId: number;
  supplierName: string;
  dueMicro: number;
  payablesMicro: number;
  openMicro: number;
  differenceMicro: number;
  periodFrom: string;
  periodTo: string;
}

export function planSettlements(ctx: OperationContext, file: ReadFile): { preview: PlatformImportPreview; statements: Statement[] } {
  const plan = new PlanBuilder(file);
  const db = ctx.db.$client;
  const suppliers = new Map(
    (prepared(db, 'SELECT c.code, c.supplier_id AS supplierId, s.name FROM supplier_platform_codes c JOIN suppliers s ON s.id = c.supplier_id WHERE c.profile = ?').all(
      file.profile.name,
    ) as (SupplierRow & { code: string })[]).map((r) => [r.code, r]),
  );
  const recorded = new Set(
    (prepared(db, "SELECT json_each.value AS id FROM platform_exchanges, json_each(platform_exchanges.summary, '$.payOrdIds') WHERE profile = ? AND exchange = 'settlements_in'").all(
      file.profile.name,
    ) as { id: string }[]).map((r) => r.id),
  );
  const statements: Statement[] = [];
  const seen = new Map<string, number>();
  for (const r of plan.rows()) {
    const v = r.values;
    const row = r.rowNumber;
    const payOrdId = v.payOrdId!;
    const twice = seen.get(payOrdId);
    if (twice !== undefined) {
      plan.reject(row, 'payOrdId', `结算单号 ${payOrdId} 在文件中出现了两次（第 ${twice} 行和第 ${row} 行）`);
      continue;
    }
    seen.set(payOrdId, row);
    if (recorded.has(payOrdId)) {
      plan.reject(row, 'payOrdId', `结算单 ${payOrdId} 已经导入对账过`);
      continue;
    }
    const supplier = suppliers.get(v.delventpCode!);
    if (!supplier) {
      plan.reject(row, 'delventpCode', `配送企业编码 ${v.delventpCode} 不是任何供应商在平台「${file.profile.label}」登记的编码`);
      continue;
    }
    const from = v.periodFrom ?? '';
    const to = v.periodTo ?? '';
    if (from && to && from > to) {
      plan.reject(row, 'periodTo', `结算期止 ${to} 早于结算期起 ${from}`);
      continue;
    }
    const shipped = Number(v.shppAmt);
    const returned = v.retnAmt ? Number(v.retnAmt) : 0;
    const dueMicro = v.stlmAmt ? Number(v.stlmAmt) : shipped - returned;
    const payables = periodPayables(ctx, supplier.supplierId, from, to);
    const t = { payables: payables.reduce((n, p) => n + p.amountMicro, 0), open: payables.reduce((n, p) => n + p.openMicro, 0) };
    const statement: Statement = {
      row,
      payOrdId,
      supplierId: supplier.supplierId,
      supplierName: supplier.name,
      dueMicro,
      payablesMicro: t.payables,
      openMicro: t.open,
      differenceMicro: dueMicro - t.payables,
      periodFrom: from,
      periodTo: to,
    };
    statements.push(statement);
    const period = from || to ? `${from || '…'} 至 ${to || '…'}` : '全部期间';
    const diff = statement.differenceMicro === 0 ? '一致' : `差额 ${formatYuan(statement.differenceMicro)} 元`;
    plan.change({
      row,
      key: payOrdId,
      target: `${supplier.name}（${period}）`,
      change: `平台结算 ${formatYuan(dueMicro)} 元（收货 ${formatYuan(shipped)}，退货 ${formatYuan(returned)}），本院应付 ${formatYuan(t.payables)} 元（未结 ${formatYuan(t.open)}）：${diff}`,
      group: statement.differenceMicro === 0 ? '一致' : '有差额',
    });
  }
  return {
    preview: plan.preview({ statements: statements.length, matched: statements.filter((s) => s.differenceMicro === 0).length, differing: statements.filter((s) => s.differenceMicro !== 0).length }),
    statements,
  };
}

export function commitSettlements(ctx: OperationContext, file: ReadFile) {
  if (!ctx.actor || !actorHas(ctx.actor, 'invoice.read')) throw forbidden('结算单对账需要查看应付款的权限');
  const { preview, statements } = planSettlements(ctx, file);
  refuseRejected(preview);
  const exchangeId = logExchange(ctx, file.profile.name, 'settlements_in', file.fileName, file.read.rows.length, {
    ...preview.counts,
    payOrdIds: statements.map((s) => s.payOrdId),
    statements: statements.map(({ row: _r, ...s }) => s),
  });
  ctx.audit({ target: `platform:${file.profile.name}:settlements_in`, summary: { file: file.fileName, exchangeId, ...preview.counts } });
  return { preview, exchangeId, documents: [] };
}
