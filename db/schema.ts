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
export const DB_DOCUMENT_SERIES = ['ML', 'CG', 'RK', 'TH', 'BS', 'QT', 'QL', 'DB', 'FH', 'FP', 'FK', 'TK', 'PD', 'CK', 'ZH', 'JS'] as const;

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
    /** 药品标识码: the 7-digit prefix of the item's 追溯码, learned from its first accepted code or set by hand. */
    tracePrefix: text('trace_prefix').notNull().default(''),
    /** The pack that carries one 追溯码 (e.g. 盒); '' = not traced per box (no count check at receipt). */
    tracePack: text('trace_pack').notNull().default(''),
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

/*
 * Buying and the stock ledger (issue 7): suppliers, the stock ledger (locations, batches, append-only moves,
 * balances, trace codes), and the document types that post to it (采购订单, 入库验收单, 退货/报损/其他出入库).
 * Hand-written triggers in 0004_buying_stock.sql: moves and trace codes append-only, batches change only their
 * status, each document type's tables immutable once posted (postedRowTriggers), a location for every store.
 */
export const DB_SUPPLIER_KINDS = ['distributor', 'manufacturer'] as const;
export const DB_QUALIFICATION_KINDS = [
  'business_licence',
  'drug_trade_licence',
  'drug_production_licence',
  'device_trade_licence',
  'gsp',
  'authorization',
] as const;
export const DB_LOCATION_KINDS = ['store', 'transit'] as const;
export const DB_BATCH_STATUSES = ['normal', 'on_hold', 'recalled'] as const;
/** 医保 3502 inv_chg_type. */
export const DB_CHANGE_TYPES = ['101', '102', '103', '104', '105', '106', '107', '108', '109', '110', '111'] as const;
export const DB_ORDER_CHANNELS = ['platform', 'offline', 'emergency'] as const;
export const DB_RECEIPT_CONCLUSIONS = ['accepted', 'partial', 'rejected'] as const;
export const DB_ADJUSTMENT_KINDS = ['return', 'loss', 'other_in', 'other_out'] as const;

/** 供应商 / 配送企业. Never deleted (`active` = 0 stops new orders). */
export const suppliers = sqliteTable(
  'suppliers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    /** 统一社会信用代码, checked (GB 32100-2015). */
    uscc: text('uscc').notNull(),
    kind: text('kind').notNull(),
    /** 中小企业: payment deadlines of 保障中小企业款项支付条例. */
    sme: integer('sme').notNull().default(0),
    bankName: text('bank_name').notNull().default(''),
    bankAccountName: text('bank_account_name').notNull().default(''),
    bankAccountNo: text('bank_account_no').notNull().default(''),
    contactName: text('contact_name').notNull().default(''),
    contactPhone: text('contact_phone').notNull().default(''),
    address: text('address').notNull().default(''),
    note: text('note').notNull().default(''),
    active: integer('active').notNull().default(1),
    /** Optimistic version of the record. */
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('suppliers_uscc_uq').on(t.uscc),
    check('suppliers_kind_ck', oneOf('kind', DB_SUPPLIER_KINDS)),
    check('suppliers_sme_ck', flag('sme')),
    check('suppliers_active_ck', flag('active')),
    check('suppliers_version_ck', sql.raw(`"version" >= 1`)),
  ],
);

/** The supplier's code on a purchasing platform profile (`delventpCode`: opaque, platform-specific). */
export const supplierPlatformCodes = sqliteTable(
  'supplier_platform_codes',
  {
    supplierId: integer('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    profile: text('profile').notNull(),
    code: text('code').notNull(),
  },
  (t) => [primaryKey({ columns: [t.supplierId, t.profile] }), check('supplier_platform_codes_code_ck', sql.raw(`length("code") > 0`))],
);

/** 首营资料: the supplier's licences with numbers and expiry dates (NULL = 长期有效). */
export const supplierQualifications = sqliteTable(
  'supplier_qualifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    supplierId: integer('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    kind: text('kind').notNull(),
    number: text('number').notNull(),
    /** YYYY-MM-DD, the last day it is valid; NULL = 长期. */
    expiresOn: text('expires_on'),
    note: text('note').notNull().default(''),
  },
  (t) => [
    uniqueIndex('supplier_qualifications_kind_uq').on(t.supplierId, t.kind),
    check('supplier_qualifications_kind_ck', oneOf('kind', DB_QUALIFICATION_KINDS)),
    check('supplier_qualifications_expires_ck', sql.raw(`"expires_on" IS NULL OR "expires_on" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`)),
  ],
);

/** Where stock can be: every store (a row per store, made by trigger) and in-transit locations for shipments. */
export const stockLocations = sqliteTable(
  'stock_locations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    /** The store, for kind `store`. */
    storeId: integer('store_id').references(() => stores.id),
    /** The unit that holds the stock: the store's unit, or the receiving unit of goods in transit. */
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    name: text('name').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('stock_locations_store_uq').on(t.storeId),
    /** One in-transit location per receiving unit (0005). */
    uniqueIndex('stock_locations_transit_uq').on(t.unitId).where(sql`kind = 'transit'`),
    index('stock_locations_unit_idx').on(t.unitId),
    check('stock_locations_kind_ck', oneOf('kind', DB_LOCATION_KINDS)),
    check('stock_locations_store_ck', sql.raw(`("kind" = 'store') = ("store_id" IS NOT NULL)`)),
  ],
);

/**
 * A batch as bought: item, 批号, dates, the cost per the pack it was bought in (and that pack's factor), the
 * supplier. Only `status` ever changes (正常 / 冻结 / 召回), enforced by trigger.
 */
export const stockBatches = sqliteTable(
  'stock_batches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id')
      .notNull()
      .references(() => formularyItems.id),
    batchNo: text('batch_no').notNull(),
    productionDate: text('production_date'),
    /** 有效期至, a full date YYYY-MM-DD. */
    expiry: text('expiry').notNull(),
    costMicro: integer('cost_micro').notNull(),
    costUnit: text('cost_unit').notNull(),
    costPackFactor: integer('cost_pack_factor').notNull(),
    supplierId: integer('supplier_id').references(() => suppliers.id),
    status: text('status').notNull().default('normal'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('stock_batches_item_batch_idx').on(t.itemId, t.batchNo),
    index('stock_batches_expiry_idx').on(t.expiry),
    check('stock_batches_status_ck', oneOf('status', DB_BATCH_STATUSES)),
    check('stock_batches_cost_ck', nonNegative('cost_micro')),
    check('stock_batches_factor_ck', sql.raw(`"cost_pack_factor" > 0`)),
    check('stock_batches_expiry_ck', sql.raw(`"expiry" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`)),
    check('stock_batches_batch_no_ck', sql.raw(`length("batch_no") > 0`)),
  ],
);

/**
 * The stock ledger: append-only moves (triggers refuse UPDATE and DELETE). `quantity` base units leave
 * `from_location_id` (NULL: from outside — a supplier, a count gain) and arrive at `to_location_id` (NULL: to
 * outside); a correction is a reversing move (same locations, negated quantity, `reverses_move_id`). No running
 * balance is stored here: balances live in `stock_balances`, updated in the same transaction.
 */
