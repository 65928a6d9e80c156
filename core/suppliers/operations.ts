import { prepared } from '../../db/statements.js';
import type { Db } from '../../db/open.js';
import { SUPPLIER_KIND_LABELS } from '../api/labels.js';
import { QUALIFICATION_ALERT_DAYS, daysUntil, qualificationState, type QualificationKind } from '../api/suppliers.js';
import type { OpParsedInput } from '../api/index.js';
import type { OperationContext } from '../context.js';
import { diffFields } from '../audit/diff.js';
import { DomainError } from '../errors.js';
import type { HandlerMap } from '../handler.js';
import { communityDate } from '../time.js';
import { communityDateTime } from '../documents/lifecycle.js';
import { getSupplier, listSuppliers, supplierRow, supplierRows, type SupplierRow } from './records.js';

type SupplierOps = 'supplier.list' | 'supplier.get' | 'supplier.create' | 'supplier.update' | 'supplier.setActive' | 'supplier.alerts';
type Fields = OpParsedInput<'supplier.create'>;

const SCALAR_FIELDS = [
  'name',
  'uscc',
  'kind',
  'sme',
  'bankName',
  'bankAccountName',
  'bankAccountNo',
  'contactName',
  'contactPhone',
  'address',
  'note',
] as const;

/** A USCC is one supplier's: a second supplier with it is a CONFLICT naming the first. */
function assertUsccFree(db: Db, uscc: string, selfId: number | null, path: string): void {
  const holder = prepared(db.$client, 'SELECT id, name FROM suppliers WHERE uscc = ? AND id IS NOT ?').get(uscc, selfId) as { id: number; name: string } | undefined;
  if (!holder) return;
  const message = `统一社会信用代码 ${uscc} 已登记为供应商「${holder.name}」`;
  throw new DomainError('CONFLICT', message, [{ path, message }]);
}

function columnsOf(fields: Fields) {
  return {
    name: fields.name,
    uscc: fields.uscc,
    kind: fields.kind,
    sme: fields.sme ? 1 : 0,
    bankName: fields.bankName,
    bankAccountName: fields.bankAccountName,
    bankAccountNo: fields.bankAccountNo,
    contactName: fields.contactName,
    contactPhone: fields.contactPhone,
    address: fields.address,
    note: fields.note,
  };
}

/** Qualifications and platform codes are replaced as sets (a supplier holds one licence of each kind). */
function writeChildren(db: Db, supplierId: number, fields: Fields): void {
  prepared(db.$client, 'DELETE FROM supplier_qualifications WHERE supplier_id = ?').run(supplierId);
  prepared(db.$client, 'DELETE FROM supplier_platform_codes WHERE supplier_id = ?').run(supplierId);
  const q = prepared(
    db.$client,
    'INSERT INTO supplier_qualifications (supplier_id, kind, number, expires_on, note) VALUES (@supplierId, @kind, @number, @expiresOn, @note)',
  );
  for (const qualification of fields.qualifications) q.run({ supplierId, ...qualification });
  const c = prepared(db.$client, 'INSERT INTO supplier_platform_codes (supplier_id, profile, code) VALUES (@supplierId, @profile, @code)');
  for (const code of fields.platformCodes) c.run({ supplierId, ...code });
}

/** The sets as the audit log records them: one text per qualification and platform code. */
function childrenSummary(db: Db, supplierId: number) {
  const qualifications = (
    prepared(db.$client, 'SELECT kind, number, expires_on AS expiresOn, note FROM supplier_qualifications WHERE supplier_id = ? ORDER BY kind').all(
      supplierId,
    ) as { kind: QualificationKind; number: string; expiresOn: string | null; note: string }[]
  ).map((q) => `${q.kind}:${q.number}:${q.expiresOn ?? '长期'}${q.note ? `:${q.note}` : ''}`);
  const platformCodes = (
    prepared(db.$client, 'SELECT profile, code FROM supplier_platform_codes WHERE supplier_id = ? ORDER BY profile').all(supplierId) as {
      profile: string;
      code: string;
    }[]
  ).map((p) => `${p.profile}:${p.code}`);
  return { qualifications: qualifications.join('；'), platformCodes: platformCodes.join('；') };
}

/** Refuses a stale version with CONFLICT naming when the supplier was last changed. */
function checkSupplierVersion(row: SupplierRow, version: number): void {
  if (row.version === version) return;
  const message = `供应商「${row.name}」已于 ${communityDateTime(row.updatedAt)} 被修改（当前版本 ${row.version}，您提交的是版本 ${version}），请刷新后重试`;
  throw new DomainError('CONFLICT', message, [{ path: 'version', message }]);
}

/** Field errors of the nested `fields` object carry its prefix. */
function underFields<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof DomainError && error.fields) {
      throw new DomainError(error.code, error.message, error.fields.map((f) => ({ ...f, path: `fields.${f.path}` })));
    }
    throw error;
  }
}

