/**
 * The database schema (drizzle). Migrations are generated from this file with `npm run db:generate`
 * and committed; every table is STRICT (scripts/strict-migrations.ts adds the keyword).
 *
 * Conventions: integer ids; times as ISO-8601 UTC text; booleans as 0/1 integers; money as integer
 * micro-yuan; quantities as integer base units.
 */
import { sql, type SQL } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

/*
 * Enumerated values, as the database enforces them (CHECK constraints).
 *
 * These lists are deliberately a second copy of the vocabularies in core/api (db/ may not import core/).
 * A CHECK constraint is frozen into a committed migration: widening a vocabulary always needs a new
 * migration anyway, so the database's copy changes only together with one. test/unit/schema-enums.test.ts
 * fails as soon as the two copies differ, which is what makes the duplication safe.
 */
export const DB_ROLES = ['admin', 'pharmacy_officer', 'storekeeper', 'finance', 'member_pharmacist', 'auditor'] as const;
export const DB_UNIT_KINDS = ['county_hospital', 'township_hospital', 'community_center', 'village_clinic'] as const;
export const DB_UNIT_LEVELS = ['county', 'township', 'village'] as const;
export const DB_ITEM_CATEGORIES = ['western', 'chinese_patent', 'herbal', 'consumable', 'reagent', 'preparation'] as const;
export const DB_INSURANCE_CLASSES = ['', 'A', 'B', 'C'] as const;
export const DB_CONTROLLED_CLASSES = ['', 'narcotic', 'psychotropic1', 'psychotropic2', 'toxic', 'radioactive', 'precursor'] as const;
export const DB_ANTIBACTERIAL_TIERS = ['', 'unrestricted', 'restricted', 'special'] as const;
export const DB_ITEM_STATUSES = ['active', 'suspended', 'retired'] as const;
export const DB_PRICE_KINDS = ['listed', 'limit', 'negotiated', 'vbp'] as const;
export const DB_CHANGE_KINDS = ['add', 'change', 'suspend', 'resume', 'retire', 'levels', 'batch'] as const;
export const DB_CHANGE_STATUSES = ['submitted', 'approved', 'rejected', 'withdrawn'] as const;
/** The kinds of row inside a batch change request (a spreadsheet import, the initial formulary). */
export const DB_BATCH_ROW_KINDS = ['add', 'change'] as const;
/** Document number prefixes (core/api/documents.ts DOCUMENT_SERIES). */
export const DB_DOCUMENT_SERIES = ['ML', 'CG', 'RK', 'TH', 'BS', 'QT', 'QL', 'DB', 'FH', 'FP', 'FK'] as const;

/** `column IN ('a', 'b')` — the values are our own literals above, never user input. */
const oneOf = (column: string, values: readonly string[]): SQL =>
  sql.raw(`"${column}" IN (${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')})`);
const flag = (column: string): SQL => sql.raw(`"${column}" IN (0, 1)`);
const nonNegative = (column: string): SQL => sql.raw(`"${column}" >= 0`);

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
  (t) => [
    uniqueIndex('units_code_uq').on(t.code),
    index('units_parent_idx').on(t.parentId),
    check('units_kind_ck', oneOf('kind', DB_UNIT_KINDS)),
    check('units_level_ck', oneOf('level', DB_UNIT_LEVELS)),
    check('units_is_lead_ck', flag('is_lead')),
    check('units_active_ck', flag('active')),
  ],
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
  (t) => [
    uniqueIndex('stores_code_uq').on(t.code),
    index('stores_unit_idx').on(t.unitId),
    check('stores_is_central_ck', flag('is_central')),
    check('stores_active_ck', flag('active')),
  ],
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
  (t) => [
    uniqueIndex('users_username_uq').on(t.username),
    check('users_role_ck', oneOf('role', DB_ROLES)),
    check('users_must_change_password_ck', flag('must_change_password')),
    check('users_failed_attempts_ck', nonNegative('failed_attempts')),
    check('users_active_ck', flag('active')),
  ],
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
 * 统一用药目录 — one row per pack presentation (品规). Identity fields, pack levels, flags and level
 * availability; prices, platform identities and history live in their own tables.
 */