export const stockMoves = sqliteTable(
  'stock_moves',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id')
      .notNull()
      .references(() => formularyItems.id),
    batchId: integer('batch_id')
      .notNull()
      .references(() => stockBatches.id),
    fromLocationId: integer('from_location_id').references(() => stockLocations.id),
    toLocationId: integer('to_location_id').references(() => stockLocations.id),
    quantity: integer('quantity').notNull(),
    /** 医保 3502 inv_chg_type (101–111). */
    changeType: text('change_type').notNull(),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    /** The line of the document type's own line table. */
    documentLineId: integer('document_line_id'),
    reversesMoveId: integer('reverses_move_id').references((): AnySQLiteColumn => stockMoves.id),
    at: text('at').notNull(),
    actorName: text('actor_name').notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id),
  },
  (t) => [
    // The ledger card's walks: newest first per item, or per location and item, covering what the running balance needs.
    index('stock_moves_item_idx').on(t.itemId, t.id, t.fromLocationId, t.toLocationId, t.quantity),
    index('stock_moves_from_idx').on(t.fromLocationId, t.itemId, t.id, t.toLocationId, t.quantity),
    index('stock_moves_to_idx').on(t.toLocationId, t.itemId, t.id, t.fromLocationId, t.quantity),
    index('stock_moves_batch_idx').on(t.batchId),
    index('stock_moves_document_idx').on(t.documentId),
    index('stock_moves_type_at_idx').on(t.changeType, t.at),
    /** A move is reversed at most once. */
    uniqueIndex('stock_moves_reverses_uq').on(t.reversesMoveId).where(sql`reverses_move_id IS NOT NULL`),
    check('stock_moves_quantity_ck', sql.raw(`"quantity" <> 0`)),
    check('stock_moves_change_type_ck', oneOf('change_type', DB_CHANGE_TYPES)),
    check('stock_moves_locations_ck', sql.raw(`("from_location_id" IS NOT NULL OR "to_location_id" IS NOT NULL) AND "from_location_id" IS NOT "to_location_id"`)),
  ],
);

/** On hand per (batch, location) — item kept for the indexes; = Σ moves in − Σ moves out, never below zero. */
export const stockBalances = sqliteTable(
  'stock_balances',
  {
    batchId: integer('batch_id')
      .notNull()
      .references(() => stockBatches.id),
    locationId: integer('location_id')
      .notNull()
      .references(() => stockLocations.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => formularyItems.id),
    quantity: integer('quantity').notNull(),
    /** Reserved by allocations not yet shipped (distribution); never more than on hand. */
    reserved: integer('reserved').notNull().default(0),
    /**
     * The batch's 有效期至, copied (0005) — a batch's expiry never changes — so that first-expiry-first allocation
     * walks (item, location, expiry) in an index and stops when the line is filled, whatever else is on hand.
     */
    expiry: text('expiry').notNull().default(''),
  },
  (t) => [
    primaryKey({ columns: [t.batchId, t.locationId] }),
    index('stock_balances_item_location_idx').on(t.itemId, t.locationId),
    index('stock_balances_fefo_idx').on(t.itemId, t.locationId, t.expiry, t.batchId),
    index('stock_balances_location_idx').on(t.locationId, t.itemId),
    check('stock_balances_quantity_ck', nonNegative('quantity')),
    check('stock_balances_reserved_ck', sql.raw(`"reserved" >= 0 AND "reserved" <= "quantity"`)),
  ],
);

/**
 * 追溯码 received into the community: a code is received once (unique while not reversed). Append-only, except
 * that a reversal of its receipt sets `reversed_document_id` once.
 */
export const traceCodes = sqliteTable(
  'trace_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull(),
    itemId: integer('item_id')
      .notNull()
      .references(() => formularyItems.id),
    batchId: integer('batch_id')
      .notNull()
      .references(() => stockBatches.id),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    documentLineId: integer('document_line_id').notNull(),
    at: text('at').notNull(),
    reversedDocumentId: integer('reversed_document_id').references(() => documents.id),
  },
  (t) => [
    uniqueIndex('trace_codes_code_uq').on(t.code).where(sql`reversed_document_id IS NULL`),
    index('trace_codes_batch_idx').on(t.batchId),
    index('trace_codes_document_idx').on(t.documentId),
    check('trace_codes_code_ck', sql.raw(`length("code") BETWEEN 8 AND 80`)),
  ],
);

/** 采购订单 — header fields; the lifecycle header is in `documents`. */
export const purchaseOrders = sqliteTable(
  'purchase_orders',
  {
    documentId: integer('document_id')
      .primaryKey()
      .references(() => documents.id),
    supplierId: integer('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    /** The receiving store: the central store, or a member's store for 直配. */
    storeId: integer('store_id')
      .notNull()
      .references(() => stores.id),
    /** platform 平台采购 / offline 线下采购 / emergency 应急采购 (the last two: reason and second approver). */
    channel: text('channel').notNull().default('platform'),
    channelReason: text('channel_reason').notNull().default(''),
    /** The platform profile the order is placed on (national, sichuan …), '' when none. */
    platformProfile: text('platform_profile').notNull().default(''),
    expectedOn: text('expected_on'),
    note: text('note').notNull().default(''),
  },
  (t) => [
    index('purchase_orders_supplier_idx').on(t.supplierId),
    index('purchase_orders_store_idx').on(t.storeId),
    check('purchase_orders_channel_ck', oneOf('channel', DB_ORDER_CHANNELS)),
  ],
);

/** 采购订单明细. Quantity in base units; price in micro-yuan per `pack_unit` of `pack_factor` base units. */
export const purchaseOrderLines = sqliteTable(
  'purchase_order_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    lineNo: integer('line_no').notNull(),
    itemId: integer('item_id')
      .notNull()
      .references(() => formularyItems.id),
    quantity: integer('quantity').notNull(),
    priceMicro: integer('price_micro').notNull(),
    packUnit: text('pack_unit').notNull(),
    packFactor: integer('pack_factor').notNull(),
    /** 集采 line. */
    vbp: integer('vbp').notNull().default(0),
    /** The ceiling (挂网价 / 限价) at ordering, and the officer's reason when the price is above it. */
    ceilingMicro: integer('ceiling_micro'),
    priceReason: text('price_reason').notNull().default(''),
    /** What the platform order needs: the item's platform id, the supplier's platform code, the platform pack. */
    platformProductId: text('platform_product_id').notNull().default(''),
    supplierPlatformCode: text('supplier_platform_code').notNull().default(''),
    platformQuantity: integer('platform_quantity'),
    /** hospPurcDetlId: our own line id, echoed back by the platform. */
    hospitalLineId: text('hospital_line_id').notNull(),
    memo: text('memo').notNull().default(''),
  },
  (t) => [
    uniqueIndex('purchase_order_lines_line_uq').on(t.documentId, t.lineNo),
    uniqueIndex('purchase_order_lines_hospital_line_uq').on(t.hospitalLineId),
    index('purchase_order_lines_item_idx').on(t.itemId),
    check('purchase_order_lines_quantity_ck', sql.raw(`"quantity" > 0`)),
    check('purchase_order_lines_price_ck', nonNegative('price_micro')),
    check('purchase_order_lines_factor_ck', sql.raw(`"pack_factor" > 0`)),
    check('purchase_order_lines_vbp_ck', flag('vbp')),
  ],
);

