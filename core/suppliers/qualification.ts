import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import type { ItemCategory } from '../api/formulary.js';
import { QUALIFICATION_KIND_LABELS } from '../api/labels.js';
import type { QualificationKind, SupplierKind } from '../api/suppliers.js';
import { DomainError, notFound } from '../errors.js';

/**
 * Which 首营资料 a supplier must hold, valid, to be ordered from or received from for an item of a category:
 * always the 营业执照; for drugs the 药品经营许可证 (a distributor) or 药品生产许可证 (a manufacturer); for
 * consumables and reagents a distributor's 医疗器械经营许可证. Missing counts as expired: the rule fails closed.
 */
export function requiredQualifications(kind: SupplierKind, categories: readonly ItemCategory[]): QualificationKind[] {
  const required = new Set<QualificationKind>(['business_licence']);
  for (const category of categories) {
    if (category === 'consumable' || category === 'reagent') {
      if (kind === 'distributor') required.add('device_trade_licence');
    } else {
      required.add(kind === 'distributor' ? 'drug_trade_licence' : 'drug_production_licence');
    }
  }
  return [...required];
}

export const QUALIFICATION_NAMES: Readonly<Record<QualificationKind, string>> = QUALIFICATION_KIND_LABELS;

/**
 * Refuses (VALIDATION on `path`) a supplier that is inactive, or lacks a required licence, or whose required
 * licence expires before `onDate` (YYYY-MM-DD, the community's date) — for orders and receipts alike.
 */
export function assertSupplierUsable(db: Db, supplierId: number, options: { categories: readonly ItemCategory[]; onDate: string; path: string }): void {
  const supplier = prepared(db.$client, 'SELECT name, kind, active FROM suppliers WHERE id = ?').get(supplierId) as
    | { name: string; kind: SupplierKind; active: number }
    | undefined;
  if (!supplier) throw notFound('供应商');
  const refuse = (message: string) => new DomainError('VALIDATION', message, [{ path: options.path, message }]);
  if (supplier.active !== 1) throw refuse(`供应商「${supplier.name}」已停用，不能采购或收货`);
  const held = new Map(
    (prepared(db.$client, 'SELECT kind, expires_on AS expiresOn FROM supplier_qualifications WHERE supplier_id = ?').all(supplierId) as {
      kind: QualificationKind;
      expiresOn: string | null;
    }[]).map((q) => [q.kind, q.expiresOn]),
  );
  const problems: string[] = [];
  for (const kind of requiredQualifications(supplier.kind, options.categories)) {
    if (!held.has(kind)) problems.push(`缺少${QUALIFICATION_NAMES[kind]}`);
    else {
      const expiresOn = held.get(kind) ?? null;
      if (expiresOn !== null && expiresOn < options.onDate) problems.push(`${QUALIFICATION_NAMES[kind]}已于 ${expiresOn} 过期`);
    }
  }
  if (problems.length > 0) throw refuse(`供应商「${supplier.name}」首营资料不全或已过期：${problems.join('；')}，不能采购或收货`);
}

/** The supplier's code on a platform profile (`delventpCode`), or null when none is recorded. */
export function supplierPlatformCode(db: Db, supplierId: number, profile: string): string | null {
  const row = prepared(db.$client, 'SELECT code FROM supplier_platform_codes WHERE supplier_id = ? AND profile = ?').get(supplierId, profile) as
    | { code: string }
    | undefined;
  return row?.code ?? null;
}
