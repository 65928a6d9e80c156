import type { Db } from '../../db/open.js';
import { prepared } from '../../db/statements.js';
import { QUALIFICATION_KIND_LABELS, SUPPLIER_KIND_LABELS } from '../api/labels.js';
import {
  daysUntil,
  qualificationState,
  type Qualification,
  type QualificationKind,
  type QualificationState,
  type Supplier,
  type SupplierKind,
} from '../api/suppliers.js';
import { notFound } from '../errors.js';

/**
 * The supplier record as every supplier operation answers it: its columns, its 首营资料 with their state on the
 * community's `today`, its platform codes, and the alert it shows in the grid.
 */
export interface SupplierRow {
  id: number;
  name: string;
  uscc: string;
  kind: SupplierKind;
  sme: number;
  bankName: string;
  bankAccountName: string;
  bankAccountNo: string;
  contactName: string;
  contactPhone: string;
  address: string;
  note: string;
  active: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const SUPPLIER_COLUMNS = `id, name, uscc, kind, sme, bank_name AS bankName, bank_account_name AS bankAccountName, bank_account_no AS bankAccountNo,
  contact_name AS contactName, contact_phone AS contactPhone, address, note, active, version, created_at AS createdAt, updated_at AS updatedAt`;

interface QualificationRow {
  id: number;
  supplierId: number;
  kind: QualificationKind;
  number: string;
  expiresOn: string | null;
  note: string;
}

export function supplierRow(db: Db, id: number): SupplierRow {
  const row = prepared(db.$client, `SELECT ${SUPPLIER_COLUMNS} FROM suppliers WHERE id = ?`).get(id) as SupplierRow | undefined;
  if (!row) throw notFound('供应商');
  return row;
}

export function supplierRows(db: Db, filter: { query?: string | undefined; kind?: SupplierKind | undefined; includeInactive: boolean }): SupplierRow[] {
  const query = filter.query?.trim() ? `%${filter.query.trim()}%` : null;
  return prepared(
    db.$client,
    `SELECT ${SUPPLIER_COLUMNS} FROM suppliers
     WHERE (@kind IS NULL OR kind = @kind) AND (@all = 1 OR active = 1)
       AND (@query IS NULL OR name LIKE @query OR uscc LIKE @query OR contact_name LIKE @query OR address LIKE @query)
     ORDER BY active DESC, name`,
  ).all({ kind: filter.kind ?? null, all: filter.includeInactive ? 1 : 0, query }) as SupplierRow[];
}

const WORST: Record<QualificationState, number> = { valid: 0, expiring: 1, expired: 2 };

function toQualification(row: QualificationRow, today: string): Qualification {
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    expiresOn: row.expiresOn,
    note: row.note,
    state: qualificationState(row.expiresOn, today),
    daysLeft: row.expiresOn === null ? null : daysUntil(row.expiresOn, today),
  };
}

/** Qualifications and platform codes of one supplier, or of all of them when `id` is null. */
function childrenOf(db: Db, id: number | null) {
  const qualifications = new Map<number, QualificationRow[]>();
  const codes = new Map<number, { profile: string; code: string }[]>();
  const qRows = prepared(
    db.$client,
    `SELECT id, supplier_id AS supplierId, kind, number, expires_on AS expiresOn, note FROM supplier_qualifications
     WHERE @id IS NULL OR supplier_id = @id ORDER BY supplier_id, id`,
  ).all({ id }) as QualificationRow[];
  for (const q of qRows) qualifications.set(q.supplierId, [...(qualifications.get(q.supplierId) ?? []), q]);
  const cRows = prepared(
    db.$client,
    'SELECT supplier_id AS supplierId, profile, code FROM supplier_platform_codes WHERE @id IS NULL OR supplier_id = @id ORDER BY supplier_id, profile',
  ).all({ id }) as { supplierId: number; profile: string; code: string }[];
  for (const c of cRows) codes.set(c.supplierId, [...(codes.get(c.supplierId) ?? []), { profile: c.profile, code: c.code }]);
  return { qualifications, codes };
}

function qualificationLine(q: Qualification): string {
  const until = q.expiresOn === null ? '长期' : `至 ${q.expiresOn}`;
  return `${QUALIFICATION_KIND_LABELS[q.kind]} ${q.number}（${until}）`;
}

function alertLine(qualifications: Qualification[]): string {
  return qualifications
    .filter((q) => q.state !== 'valid')
    .map((q) => `${QUALIFICATION_KIND_LABELS[q.kind]}${q.state === 'expired' ? '已过期' : ` ${q.daysLeft} 天后到期`}`)
    .join('；');
}

function toSupplier(row: SupplierRow, qualificationRows: QualificationRow[], platformCodes: { profile: string; code: string }[], today: string): Supplier {
  const qualifications = qualificationRows.map((q) => toQualification(q, today));
  const alert = qualifications.reduce<QualificationState>((worst, q) => (WORST[q.state] > WORST[worst] ? q.state : worst), 'valid');
  return {
    id: row.id,
    name: row.name,
    uscc: row.uscc,
    kind: row.kind,
    sme: row.sme === 1,
    bankName: row.bankName,
    bankAccountName: row.bankAccountName,
    bankAccountNo: row.bankAccountNo,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    address: row.address,
    note: row.note,
    active: row.active === 1,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    qualifications,
    platformCodes,
    alert,
    alertText: alertLine(qualifications),
    kindLabel: SUPPLIER_KIND_LABELS[row.kind],
    smeLabel: row.sme === 1 ? '是' : '否',
    activeLabel: row.active === 1 ? '在用' : '停用',
    qualificationText: qualifications.map(qualificationLine).join('；'),
  };
}

/** One supplier with its qualifications (state as of `today`) and platform codes. */
export function getSupplier(db: Db, id: number, today: string): Supplier {
  const row = supplierRow(db, id);
  const { qualifications, codes } = childrenOf(db, id);
  return toSupplier(row, qualifications.get(id) ?? [], codes.get(id) ?? [], today);
}

export function listSuppliers(db: Db, rows: SupplierRow[], today: string): Supplier[] {
  const { qualifications, codes } = childrenOf(db, null);
  return rows.map((row) => toSupplier(row, qualifications.get(row.id) ?? [], codes.get(row.id) ?? [], today));
}