/** What the platform sent back for an order line (ordCode, ordDetlId, line state); latest row wins. */
export const purchaseOrderPlatformFeedback = sqliteTable(
  'purchase_order_platform_feedback',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderLineId: integer('order_line_id')
      .notNull()
      .references(() => purchaseOrderLines.id),
    orderCode: text('order_code').notNull().default(''),
    platformLineId: text('platform_line_id').notNull().default(''),
    lineState: text('line_state').notNull().default(''),
    recordedAt: text('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [index('purchase_order_platform_feedback_line_idx').on(t.orderLineId, t.id)],
);

/** 入库验收单 — header fields. */
export const receipts = sqliteTable(
  'receipts',
  {
    documentId: integer('document_id')
      .primaryKey()
      .references(() => documents.id),
    supplierId: integer('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    storeId: integer('store_id')
      .notNull()
      .references(() => stores.id),
    /** The purchase order received against; NULL for an unplanned delivery (with `unplanned_reason`). */
    orderId: integer('order_id').references(() => documents.id),
    unplannedReason: text('unplanned_reason').notNull().default(''),
    arrivedOn: text('arrived_on').notNull(),
    note: text('note').notNull().default(''),
  },
  (t) => [
    index('receipts_order_idx').on(t.orderId),
    index('receipts_store_idx').on(t.storeId),
    index('receipts_supplier_idx').on(t.supplierId),
    check('receipts_planned_ck', sql.raw(`"order_id" IS NOT NULL OR length("unplanned_reason") > 0`)),
  ],
);

/** 入库验收单明细: one batch of one item as it arrived and was accepted. */
export const receiptLines = sqliteTable(
  'receipt_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    lineNo: integer('line_no').notNull(),
    orderLineId: integer('order_line_id').references(() => purchaseOrderLines.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => formularyItems.id),
    batchNo: text('batch_no').notNull(),
    productionDate: text('production_date'),
    expiry: text('expiry').notNull(),
    /** Base units: arrived = accepted + rejected. */
    arrivedQuantity: integer('arrived_quantity').notNull(),
    acceptedQuantity: integer('accepted_quantity').notNull(),
    rejectedQuantity: integer('rejected_quantity').notNull().default(0),
    rejectReason: text('reject_reason').notNull().default(''),
    priceMicro: integer('price_micro').notNull(),
    packUnit: text('pack_unit').notNull(),
    packFactor: integer('pack_factor').notNull(),
    deliveryNoteNo: text('delivery_note_no').notNull().default(''),
    distributorInvoiceNo: text('distributor_invoice_no').notNull().default(''),
    manufacturerInvoiceNo: text('manufacturer_invoice_no').notNull().default(''),
    /** JSON array of the scanned 追溯码 / UDI serials. */
    traceCodes: text('trace_codes').notNull().default('[]'),
    /** Cold-chain temperature on arrival, in tenths of a degree Celsius. */
    arrivalTempTenths: integer('arrival_temp_tenths'),
    conclusion: text('conclusion').notNull().default('accepted'),
    /** The reason a batch below the minimum remaining shelf life is accepted anyway. */
    shortExpiryReason: text('short_expiry_reason').notNull().default(''),
    inspectorName: text('inspector_name').notNull().default(''),
    inspectorUserId: integer('inspector_user_id').references(() => users.id),
    /** 双人验收 for 麻醉 / 精一 items. */
    secondInspectorName: text('second_inspector_name').notNull().default(''),
    secondInspectorUserId: integer('second_inspector_user_id').references(() => users.id),
    /** The batch the posting wrote. */
    batchId: integer('batch_id').references(() => stockBatches.id),
  },
  (t) => [
    uniqueIndex('receipt_lines_line_uq').on(t.documentId, t.lineNo),
    index('receipt_lines_order_line_idx').on(t.orderLineId),
    index('receipt_lines_item_idx').on(t.itemId),
    check('receipt_lines_quantities_ck', sql.raw(`"accepted_quantity" >= 0 AND "rejected_quantity" >= 0 AND "arrived_quantity" = "accepted_quantity" + "rejected_quantity" AND "arrived_quantity" > 0`)),
    check('receipt_lines_price_ck', nonNegative('price_micro')),
    check('receipt_lines_factor_ck', sql.raw(`"pack_factor" > 0`)),
    check('receipt_lines_conclusion_ck', oneOf('conclusion', DB_RECEIPT_CONCLUSIONS)),
    check('receipt_lines_trace_codes_ck', sql.raw(`json_valid("trace_codes") AND json_type("trace_codes") = 'array'`)),
    check('receipt_lines_expiry_ck', sql.raw(`"expiry" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`)),
  ],
);

/** 退货单 (109), 报损单 (105), 其他入库 / 其他出库 (106 / 107): one store, lines of batches. */
export const stockAdjustments = sqliteTable(
  'stock_adjustments',
  {
    documentId: integer('document_id')
      .primaryKey()
      .references(() => documents.id),
    kind: text('kind').notNull(),
    storeId: integer('store_id')
      .notNull()
      .references(() => stores.id),
    /** The supplier goods go back to (退货). */
    supplierId: integer('supplier_id').references(() => suppliers.id),
    reason: text('reason').notNull(),
    note: text('note').notNull().default(''),
    /** The 召回单 that ordered this 退货单 of the central store's stock (0005). */
    recallId: integer('recall_id').references((): AnySQLiteColumn => documents.id),
  },
  (t) => [
    index('stock_adjustments_store_idx').on(t.storeId),
    index('stock_adjustments_recall_idx').on(t.recallId),
    check('stock_adjustments_kind_ck', oneOf('kind', DB_ADJUSTMENT_KINDS)),
    check('stock_adjustments_return_ck', sql.raw(`("kind" = 'return') = ("supplier_id" IS NOT NULL)`)),
    check('stock_adjustments_reason_ck', sql.raw(`length("reason") > 0`)),
  ],
);

export const stockAdjustmentLines = sqliteTable(
  'stock_adjustment_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    lineNo: integer('line_no').notNull(),
    itemId: integer('item_id')
      .notNull()
      .references(() => formularyItems.id),
    /** The batch moved (for 其他入库 of a new batch, the batch the posting created). */
    batchId: integer('batch_id').references(() => stockBatches.id),
    /** 其他入库 of stock not yet in the ledger: the batch as printed. */
    batchNo: text('batch_no').notNull().default(''),
    expiry: text('expiry'),
    costMicro: integer('cost_micro'),
    quantity: integer('quantity').notNull(),
    reason: text('reason').notNull().default(''),
  },
  (t) => [
    uniqueIndex('stock_adjustment_lines_line_uq').on(t.documentId, t.lineNo),
    check('stock_adjustment_lines_quantity_ck', sql.raw(`"quantity" > 0`)),
    check('stock_adjustment_lines_batch_ck', sql.raw(`"batch_id" IS NOT NULL OR (length("batch_no") > 0 AND "expiry" IS NOT NULL AND "cost_micro" IS NOT NULL)`)),
  ],
);

/**
 * Invoice numbers that follow the goods (货到票未到): recorded on a posted receipt's line after acceptance,
 * append-only (the latest non-empty number of each kind is the line's), since posted lines never change.
 */
export const receiptLineInvoices = sqliteTable(
  'receipt_line_invoices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    receiptLineId: integer('receipt_line_id')
      .notNull()
      .references(() => receiptLines.id),
    distributorInvoiceNo: text('distributor_invoice_no').notNull().default(''),
    manufacturerInvoiceNo: text('manufacturer_invoice_no').notNull().default(''),
    recordedAt: text('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [
    index('receipt_line_invoices_line_idx').on(t.receiptLineId, t.id),
    check('receipt_line_invoices_some_ck', sql.raw(`length("distributor_invoice_no") > 0 OR length("manufacturer_invoice_no") > 0`)),
  ],
);

/*
 * Distribution to member units (0005_distribution.sql): budgets, requisitions, shipments and member returns,
 * receipt confirmations and discrepancies, stocktakes, consumption, recalls. Copies of core/api/distribution.ts.
 */
export const DB_SHIPMENT_KINDS = ['transfer', 'return'] as const;
export const DB_MEMBER_RETURN_REASONS = ['near_expiry', 'overstock', 'quality', 'recall', 'redistribution', 'other'] as const;
export const DB_DISCREPANCY_KINDS = ['short', 'damaged', 'excess'] as const;
export const DB_DISCREPANCY_STATUSES = ['open', 'pending_write_off', 'resolved'] as const;
export const DB_DISCREPANCY_RESOLUTIONS = ['found', 'returned', 'write_off', 'reshipped', 'excess_accepted', 'excess_returned'] as const;
export const DB_CONSUMPTION_TARGETS = ['patients', 'department'] as const;
export const DB_BUDGET_RULES = ['block', 'warn'] as const;