export const formularyItems = sqliteTable(
  'formulary_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** 目录编码, e.g. YP000123 */
    code: text('code').notNull(),
    insuranceCode: text('insurance_code').notNull().default(''),
    genericName: text('generic_name').notNull(),
    tradeName: text('trade_name').notNull().default(''),
    dosageForm: text('dosage_form').notNull().default(''),
    spec: text('spec').notNull(),
    packMaterial: text('pack_material').notNull().default(''),
    manufacturer: text('manufacturer').notNull(),
    holder: text('holder').notNull().default(''),
    approvalNo: text('approval_no').notNull().default(''),
    standardCode: text('standard_code').notNull().default(''),
    category: text('category').notNull(),
    /** 最小制剂单位, e.g. 片 */
    baseUnit: text('base_unit').notNull(),
    /** JSON [{unit, factor}] from the smallest pack up; factor = count of the level below. */
    packs: text('packs').notNull().default('[]'),
    purchaseUnit: text('purchase_unit').notNull(),
    issueUnit: text('issue_unit').notNull(),
    essential: integer('essential').notNull().default(0),
    insuranceClass: text('insurance_class').notNull().default(''),
    highAlert: integer('high_alert').notNull().default(0),
    controlledClass: text('controlled_class').notNull().default(''),
    antibacterialTier: text('antibacterial_tier').notNull().default(''),
    coldChain: integer('cold_chain').notNull().default(0),
    storageTempMin: integer('storage_temp_min'),
    storageTempMax: integer('storage_temp_max'),
    highValue: integer('high_value').notNull().default(0),
    udiDi: text('udi_di').notNull().default(''),
    preparationUnitId: integer('preparation_unit_id').references(() => units.id),
    /** JSON of the 集采 terms {batch, agreedPriceMicro, annualVolume, unitVolumes} or null. */
    vbp: text('vbp'),
    levelCounty: integer('level_county').notNull().default(1),
    levelTownship: integer('level_township').notNull().default(1),
    levelVillage: integer('level_village').notNull().default(0),
    status: text('status').notNull().default('active'),
    /** Search keys derived from the names: 拼音首字母 and full pinyin. */
    pinyinInitials: text('pinyin_initials').notNull().default(''),
    pinyinFull: text('pinyin_full').notNull().default(''),
    /** The formulary version that last changed this item. */
    version: integer('version').notNull().default(0),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('formulary_items_code_uq').on(t.code),
    // One 医保代码 is one pack presentation; items without one (院内制剂) are exempt.
    uniqueIndex('formulary_items_insurance_code_uq').on(t.insuranceCode).where(sql`insurance_code <> ''`),
    index('formulary_items_status_idx').on(t.status),
    check('formulary_items_category_ck', oneOf('category', DB_ITEM_CATEGORIES)),
    check('formulary_items_insurance_class_ck', oneOf('insurance_class', DB_INSURANCE_CLASSES)),
    check('formulary_items_controlled_class_ck', oneOf('controlled_class', DB_CONTROLLED_CLASSES)),
    check('formulary_items_antibacterial_tier_ck', oneOf('antibacterial_tier', DB_ANTIBACTERIAL_TIERS)),
    check('formulary_items_status_ck', oneOf('status', DB_ITEM_STATUSES)),
    check('formulary_items_essential_ck', flag('essential')),
    check('formulary_items_high_alert_ck', flag('high_alert')),
    check('formulary_items_cold_chain_ck', flag('cold_chain')),
    check('formulary_items_high_value_ck', flag('high_value')),
    check('formulary_items_level_county_ck', flag('level_county')),
    check('formulary_items_level_township_ck', flag('level_township')),
    check('formulary_items_level_village_ck', flag('level_village')),
    check('formulary_items_version_ck', nonNegative('version')),
    check('formulary_items_packs_ck', sql.raw(`json_valid("packs") AND json_type("packs") = 'array'`)),
  ],
);