const today = (ctx: OperationContext) => communityDate(ctx.now);

export const supplierHandlers: HandlerMap<SupplierOps> = {
  'supplier.list': (ctx, filter) => ({ suppliers: listSuppliers(ctx.db, supplierRows(ctx.db, filter), today(ctx)) }),

  'supplier.get': (ctx, { id }) => ({ supplier: getSupplier(ctx.db, id, today(ctx)) }),

  'supplier.create': (ctx, fields) => {
    assertUsccFree(ctx.db, fields.uscc, null, 'uscc');
    const at = ctx.now.toISOString();
    const { id } = prepared(
      ctx.db.$client,
      `INSERT INTO suppliers (name, uscc, kind, sme, bank_name, bank_account_name, bank_account_no, contact_name, contact_phone, address, note,
         active, version, created_at, updated_at)
       VALUES (@name, @uscc, @kind, @sme, @bankName, @bankAccountName, @bankAccountNo, @contactName, @contactPhone, @address, @note, 1, 1, @at, @at)
       RETURNING id`,
    ).get({ ...columnsOf(fields), at }) as { id: number };
    writeChildren(ctx.db, id, fields);
    ctx.audit({
      target: `supplier:${fields.uscc}`,
      summary: { created: { name: fields.name, uscc: fields.uscc, kind: SUPPLIER_KIND_LABELS[fields.kind], sme: fields.sme }, ...childrenSummary(ctx.db, id) },
    });
    return { supplier: getSupplier(ctx.db, id, today(ctx)) };
  },

  'supplier.update': (ctx, { id, version, fields }) => {
    const before = supplierRow(ctx.db, id);
    checkSupplierVersion(before, version);
    underFields(() => assertUsccFree(ctx.db, fields.uscc, id, 'uscc'));
    const childrenBefore = childrenSummary(ctx.db, id);
    const changed = prepared(
      ctx.db.$client,
      `UPDATE suppliers SET name = @name, uscc = @uscc, kind = @kind, sme = @sme, bank_name = @bankName, bank_account_name = @bankAccountName,
         bank_account_no = @bankAccountNo, contact_name = @contactName, contact_phone = @contactPhone, address = @address, note = @note,
         version = version + 1, updated_at = @at
       WHERE id = @id AND version = @version`,
    ).run({ ...columnsOf(fields), at: ctx.now.toISOString(), id, version });
    if (changed.changes !== 1) throw new Error(`supplier ${id} changed under its own transaction`);
    writeChildren(ctx.db, id, fields);
    const changes = {
      ...diffFields<string>({ ...before }, columnsOf(fields), SCALAR_FIELDS),
      ...diffFields<string>(childrenBefore, childrenSummary(ctx.db, id), ['qualifications', 'platformCodes']),
    };
    ctx.audit({ target: `supplier:${fields.uscc}`, summary: { name: fields.name, version: version + 1, changes } });
    return { supplier: getSupplier(ctx.db, id, today(ctx)) };
  },

  // Suppliers are never deleted (a trigger refuses it): a supplier that is no longer used is deactivated.
  'supplier.setActive': (ctx, { id, version, active, reason }) => {
    const before = supplierRow(ctx.db, id);
    checkSupplierVersion(before, version);
    prepared(ctx.db.$client, 'UPDATE suppliers SET active = ?, version = version + 1, updated_at = ? WHERE id = ?').run(active ? 1 : 0, ctx.now.toISOString(), id);
    ctx.audit({ target: `supplier:${before.uscc}`, summary: { name: before.name, active: { from: before.active === 1, to: active }, reason } });
    return { supplier: getSupplier(ctx.db, id, today(ctx)) };
  },

  'supplier.alerts': (ctx, { days }) => {
    const day = today(ctx);
    const rows = prepared(
      ctx.db.$client,
      `SELECT s.id AS supplierId, s.name AS supplierName, q.id AS qualificationId, q.kind, q.number, q.expires_on AS expiresOn
       FROM supplier_qualifications q JOIN suppliers s ON s.id = q.supplier_id
       WHERE s.active = 1 AND q.expires_on IS NOT NULL AND q.expires_on <= date(@today, '+' || @days || ' days')
       ORDER BY q.expires_on, s.name`,
    ).all({ today: day, days }) as { supplierId: number; supplierName: string; qualificationId: number; kind: QualificationKind; number: string; expiresOn: string }[];
    return {
      alerts: rows.map((r) => ({
        ...r,
        daysLeft: daysUntil(r.expiresOn, day),
        state: qualificationState(r.expiresOn, day, Math.max(days, QUALIFICATION_ALERT_DAYS)) === 'expired' ? ('expired' as const) : ('expiring' as const),
      })),
    };
  },
};