const isoDate = (column: string): SQL => sql.raw(`"${column}" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`);

/** 全面预算: a unit's annual drug and consumables budget and what exceeding it does (禁止 / 提醒). */
export const unitBudgets = sqliteTable(
  'unit_budgets',
  {
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    year: integer('year').notNull(),
    amountMicro: integer('amount_micro').notNull(),
    overRule: text('over_rule').notNull().default('block'),
    note: text('note').notNull().default(''),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.unitId, t.year] }),
    check('unit_budgets_amount_ck', nonNegative('amount_micro')),
    check('unit_budgets_year_ck', sql.raw(`"year" BETWEEN 2000 AND 9999`)),
    check('unit_budgets_over_rule_ck', oneOf('over_rule', DB_BUDGET_RULES)),
  ],
);

/** 请领单 — the requesting unit and its store; `review_unit_id` is the township centre that reviews a village clinic's (乡村一体化). */
export const requisitions = sqliteTable(
  'requisitions',
  {
    documentId: integer('document_id')
      .primaryKey()
      .references(() => documents.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    storeId: integer('store_id')
      .notNull()
      .references(() => stores.id),
    reviewUnitId: integer('review_unit_id').references(() => units.id),
    /** The budget year its value counts against (the community's year when submitted). */
    budgetYear: integer('budget_year').notNull(),
    note: text('note').notNull().default(''),
  },
  (t) => [index('requisitions_unit_idx').on(t.unitId), index('requisitions_review_unit_idx').on(t.reviewUnitId)],
);

/** 请领明细: quantities in base units (whole issue packs); `approved_quantity` is written when the officer approves. */
export const requisitionLines = sqliteTable(
  'requisition_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    lineNo: integer('line_no').notNull(),
    itemId: integer('item_id')
      .notNull()
      .references(() => formularyItems.id),
    requestedQuantity: integer('requested_quantity').notNull(),
    /** What the system suggested when the line was written (for the record; null when none). */
    suggestedQuantity: integer('suggested_quantity'),
    approvedQuantity: integer('approved_quantity'),
    /** Why the approved quantity differs from the requested one. */
    approveReason: text('approve_reason').notNull().default(''),
    note: text('note').notNull().default(''),
  },
  (t) => [
    uniqueIndex('requisition_lines_line_uq').on(t.documentId, t.lineNo),
    uniqueIndex('requisition_lines_item_uq').on(t.documentId, t.itemId),
    index('requisition_lines_item_idx').on(t.itemId),
    check('requisition_lines_requested_ck', sql.raw(`"requested_quantity" > 0`)),
    check('requisition_lines_suggested_ck', sql.raw(`"suggested_quantity" IS NULL OR "suggested_quantity" >= 0`)),
    check('requisition_lines_approved_ck', sql.raw(`"approved_quantity" IS NULL OR "approved_quantity" >= 0`)),
  ],
);

/**
 * 调拨单 (transfer: central store → member store) and 退库单 (return: member store → central store): from a store,
 * through the receiving side's in-transit location, into a store. `member_unit_id` is the member side (scope).
 */
export const shipments = sqliteTable(
  'shipments',
  {
    documentId: integer('document_id')
      .primaryKey()
      .references(() => documents.id),
    kind: text('kind').notNull(),
    requisitionId: integer('requisition_id').references(() => documents.id),
    fromStoreId: integer('from_store_id')
      .notNull()
      .references(() => stores.id),
    toStoreId: integer('to_store_id')
      .notNull()
      .references(() => stores.id),
    memberUnitId: integer('member_unit_id')
      .notNull()
      .references(() => units.id),
    transitLocationId: integer('transit_location_id')
      .notNull()
      .references(() => stockLocations.id),
    /** 退库: why (near_expiry …); '' for a transfer. */
    returnReason: text('return_reason').notNull().default(''),
    /** The recall that created this return, or the shipment whose discrepancy it re-ships. */
    recallId: integer('recall_id').references(() => documents.id),
    reshipOfId: integer('reship_of_id').references(() => documents.id),
    note: text('note').notNull().default(''),
  },
  (t) => [
    index('shipments_requisition_idx').on(t.requisitionId),
    index('shipments_member_unit_idx').on(t.memberUnitId),
    index('shipments_from_store_idx').on(t.fromStoreId),
    index('shipments_to_store_idx').on(t.toStoreId),
    index('shipments_recall_idx').on(t.recallId),
    check('shipments_kind_ck', oneOf('kind', DB_SHIPMENT_KINDS)),
    check('shipments_stores_ck', sql.raw(`"from_store_id" <> "to_store_id"`)),
    check('shipments_return_reason_ck', sql.raw(`("kind" = 'transfer') = ("return_reason" = '')`)),
    check('shipments_return_reason_list_ck', sql.raw(`"return_reason" IN ('', ${DB_MEMBER_RETURN_REASONS.map((r) => `'${r}'`).join(', ')})`)),
  ],
);

/** 调拨明细: one batch each, at the batch's cost (零差率); `amount_micro` by the money rule. */
export const shipmentLines = sqliteTable(
  'shipment_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    lineNo: integer('line_no').notNull(),
    requisitionLineId: integer('requisition_line_id').references(() => requisitionLines.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => formularyItems.id),
    batchId: integer('batch_id')
      .notNull()
      .references(() => stockBatches.id),
    quantity: integer('quantity').notNull(),
    amountMicro: integer('amount_micro').notNull(),
    /** The remaining shelf life is close to the receiving level's minimum (flagged on the pick list). */
    nearMinimum: integer('near_minimum').notNull().default(0),
    /** Why the storekeeper swapped the allocated batch for this one ('' when FEFO's own pick). */
    swapReason: text('swap_reason').notNull().default(''),
  },
  (t) => [
    uniqueIndex('shipment_lines_line_uq').on(t.documentId, t.lineNo),
    index('shipment_lines_requisition_line_idx').on(t.requisitionLineId),
    index('shipment_lines_batch_idx').on(t.batchId),
    check('shipment_lines_quantity_ck', sql.raw(`"quantity" > 0`)),
    check('shipment_lines_amount_ck', nonNegative('amount_micro')),
    check('shipment_lines_near_minimum_ck', flag('near_minimum')),
  ],
);

/** The 追溯码 carried by a shipment line (written when it ships). */
export const shipmentLineCodes = sqliteTable(
  'shipment_line_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    shipmentLineId: integer('shipment_line_id')
      .notNull()
      .references(() => shipmentLines.id),
    code: text('code').notNull(),
  },
  (t) => [
    uniqueIndex('shipment_line_codes_uq').on(t.shipmentLineId, t.code),
    index('shipment_line_codes_code_idx').on(t.code),
    index('shipment_line_codes_document_idx').on(t.documentId),
  ],
);

/** 签收: what arrived of each line (append-only, once per line). */
export const shipmentReceipts = sqliteTable(
  'shipment_receipts',
  {
    shipmentLineId: integer('shipment_line_id')
      .primaryKey()
      .references(() => shipmentLines.id),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    receivedQuantity: integer('received_quantity').notNull(),
    damagedQuantity: integer('damaged_quantity').notNull().default(0),
    reason: text('reason').notNull().default(''),
    at: text('at').notNull(),
    actorName: text('actor_name').notNull(),
  },
  (t) => [
    index('shipment_receipts_document_idx').on(t.documentId),
    check('shipment_receipts_received_ck', nonNegative('received_quantity')),
    check('shipment_receipts_damaged_ck', nonNegative('damaged_quantity')),
  ],
);