/** Prices with history: never updated; the current price of a kind is the latest effective one. */
export const itemPrices = sqliteTable(
  'item_prices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id')
      .notNull()
      .references(() => formularyItems.id),
    /** listed 挂网价 / limit 限价 / negotiated 议价 / vbp 集采价 */
    kind: text('kind').notNull(),
    /** micro-yuan per `unit` */
    priceMicro: integer('price_micro').notNull(),
    /** The pack the price was quoted in (the item's purchase unit at the time) … */
    unit: text('unit').notNull(),
    /** … and how many base units that pack held then. Kept, so a price never silently changes meaning. */
    packFactor: integer('pack_factor').notNull(),
    effectiveFrom: text('effective_from').notNull(),
    note: text('note').notNull().default(''),
    recordedAt: text('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [
    index('item_prices_item_kind_idx').on(t.itemId, t.kind, t.effectiveFrom),
    check('item_prices_kind_ck', oneOf('kind', DB_PRICE_KINDS)),
    check('item_prices_price_micro_ck', nonNegative('price_micro')),
    check('item_prices_pack_factor_ck', sql.raw(`"pack_factor" > 0`)),
  ],
);

/** The item's identity on a purchasing platform, and the distributors allowed there. */
export const itemPlatformIds = sqliteTable(
  'item_platform_ids',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => formularyItems.id),
    profile: text('profile').notNull(),
    productId: text('product_id').notNull(),
    /** JSON [{name, code}] */
    distributors: text('distributors').notNull().default('[]'),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.profile] })],
);

/** Numbered formulary versions; version N is the state after its change was applied. */
export const formularyVersions = sqliteTable('formulary_versions', {
  version: integer('version').primaryKey(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  note: text('note').notNull(),
  changeRequestId: integer('change_request_id'),
});

/** Each item's full state as of each version that changed it (JSON of the item fields and status). */
export const formularyItemHistory = sqliteTable(
  'formulary_item_history',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => formularyItems.id),
    version: integer('version')
      .notNull()
      .references(() => formularyVersions.version),
    snapshot: text('snapshot').notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.version] }), index('formulary_item_history_version_idx').on(t.version)],
);

/** 目录变更申请: proposed by a member pharmacist or the pharmacy officer, decided by the 药事会. */
export const formularyChangeRequests = sqliteTable(
  'formulary_change_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    number: text('number').notNull(),
    kind: text('kind').notNull(),
    itemId: integer('item_id').references(() => formularyItems.id),
    /** JSON of the proposed item fields (add/change) or levels. */
    proposal: text('proposal'),
    reason: text('reason').notNull(),
    status: text('status').notNull(),
    /** Null when the system proposed it (an import from the CLI, the demo seed): see the audit entry. */
    proposedBy: integer('proposed_by').references(() => users.id),
    proposerUnitId: integer('proposer_unit_id')
      .notNull()
      .references(() => units.id),
    proposedAt: text('proposed_at').notNull(),
    resolutionNo: text('resolution_no'),
    resolutionDate: text('resolution_date'),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: text('decided_at'),
    decisionNote: text('decision_note').notNull().default(''),
    appliedVersion: integer('applied_version'),
    /**
     * For `change`, `levels` and status requests: the item's version when the request was proposed, so a
     * decision can tell that the item was changed since (and not silently revert that change).
     */
    baseVersion: integer('base_version'),
    /** Display name of the system actor that proposed it, when proposed_by is null. */
    proposedBySystem: text('proposed_by_system'),
  },
  (t) => [
    uniqueIndex('formulary_change_requests_number_uq').on(t.number),
    index('formulary_change_requests_status_idx').on(t.status),
    check('formulary_change_requests_kind_ck', oneOf('kind', DB_CHANGE_KINDS)),
    check('formulary_change_requests_status_ck', oneOf('status', DB_CHANGE_STATUSES)),
    check('formulary_change_requests_proposer_ck', sql.raw(`"proposed_by" IS NOT NULL OR "proposed_by_system" IS NOT NULL`)),
  ],
);

