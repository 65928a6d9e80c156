/**
 * The database schema (drizzle). Migrations are generated from this file with `npm run db:generate`
 * and committed; every table is STRICT (scripts/strict-migrations.ts adds the keyword).
 *
 * Conventions: integer ids; times as ISO-8601 UTC text; booleans as 0/1 integers; money as integer
 * micro-yuan; quantities as integer base units.
 */
import { index, integer, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

/** 医共体: exactly one row (id = 1), written by the setup wizard. */
export const community = sqliteTable('community', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  /** 医疗机构代码: the single procurement account on the provincial platform. */
  institutionCode: text('institution_code').notNull(),
  bankName: text('bank_name').notNull(),
  bankAccountName: text('bank_account_name').notNull(),
  bankAccountNo: text('bank_account_no').notNull(),
  leadUnitId: integer('lead_unit_id').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** 成员单位, including the lead hospital (总医院). */
export const units = sqliteTable(
  'units',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    level: text('level').notNull(),
    parentId: integer('parent_id').references((): AnySQLiteColumn => units.id),
    uscc: text('uscc').notNull().default(''),
    insuranceCode: text('insurance_code').notNull().default(''),
    address: text('address').notNull().default(''),
    contactName: text('contact_name').notNull().default(''),
    contactPhone: text('contact_phone').notNull().default(''),
    isLead: integer('is_lead').notNull().default(0),
    active: integer('active').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('units_code_uq').on(t.code), index('units_parent_idx').on(t.parentId)],
);

/** 库房: each unit has one or more; the lead hospital's central store (中心药库) is flagged. */
export const stores = sqliteTable(
  'stores',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    isCentral: integer('is_central').notNull().default(0),
    active: integer('active').notNull().default(1),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('stores_code_uq').on(t.code), index('stores_unit_idx').on(t.unitId)],
);

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    /** argon2id PHC string. */
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: integer('must_change_password').notNull().default(0),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedUntil: text('locked_until'),
    active: integer('active').notNull().default(1),
    lastLoginAt: text('last_login_at'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('users_username_uq').on(t.username)],
);

/** Server-side sessions. The cookie carries a random token; only its sha256 is stored. */
export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: text('created_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    clientAddress: text('client_address').notNull().default(''),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Append-only, hash-chained audit log: hash = sha256(prevHash + canonical JSON of the entry).
 * Triggers in the migration refuse UPDATE and DELETE; `audit verify` catches edits made around them.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey(),
    at: text('at').notNull(),
    userId: integer('user_id'),
    username: text('username').notNull(),
    unitId: integer('unit_id'),
    operation: text('operation').notNull(),
    target: text('target').notNull(),
    /** JSON: what changed. */
    summary: text('summary').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_operation_idx').on(t.operation)],
);

/**
 * 统一用药目录 — the formulary, in the minimal form the foundation seeds; the formulary issue extends it.
 * One row is one pack presentation (品规), keyed by its 医保代码.
 */
export const formularyItems = sqliteTable(
  'formulary_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    insuranceCode: text('insurance_code').notNull(),
    genericName: text('generic_name').notNull(),
    tradeName: text('trade_name').notNull().default(''),
    dosageForm: text('dosage_form').notNull(),
    spec: text('spec').notNull(),
    packMaterial: text('pack_material').notNull().default(''),
    /** 最小制剂单位, e.g. 片 */
    baseUnit: text('base_unit').notNull(),
    /** 最小包装单位, e.g. 盒 */
    packUnit: text('pack_unit').notNull(),
    /** base units per pack */
    packFactor: integer('pack_factor').notNull(),
    manufacturer: text('manufacturer').notNull(),
    approvalNo: text('approval_no').notNull().default(''),
    standardCode: text('standard_code').notNull().default(''),
    holder: text('holder').notNull().default(''),
    category: text('category').notNull(),
    insuranceClass: text('insurance_class').notNull().default(''),
    status: text('status').notNull().default('active'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('formulary_items_code_uq').on(t.insuranceCode)],
);