/**
 * 签收差异: what did not arrive as shipped stays in transit (or, for an excess, unbooked) until the pharmacy officer
 * resolves it. Only the resolution columns change, once, from open (triggers).
 */
export const shipmentDiscrepancies = sqliteTable(
  'shipment_discrepancies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    shipmentLineId: integer('shipment_line_id')
      .notNull()
      .references(() => shipmentLines.id),
    kind: text('kind').notNull(),
    quantity: integer('quantity').notNull(),
    reason: text('reason').notNull(),
    openedAt: text('opened_at').notNull(),
    openedBy: text('opened_by').notNull(),
    status: text('status').notNull().default('open'),
    resolution: text('resolution'),
    resolutionNote: text('resolution_note').notNull().default(''),
    requestedBy: text('requested_by'),
    requestedByUserId: integer('requested_by_user_id').references(() => users.id),
    requestedAt: text('requested_at'),
    resolvedBy: text('resolved_by'),
    resolvedAt: text('resolved_at'),
    /** The new shipment of a 重新发货. */
    reshipmentId: integer('reshipment_id').references(() => documents.id),
  },
  (t) => [
    index('shipment_discrepancies_document_idx').on(t.documentId),
    index('shipment_discrepancies_status_idx').on(t.status),
    uniqueIndex('shipment_discrepancies_line_kind_uq').on(t.shipmentLineId, t.kind),
    check('shipment_discrepancies_kind_ck', oneOf('kind', DB_DISCREPANCY_KINDS)),
    check('shipment_discrepancies_status_ck', oneOf('status', DB_DISCREPANCY_STATUSES)),
    check('shipment_discrepancies_resolution_ck', sql.raw(`"resolution" IS NULL OR "resolution" IN (${DB_DISCREPANCY_RESOLUTIONS.map((r) => `'${r}'`).join(', ')})`)),
    check('shipment_discrepancies_quantity_ck', sql.raw(`"quantity" > 0`)),
    check('shipment_discrepancies_reason_ck', sql.raw(`length("reason") > 0`)),
    check('shipment_discrepancies_resolved_ck', sql.raw(`("status" = 'open') = ("resolution" IS NULL)`)),
  ],
);

/** 盘点单: a count sheet of one store; the book quantities are a snapshot taken when it was made. */
export const stocktakes = sqliteTable(
  'stocktakes',
  {
    documentId: integer('document_id')
      .primaryKey()
      .references(() => documents.id),
    storeId: integer('store_id')
      .notNull()
      .references(() => stores.id),
    snapshotAt: text('snapshot_at').notNull(),
    /** The newest move when the snapshot was taken: moves after it happened while counting. */
    snapshotMoveId: integer('snapshot_move_id').notNull(),
    /** What the sheet covers ('' = the whole store, else an item category). */
    category: text('category').notNull().default(''),
    note: text('note').notNull().default(''),
  },
  (t) => [index('stocktakes_store_idx').on(t.storeId)],
);

export const stocktakeLines = sqliteTable(
  'stocktake_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    lineNo: integer('line_no').notNull(),
    itemId: integer('item_id')
      .notNull()
      .references(() => formularyItems.id),
    batchId: integer('batch_id')
      .notNull()
      .references(() => stockBatches.id),
    bookQuantity: integer('book_quantity').notNull(),
    countedQuantity: integer('counted_quantity'),
    reason: text('reason').notNull().default(''),
  },
  (t) => [
    uniqueIndex('stocktake_lines_line_uq').on(t.documentId, t.lineNo),
    uniqueIndex('stocktake_lines_batch_uq').on(t.documentId, t.batchId),
    check('stocktake_lines_book_ck', nonNegative('book_quantity')),
    check('stocktake_lines_counted_ck', sql.raw(`"counted_quantity" IS NULL OR "counted_quantity" >= 0`)),
  ],
);

/** 消耗出库单: period totals per item a member's HIS dispensed (or a department used); posted first expiry first (107). */
export const consumptions = sqliteTable(
  'consumptions',
  {
    documentId: integer('document_id')
      .primaryKey()
      .references(() => documents.id),
    storeId: integer('store_id')
      .notNull()
      .references(() => stores.id),
    periodFrom: text('period_from').notNull(),
    periodTo: text('period_to').notNull(),
    target: text('target').notNull().default('patients'),
    department: text('department').notNull().default(''),
    /** The spreadsheet it was imported from ('' when typed in). */
    sourceFile: text('source_file').notNull().default(''),
    note: text('note').notNull().default(''),
  },
  (t) => [
    index('consumptions_store_idx').on(t.storeId),
    check('consumptions_target_ck', oneOf('target', DB_CONSUMPTION_TARGETS)),
    check('consumptions_from_ck', isoDate('period_from')),
    check('consumptions_to_ck', isoDate('period_to')),
    check('consumptions_period_ck', sql.raw(`"period_from" <= "period_to"`)),
  ],
);

export const consumptionLines = sqliteTable(
  'consumption_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    lineNo: integer('line_no').notNull(),
    itemId: integer('item_id')
      .notNull()
      .references(() => formularyItems.id),
    quantity: integer('quantity').notNull(),
  },
  (t) => [
    uniqueIndex('consumption_lines_line_uq').on(t.documentId, t.lineNo),
    uniqueIndex('consumption_lines_item_uq').on(t.documentId, t.itemId),
    check('consumption_lines_quantity_ck', sql.raw(`"quantity" > 0`)),
  ],
);

/** 召回单: an item's batch (批号) frozen everywhere in the community; the returns it made point back to it. */
export const recalls = sqliteTable(
  'recalls',
  {
    documentId: integer('document_id')
      .primaryKey()
      .references(() => documents.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => formularyItems.id),
    batchNo: text('batch_no').notNull(),
    reason: text('reason').notNull(),
    /** The manufacturer's or regulator's notice (召回通知编号), '' when none. */
    noticeNo: text('notice_no').notNull().default(''),
  },
  (t) => [index('recalls_item_batch_idx').on(t.itemId, t.batchNo), check('recalls_reason_ck', sql.raw(`length("reason") > 0`))],
);

/** The batches a recall froze, with the status each had before. */
export const recallBatches = sqliteTable(
  'recall_batches',
  {
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    batchId: integer('batch_id')
      .notNull()
      .references(() => stockBatches.id),
    previousStatus: text('previous_status').notNull(),
    /** On hand across the community when frozen. */
    quantity: integer('quantity').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.documentId, t.batchId] }),
    index('recall_batches_batch_idx').on(t.batchId),
    check('recall_batches_previous_status_ck', oneOf('previous_status', DB_BATCH_STATUSES)),
    check('recall_batches_quantity_ck', nonNegative('quantity')),
  ],
);

/*
 * Consolidated payment and each member unit's own books (0006_payment_books.sql): supplier invoices and their
 * three-way match, payables with due dates by rule and what settled them, payment batches, the double-entry
 * journal, and the members' monthly internal settlement statements. Copies of core/api/books.ts and
 * core/api/invoices.ts vocabularies.
 */
export const DB_INVOICE_MEDIA = ['digital', 'paper'] as const;
export const DB_MATCH_EXCEPTION_KINDS = ['quantity', 'price_order', 'price_ceiling', 'price_vbp', 'two_invoice'] as const;
export const DB_DUE_RULES = ['vbp', 'sme_statutory', 'sme_contract', 'contract', 'default'] as const;
export const DB_SETTLEMENT_KINDS = ['bank', 'insurance', 'red_invoice'] as const;
export const DB_ACCOUNTS = [
  'inventory',
  'grni',
  'accounts_payable',
  'interunit',
  'drug_expense',
  'stock_gain',
  'stock_loss',
  'other_in',
  'other_out',
  'price_variance',
  'bank',
  'insurance_clearing',
] as const;
export const DB_ENTRY_KINDS = ['purchase', 'transfer', 'consumption', 'adjustment', 'invoice', 'payment', 'insurance', 'red_invoice'] as const;