/** The rows of a batch change request (an import, the initial formulary): one item added or changed each. */
export const formularyChangeRequestRows = sqliteTable(
  'formulary_change_request_rows',
  {
    requestId: integer('request_id')
      .notNull()
      .references(() => formularyChangeRequests.id),
    line: integer('line').notNull(),
    kind: text('kind').notNull(),
    /** The changed item; for an addition, the item created once approved. */
    itemId: integer('item_id').references(() => formularyItems.id),
    /** JSON of the item fields. */
    proposal: text('proposal').notNull(),
    /** The item's version when proposed (changes only). */
    baseVersion: integer('base_version'),
    /** Row number in the source spreadsheet, as Excel shows it. */
    sourceRow: integer('source_row'),
  },
  (t) => [
    primaryKey({ columns: [t.requestId, t.line] }),
    index('formulary_change_request_rows_item_idx').on(t.itemId),
    check('formulary_change_request_rows_kind_ck', oneOf('kind', DB_BATCH_ROW_KINDS)),
    check('formulary_change_request_rows_line_ck', sql.raw(`"line" > 0`)),
  ],
);

/** Gap-free document numbers per series and year (ML2026-000001), taken inside the command's transaction. */
export const numberSeries = sqliteTable(
  'number_series',
  {
    series: text('series').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.series, t.year] })],
);

/** 医保药品分类与代码数据库 (总表): the reference dictionary, one row per code. */
export const dictionaryEntries = sqliteTable(
  'dictionary_entries',
  {
    code: text('code').primaryKey(),
    source: text('source').notNull().default(''),
    registeredName: text('registered_name').notNull().default(''),
    tradeName: text('trade_name').notNull().default(''),
    registeredDosageForm: text('registered_dosage_form').notNull().default(''),
    dosageForm: text('dosage_form').notNull().default(''),
    registeredSpec: text('registered_spec').notNull().default(''),
    spec: text('spec').notNull().default(''),
    packMaterial: text('pack_material').notNull().default(''),
    minPackQuantity: text('min_pack_quantity').notNull().default(''),
    baseUnit: text('base_unit').notNull().default(''),
    packUnit: text('pack_unit').notNull().default(''),
    company: text('company').notNull().default(''),
    repackager: text('repackager').notNull().default(''),
    manufacturer: text('manufacturer').notNull().default(''),
    approvalNo: text('approval_no').notNull().default(''),
    formerApprovalNo: text('former_approval_no').notNull().default(''),
    standardCode: text('standard_code').notNull().default(''),
    holder: text('holder').notNull().default(''),
    marketStatus: text('market_status').notNull().default(''),
    insuranceName: text('insurance_name').notNull().default(''),
    insuranceClass: text('insurance_class').notNull().default(''),
    insuranceDosageForm: text('insurance_dosage_form').notNull().default(''),
    serialNo: text('serial_no').notNull().default(''),
    remark: text('remark').notNull().default(''),
    formerCode: text('former_code').notNull().default(''),
    /** 0 once a newer edition no longer lists the code. */
    present: integer('present').notNull().default(1),
    edition: text('edition').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('dictionary_entries_standard_code_idx').on(t.standardCode),
    index('dictionary_entries_approval_no_idx').on(t.approvalNo),
    check('dictionary_entries_present_ck', flag('present')),
  ],
);

/** Dictionary editions imported, newest last. */
export const dictionaryImports = sqliteTable('dictionary_imports', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  edition: text('edition').notNull(),
  filename: text('filename').notNull(),
  importedAt: text('imported_at').notNull(),
  importedBy: text('imported_by').notNull(),
  added: integer('added').notNull(),
  changed: integer('changed').notNull(),
  unchanged: integer('unchanged').notNull(),
  gone: integer('gone').notNull(),
});

/** An uploaded spreadsheet, parsed to text cells, waiting for mapping, preview and commit. */
export const importUploads = sqliteTable('import_uploads', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  filename: text('filename').notNull(),
  encoding: text('encoding').notNull(),
  /** JSON [{name, rows: string[][]}] */
  sheets: text('sheets').notNull(),
  /** The user who uploaded it; null for the hub's system actor (the CLI). */
  uploadedBy: integer('uploaded_by').references(() => users.id),
  uploadedAt: text('uploaded_at').notNull(),
});