/** A supplier's contract payment terms (合同付款条款), kept by finance: what the due-date rules read. */
export const supplierTerms = sqliteTable(
  'supplier_terms',
  {
    supplierId: integer('supplier_id')
      .primaryKey()
      .references(() => suppliers.id),
    /** 合同约定付款期限 in days; NULL when the contract sets none. */
    termDays: integer('term_days'),
    /** 1 when the contract makes acceptance (验收) the condition: the term counts from acceptance, not delivery. */
    fromAcceptance: integer('from_acceptance').notNull().default(1),
    /** The contract's late-payment rate, annual, in basis points (NULL: none agreed — the statutory 0.05 % a day). */
    interestRateBp: integer('interest_rate_bp'),
    note: text('note').notNull().default(''),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  () => [
    check('supplier_terms_days_ck', sql.raw(`"term_days" IS NULL OR "term_days" BETWEEN 0 AND 3650`)),
    check('supplier_terms_from_acceptance_ck', flag('from_acceptance')),
    check('supplier_terms_rate_ck', sql.raw(`"interest_rate_bp" IS NULL OR "interest_rate_bp" BETWEEN 0 AND 100000`)),
  ],
);

/**
 * 发票 (FP): a distributor's invoice — 数电票 (20 digits, no code) or a paper VAT invoice (发票代码 + 发票号码).
 * `number_key` (code ‖ number) is unique: the same invoice cannot be registered twice. A red-letter invoice (红字发票)
 * names the blue one it offsets and has negative amounts.
 */
export const supplierInvoices = sqliteTable(
  'supplier_invoices',
  {
    documentId: integer('document_id')
      .primaryKey()
      .references(() => documents.id),
    supplierId: integer('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    medium: text('medium').notNull(),
    invoiceCode: text('invoice_code').notNull().default(''),
    invoiceNo: text('invoice_no').notNull(),
    numberKey: text('number_key').notNull(),
    issuedOn: text('issued_on').notNull(),
    /** 价税合计, 金额 (without tax) and 税额, micro-yuan; negative on a red-letter invoice. */
    amountMicro: integer('amount_micro').notNull(),
    amountExTaxMicro: integer('amount_ex_tax_micro').notNull(),
    taxMicro: integer('tax_micro').notNull(),
    /** 税率 in basis points (13 % = 1300). */
    taxRateBp: integer('tax_rate_bp').notNull(),
    /** The blue invoice a red-letter one offsets. */
    redOfId: integer('red_of_id').references((): AnySQLiteColumn => documents.id),
    /** The spreadsheet it was imported from ('' when typed in). */
    sourceFile: text('source_file').notNull().default(''),
    note: text('note').notNull().default(''),
  },
  (t) => [
    uniqueIndex('supplier_invoices_number_uq').on(t.numberKey),
    index('supplier_invoices_supplier_idx').on(t.supplierId),
    index('supplier_invoices_red_of_idx').on(t.redOfId),
    check('supplier_invoices_medium_ck', oneOf('medium', DB_INVOICE_MEDIA)),
    check(
      'supplier_invoices_number_ck',
      sql.raw(
        `("medium" = 'digital' AND "invoice_code" = '' AND length("invoice_no") = 20 AND "invoice_no" NOT GLOB '*[^0-9]*') OR ("medium" = 'paper' AND length("invoice_code") IN (10, 12) AND "invoice_code" NOT GLOB '*[^0-9]*' AND length("invoice_no") = 8 AND "invoice_no" NOT GLOB '*[^0-9]*')`,
      ),
    ),
    check('supplier_invoices_key_ck', sql.raw(`"number_key" = "invoice_code" || "invoice_no"`)),
    check('supplier_invoices_issued_ck', isoDate('issued_on')),
    check('supplier_invoices_amount_ck', sql.raw(`"amount_micro" = "amount_ex_tax_micro" + "tax_micro"`)),
    check('supplier_invoices_red_ck', sql.raw(`("red_of_id" IS NULL AND "amount_micro" >= 0) OR ("red_of_id" IS NOT NULL AND "amount_micro" <= 0)`)),
    check('supplier_invoices_rate_ck', sql.raw(`"tax_rate_bp" BETWEEN 0 AND 10000`)),
  ],
);

/** 发票明细: what of an accepted receipt line the invoice bills (negative on a red-letter invoice). */
export const supplierInvoiceLines = sqliteTable(
  'supplier_invoice_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    lineNo: integer('line_no').notNull(),
    receiptLineId: integer('receipt_line_id')
      .notNull()
      .references(() => receiptLines.id),
    /** Base units. */
    quantity: integer('quantity').notNull(),
    /** 价税合计 of the line. */
    amountMicro: integer('amount_micro').notNull(),
    note: text('note').notNull().default(''),
  },
  (t) => [
    uniqueIndex('supplier_invoice_lines_line_uq').on(t.documentId, t.lineNo),
    uniqueIndex('supplier_invoice_lines_receipt_line_uq').on(t.documentId, t.receiptLineId),
    index('supplier_invoice_lines_receipt_line_idx').on(t.receiptLineId),
    check('supplier_invoice_lines_quantity_ck', sql.raw(`"quantity" <> 0`)),
    check('supplier_invoice_lines_sign_ck', sql.raw(`("quantity" > 0 AND "amount_micro" >= 0) OR ("quantity" < 0 AND "amount_micro" <= 0)`)),
  ],
);

/**
 * A second person's approval of one three-way-match exception of one invoice line, with the reason. Append-only;
 * an approval holds for the line it names (a corrected invoice has new lines, so its exceptions are decided anew).
 */
export const invoiceExceptionApprovals = sqliteTable(
  'invoice_exception_approvals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    invoiceLineId: integer('invoice_line_id')
      .notNull()
      .references(() => supplierInvoiceLines.id),
    kind: text('kind').notNull(),
    reason: text('reason').notNull(),
    approvedBy: text('approved_by').notNull(),
    approvedByUserId: integer('approved_by_user_id').references(() => users.id),
    at: text('at').notNull(),
  },
  (t) => [
    uniqueIndex('invoice_exception_approvals_uq').on(t.invoiceLineId, t.kind),
    index('invoice_exception_approvals_document_idx').on(t.documentId),
    check('invoice_exception_approvals_kind_ck', oneOf('kind', DB_MATCH_EXCEPTION_KINDS)),
    check('invoice_exception_approvals_reason_ck', sql.raw(`length("reason") > 0`)),
  ],
);

/**
 * 应付款: one per approved (blue) invoice line, to its supplier, due by rule. Append-only: what settled it (bank
 * payment, 医保基金直接结算, a red-letter invoice) is in `payable_settlements`.
 */
export const payables = sqliteTable(
  'payables',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    invoiceId: integer('invoice_id')
      .notNull()
      .references(() => documents.id),
    invoiceLineId: integer('invoice_line_id')
      .notNull()
      .references(() => supplierInvoiceLines.id),
    supplierId: integer('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    receiptLineId: integer('receipt_line_id')
      .notNull()
      .references(() => receiptLines.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => formularyItems.id),
    amountMicro: integer('amount_micro').notNull(),
    /** 到货 (the receipt's arrival) and 验收 (its posting), community dates. */
    deliveredOn: text('delivered_on').notNull(),
    acceptedOn: text('accepted_on').notNull(),
    dueOn: text('due_on').notNull(),
    /** The rule that set `due_on`, and its day count then. */
    rule: text('rule').notNull(),
    ruleDays: integer('rule_days').notNull(),
    vbp: integer('vbp').notNull().default(0),
    sme: integer('sme').notNull().default(0),
    /** The contract's annual late-payment rate (basis points) when it was set; NULL: the statutory daily rate. */
    interestRateBp: integer('interest_rate_bp'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('payables_invoice_line_uq').on(t.invoiceLineId),
    index('payables_supplier_due_idx').on(t.supplierId, t.dueOn),
    index('payables_due_idx').on(t.dueOn),
    index('payables_invoice_idx').on(t.invoiceId),
    check('payables_amount_ck', sql.raw(`"amount_micro" > 0`)),
    check('payables_rule_ck', oneOf('rule', DB_DUE_RULES)),
    check('payables_delivered_ck', isoDate('delivered_on')),
    check('payables_accepted_ck', isoDate('accepted_on')),
    check('payables_due_ck', isoDate('due_on')),
    check('payables_vbp_ck', flag('vbp')),
    check('payables_sme_ck', flag('sme')),
  ],
);

/** 付款单 (FK): a batch of payments across suppliers from the single account. */
export const paymentBatches = sqliteTable('payment_batches', {
  documentId: integer('document_id')
    .primaryKey()
    .references(() => documents.id),
  /** The bank-file column profile it was exported with last ('' before). */
  bankProfile: text('bank_profile').notNull().default(''),
  note: text('note').notNull().default(''),
});

export const paymentBatchLines = sqliteTable(
  'payment_batch_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentId: integer('document_id')
      .notNull()
      .references(() => documents.id),
    lineNo: integer('line_no').notNull(),
    payableId: integer('payable_id')
      .notNull()
      .references(() => payables.id),
    supplierId: integer('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    /** What this batch pays of the payable (partial payment allowed). */
    amountMicro: integer('amount_micro').notNull(),
    purpose: text('purpose').notNull().default(''),
  },
  (t) => [
    uniqueIndex('payment_batch_lines_line_uq').on(t.documentId, t.lineNo),
    uniqueIndex('payment_batch_lines_payable_uq').on(t.documentId, t.payableId),
    index('payment_batch_lines_payable_idx').on(t.payableId),
    check('payment_batch_lines_amount_ck', sql.raw(`"amount_micro" > 0`)),
  ],
);

/**
 * What settled a payable, append-only: a bank payment of a batch line (with the bank's reference), 医保基金直接结算
 * against the platform's statement, or a red-letter invoice. A reversal is a row with the negated amount naming the
 * row it reverses, with a reason.
 */
export const payableSettlements = sqliteTable(
  'payable_settlements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    payableId: integer('payable_id')
      .notNull()
      .references(() => payables.id),
    kind: text('kind').notNull(),
    amountMicro: integer('amount_micro').notNull(),
    settledOn: text('settled_on').notNull(),
    /** The bank's reference (银行流水号), the platform statement (payOrdId), or the red invoice's number. */
    reference: text('reference').notNull(),
    paymentLineId: integer('payment_line_id').references(() => paymentBatchLines.id),
    /** The payment batch or the red-letter invoice. */
    documentId: integer('document_id').references(() => documents.id),
    reversesId: integer('reverses_id').references((): AnySQLiteColumn => payableSettlements.id),
    reason: text('reason').notNull().default(''),
    at: text('at').notNull(),
    actorName: text('actor_name').notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id),
  },
  (t) => [
    index('payable_settlements_payable_idx').on(t.payableId),
    index('payable_settlements_line_idx').on(t.paymentLineId),
    index('payable_settlements_document_idx').on(t.documentId),
    uniqueIndex('payable_settlements_reverses_uq').on(t.reversesId).where(sql`reverses_id IS NOT NULL`),
    check('payable_settlements_kind_ck', oneOf('kind', DB_SETTLEMENT_KINDS)),
    check('payable_settlements_amount_ck', sql.raw(`"amount_micro" <> 0`)),
    check('payable_settlements_sign_ck', sql.raw(`("reverses_id" IS NULL) = ("amount_micro" > 0)`)),
    check('payable_settlements_reversal_reason_ck', sql.raw(`"reverses_id" IS NULL OR length("reason") > 0`)),
    check('payable_settlements_bank_ck', sql.raw(`("kind" = 'bank') = ("payment_line_id" IS NOT NULL)`)),
    check('payable_settlements_on_ck', isoDate('settled_on')),
  ],
);

/**
 * The journal (记账): balanced double entries, each in one unit's books (the lead hospital's, or a member's own —
 * 财务单独设账). Append-only: a correction is a red-ink entry (红字冲销: the same accounts, negated amounts) naming
 * the entry it reverses. Σ debit = Σ credit per entry is checked on every post and by `books verify`.
 */
export const journalEntries = sqliteTable(
  'journal_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    /** The community date it is booked on, and its month (YYYY-MM) for statements and vouchers. */
    bookedOn: text('booked_on').notNull(),
    month: text('month').notNull(),
    kind: text('kind').notNull(),
    documentId: integer('document_id').references(() => documents.id),
    /** 摘要. */
    summary: text('summary').notNull(),
    reversesEntryId: integer('reverses_entry_id').references((): AnySQLiteColumn => journalEntries.id),
    at: text('at').notNull(),
    actorName: text('actor_name').notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id),
  },
  (t) => [
    index('journal_entries_unit_month_idx').on(t.unitId, t.month),
    index('journal_entries_document_idx').on(t.documentId),
    index('journal_entries_month_idx').on(t.month),
    check('journal_entries_kind_ck', oneOf('kind', DB_ENTRY_KINDS)),
    check('journal_entries_booked_ck', isoDate('booked_on')),
    check('journal_entries_month_ck', sql.raw(`"month" = substr("booked_on", 1, 7)`)),
    check('journal_entries_summary_ck', sql.raw(`length("summary") > 0`)),
  ],
);

/**
 * 分录: one side of an entry on one account, with its auxiliary (辅助核算) supplier, counter unit and item category.
 * Exactly one of debit and credit is non-zero; a red-ink line is negative. `unit_id`, `month` and `kind` are the
 * entry's, copied so that statements and vouchers read one index.
 */
export const journalLines = sqliteTable(
  'journal_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entryId: integer('entry_id')
      .notNull()
      .references(() => journalEntries.id),
    lineNo: integer('line_no').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    month: text('month').notNull(),
    kind: text('kind').notNull(),
    account: text('account').notNull(),
    debitMicro: integer('debit_micro').notNull().default(0),
    creditMicro: integer('credit_micro').notNull().default(0),
    supplierId: integer('supplier_id').references(() => suppliers.id),
    counterUnitId: integer('counter_unit_id').references(() => units.id),
    /** The formulary item category the amount is for ('' when none: payments, invoices' variance). */
    itemCategory: text('item_category').notNull().default(''),
  },
  (t) => [
    uniqueIndex('journal_lines_line_uq').on(t.entryId, t.lineNo),
    index('journal_lines_unit_account_month_idx').on(t.unitId, t.account, t.month, t.kind),
    index('journal_lines_account_supplier_idx').on(t.account, t.supplierId),
    index('journal_lines_counter_unit_idx').on(t.counterUnitId, t.account, t.month),
    check('journal_lines_account_ck', oneOf('account', DB_ACCOUNTS)),
    check('journal_lines_kind_ck', oneOf('kind', DB_ENTRY_KINDS)),
    check('journal_lines_one_side_ck', sql.raw(`("debit_micro" = 0) + ("credit_micro" = 0) = 1`)),
    check('journal_lines_category_ck', sql.raw(`"item_category" IN ('', ${DB_ITEM_CATEGORIES.map((c) => `'${c}'`).join(', ')})`)),
  ],
);