/** Saved column mappings: field → source header text. */
export const importMappings = sqliteTable('import_mappings', {
  name: text('name').primaryKey(),
  headerRow: integer('header_row'),
  mapping: text('mapping').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** Hub-wide settings, one value per name (e.g. the one-time setup code). */
export const hubSettings = sqliteTable('hub_settings', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/*
 * The document lifecycle (core/documents/). Every document type (采购订单, 入库验收单, 退货单 …) has ONE row
 * here — its header for the lifecycle: type, number, state, optimistic version, whether it is posted, the
 * document it reverses — and its own tables for its fields and lines, keyed by `document_id`.
 *
 * Immutability is enforced by triggers written by hand in 0003_documents.sql (drizzle-kit cannot express
 * them): a posted header may change only `state`, `version`, `updated_at` and `updated_by` (the lifecycle's
 * own columns, e.g. 已过账 → 已冲销), and `posted` never goes back to 0; documents are never deleted. A
 * document type's own header and line tables get the same protection from the template in
 * core/documents/immutability.ts (`postedRowTriggers`), pasted into the migration that adds the table.
 */
export const documents = sqliteTable(
  'documents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The declared document type, e.g. `purchase_order`. */
    type: text('type').notNull(),
    series: text('series').notNull(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    /** series ‖ year ‖ '-' ‖ six digits: CG2026-000001. */
    number: text('number').notNull(),
    state: text('state').notNull(),
    version: integer('version').notNull(),
    /** 1 once the document entered a posted state; never back to 0. */
    posted: integer('posted').notNull().default(0),
    /** The original this document reverses (冲销), if it is a reversal. */
    reversesId: integer('reverses_id').references((): AnySQLiteColumn => documents.id),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    createdByUserId: integer('created_by_user_id').references(() => users.id),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [
    uniqueIndex('documents_number_uq').on(t.number),
    uniqueIndex('documents_series_year_seq_uq').on(t.series, t.year, t.seq),
    uniqueIndex('documents_reverses_uq').on(t.reversesId),
    index('documents_type_state_idx').on(t.type, t.state),
    check('documents_series_ck', oneOf('series', DB_DOCUMENT_SERIES)),
    check('documents_year_ck', sql.raw(`"year" BETWEEN 2000 AND 9999`)),
    check('documents_seq_ck', sql.raw(`"seq" BETWEEN 1 AND 999999`)),
    check('documents_number_ck', sql.raw(`"number" = "series" || "year" || '-' || printf('%06d', "seq")`)),
    check('documents_type_ck', sql.raw(`"type" GLOB '[a-z]*' AND "type" NOT GLOB '*[^a-z_]*'`)),
    check('documents_state_ck', sql.raw(`"state" GLOB '[a-z]*' AND "state" NOT GLOB '*[^a-z_]*'`)),
    check('documents_version_ck', sql.raw(`"version" >= 1`)),
    check('documents_posted_ck', flag('posted')),
    check('documents_reverses_ck', sql.raw(`"reverses_id" IS NULL OR "reverses_id" <> "id"`)),
  ],
);

/** Every lifecycle step of a document, append-only: its creation (version 1) and each transition. */
export const documentEvents = sqliteTable(
  'document_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    /** The document's version after this step. */
    version: integer('version').notNull(),
    /** The declared transition, or `create`. */
    transition: text('transition').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actorName: text('actor_name').notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id),
    at: text('at').notNull(),
    reason: text('reason'),
  },
  (t) => [
    uniqueIndex('document_events_document_version_uq').on(t.documentId, t.version),
    check('document_events_version_ck', sql.raw(`"version" >= 1`)),
    check('document_events_from_ck', sql.raw(`("transition" = 'create') = ("from_state" IS NULL)`)),
  ],
);

/** 请求号: one row per posting command a client sent, so that the same request posts once. Append-only. */
export const documentRequests = sqliteTable(
  'document_requests',
  {
    requestId: text('request_id').primaryKey(),
    operation: text('operation').notNull(),
    actorName: text('actor_name').notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id),
    documentId: integer('document_id').references(() => documents.id),
    /** The first answer, as JSON; a repeated request gets it back. */
    result: text('result').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('document_requests_document_idx').on(t.documentId),
    check('document_requests_id_ck', sql.raw(`length("request_id") BETWEEN 8 AND 64`)),
    check('document_requests_result_ck', sql.raw(`json_valid("result")`)),
  ],
);