/**
 * 内部结算单 (JS): a member unit's month as its books show it, snapshotted when the centre issues it, confirmed (or
 * disputed) by the member. One per unit and month.
 */
export const settlementStatements = sqliteTable(
  'settlement_statements',
  {
    documentId: integer('document_id')
      .primaryKey()
      .references(() => documents.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    month: text('month').notNull(),
    openingMicro: integer('opening_micro').notNull(),
    receivedMicro: integer('received_micro').notNull(),
    returnedMicro: integer('returned_micro').notNull(),
    consumedMicro: integer('consumed_micro').notNull(),
    adjustedMicro: integer('adjusted_micro').notNull(),
    closingMicro: integer('closing_micro').notNull(),
    /** The centre's side: its 内部往来 with the unit, received and returned, for the same month. */
    centreReceivedMicro: integer('centre_received_micro').notNull(),
    centreReturnedMicro: integer('centre_returned_micro').notNull(),
    /** The member's remark when confirming or disputing. */
    memberNote: text('member_note').notNull().default(''),
  },
  (t) => [
    uniqueIndex('settlement_statements_unit_month_uq').on(t.unitId, t.month),
    index('settlement_statements_month_idx').on(t.month),
    check('settlement_statements_month_ck', sql.raw(`"month" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'`)),
    check('settlement_statements_closing_ck', sql.raw(`"closing_micro" = "opening_micro" + "received_micro" - "returned_micro" - "consumed_micro" + "adjusted_micro"`)),
  ],
);

/* ───────────── the provincial platform and alerts (issue 10) ───────────── */

export const DB_PLATFORM_EXCHANGES = [
  'catalogue_in',
  'orders_out',
  'order_feedback_in',
  'shipments_in',
  'receipt_confirmations_out',
  'returns_out',
  'settlements_in',
  'settlements_out',
] as const;

/**
 * 配送明细: one line of a distributor's shipment as the platform reported it (`shpId` unique per profile). Importing
 * it creates a receipt draft line (`receipt_line_id`) matched to the order line, so the storekeeper only checks and
 * accepts; receipt confirmations (`shpId`, `shppCnt`) and returns (`shpId`, `retnCnt`) go back to the platform by
 * this id. Quantities: `quantity` in base units, `platform_quantity` in the platform's pack (`shpCnt`).
 */
export const platformShipmentLines = sqliteTable(
  'platform_shipment_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    profile: text('profile').notNull(),
    shpId: text('shp_id').notNull(),
    shpCode: text('shp_code').notNull().default(''),
    orderLineId: integer('order_line_id').references(() => purchaseOrderLines.id),
    receiptLineId: integer('receipt_line_id').references(() => receiptLines.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => formularyItems.id),
    supplierId: integer('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    quantity: integer('quantity').notNull(),
    platformQuantity: integer('platform_quantity').notNull(),
    /** `shpPric`: micro-yuan per platform pack; `shpAmt` as the platform sent it. */
    priceMicro: integer('price_micro').notNull(),
    amountMicro: integer('amount_micro').notNull(),
    batchNo: text('batch_no').notNull(),
    expiry: text('expiry').notNull(),
    invoiceCode: text('invoice_code').notNull().default(''),
    invoiceNo: text('invoice_no').notNull().default(''),
    /** The platform_exchanges row of the file it came from. */
    exchangeId: integer('exchange_id').references((): AnySQLiteColumn => platformExchanges.id),
    importedAt: text('imported_at').notNull(),
    importedBy: text('imported_by').notNull(),
  },
  (t) => [
    uniqueIndex('platform_shipment_lines_shp_uq').on(t.profile, t.shpId),
    index('platform_shipment_lines_order_line_idx').on(t.orderLineId),
    index('platform_shipment_lines_receipt_line_idx').on(t.receiptLineId),
    check('platform_shipment_lines_quantity_ck', sql.raw(`"quantity" > 0 AND "platform_quantity" > 0`)),
    check('platform_shipment_lines_price_ck', nonNegative('price_micro')),
    check('platform_shipment_lines_expiry_ck', sql.raw(`"expiry" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`)),
  ],
);

/** Every platform file written or committed: which profile and exchange, how many rows, by whom (append-only). */
export const platformExchanges = sqliteTable(
  'platform_exchanges',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    profile: text('profile').notNull(),
    exchange: text('exchange').notNull(),
    fileName: text('file_name').notNull().default(''),
    rowCount: integer('row_count').notNull(),
    /** JSON summary of what it changed or contained (counts, document ids, the period). */
    summary: text('summary').notNull().default('{}'),
    at: text('at').notNull(),
    actorName: text('actor_name').notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id),
  },
  (t) => [
    index('platform_exchanges_profile_idx').on(t.profile, t.exchange, t.id),
    check('platform_exchanges_exchange_ck', oneOf('exchange', DB_PLATFORM_EXCHANGES)),
    check('platform_exchanges_summary_ck', sql.raw(`json_valid("summary")`)),
  ],
);

export const DB_ALERT_KINDS = ['licence_expiry', 'batch_expiry', 'payable_due', 'payable_overdue', 'vbp_behind', 'discrepancy_open'] as const;
export const DB_ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;

/**
 * 提醒: one condition that needs someone to act (a licence expiring, a payable overdue …). `key` names the condition
 * (e.g. `payable_overdue:123`) so a scan raises it once while it holds; it is resolved when the condition no longer holds,
 * and raised as a new row if it holds again. Who sees
 * it: holders of `permission`, limited to `unit_id` for unit-scoped roles when set.
 */
export const alerts = sqliteTable(
  'alerts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    severity: text('severity').notNull().default('warning'),
    unitId: integer('unit_id').references(() => units.id),
    permission: text('permission').notNull(),
    title: text('title').notNull(),
    /** What to do about it, in the user's words. */
    action: text('action').notNull().default(''),
    /** The renderer address that deals with it, e.g. /payables?overdue=1. */
    link: text('link').notNull().default(''),
    /** JSON of the figures behind it (days left, amount …). */
    data: text('data').notNull().default('{}'),
    raisedAt: text('raised_at').notNull(),
    resolvedAt: text('resolved_at'),
  },
  (t) => [
    // One open alert per condition; a condition that holds again after it was resolved is a new episode (a new
    // row), so every episode keeps when it was raised and resolved.
    uniqueIndex('alerts_open_key_uq').on(t.key).where(sql`resolved_at IS NULL`),
    index('alerts_key_idx').on(t.key),
    index('alerts_open_idx').on(t.resolvedAt, t.permission),
    index('alerts_unit_idx').on(t.unitId),
    check('alerts_kind_ck', oneOf('kind', DB_ALERT_KINDS)),
    check('alerts_severity_ck', oneOf('severity', DB_ALERT_SEVERITIES)),
    check('alerts_data_ck', sql.raw(`json_valid("data")`)),
  ],
);

/** Which user has read which alert (the bell counts the unread). */
export const alertReads = sqliteTable(
  'alert_reads',
  {
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    readAt: text('read_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.alertId, t.userId] })],
);

export const DB_ALERT_CHANNELS = ['wecom', 'dingtalk', 'smtp'] as const;

/** Each push of an alert to a configured channel (企业微信 / 钉钉 robot, SMTP mailbox) and how it went. */
export const alertDeliveries = sqliteTable(
  'alert_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id),
    channel: text('channel').notNull(),
    target: text('target').notNull(),
    status: text('status').notNull(),
    error: text('error').notNull().default(''),
    at: text('at').notNull(),
  },
  (t) => [
    index('alert_deliveries_alert_idx').on(t.alertId),
    check('alert_deliveries_channel_ck', oneOf('channel', DB_ALERT_CHANNELS)),
    check('alert_deliveries_status_ck', oneOf('status', ['sent', 'failed'] as const)),
  ],
);
