import { z } from 'zod';
import { defineOperation } from './operation.js';
import { searchInput, type ItemFieldsInput } from './formulary.js';

/**
 * The NHSA 医保药品分类与代码数据库 (sheet 总表): its 26 columns, in order, with our names for them.
 * One code is one pack presentation.
 */
export const DICTIONARY_COLUMNS = [
  ['code', '药品代码'],
  ['source', '数据来源'],
  ['registeredName', '注册名称'],
  ['tradeName', '商品名称'],
  ['registeredDosageForm', '注册剂型'],
  ['dosageForm', '剂型'],
  ['registeredSpec', '注册规格'],
  ['spec', '规格'],
  ['packMaterial', '包装材质'],
  ['minPackQuantity', '最小包装数量'],
  ['baseUnit', '最小制剂单位'],
  ['packUnit', '最小包装单位'],
  ['company', '药品企业'],
  ['repackager', '分包装企业名称'],
  ['manufacturer', '生产企业'],
  ['approvalNo', '批准文号'],
  ['formerApprovalNo', '原批准文号'],
  ['standardCode', '药品本位码'],
  ['holder', '上市药品持有人'],
  ['marketStatus', '市场状态'],
  ['insuranceName', '医保药品名称'],
  ['insuranceClass', '2025版甲乙类'],
  ['insuranceDosageForm', '医保剂型'],
  ['serialNo', '编号'],
  ['remark', '备注'],
  ['formerCode', '曾用码'],
] as const;
export type DictionaryField = (typeof DICTIONARY_COLUMNS)[number][0];

export const dictionaryEntry = z.object({
  ...(Object.fromEntries(DICTIONARY_COLUMNS.map(([key]) => [key, z.string()])) as Record<DictionaryField, z.ZodString>),
  /** false once a newer edition no longer lists the code. */
  present: z.boolean(),
  edition: z.string(),
  updatedAt: z.string(),
});
export type DictionaryEntry = z.infer<typeof dictionaryEntry>;

export const dictionaryHit = z.object({
  code: z.string(),
  registeredName: z.string(),
  tradeName: z.string(),
  dosageForm: z.string(),
  spec: z.string(),
  packText: z.string(),
  manufacturer: z.string(),
  approvalNo: z.string(),
  standardCode: z.string(),
  marketStatus: z.string(),
  present: z.boolean(),
  /** Already in the formulary as this item id. */
  formularyItemId: z.number().int().nullable(),
  matched: z.string(),
});

export const dictionarySearch = defineOperation({
  name: 'dictionary.search',
  title: '检索医保药品代码库',
  access: { permission: 'formulary.read' },
  mutates: false,
  scope: 'community',
  input: searchInput,
  output: z.object({ hits: z.array(dictionaryHit) }),
});

export const dictionaryGet = defineOperation({
  name: 'dictionary.get',
  title: '查看医保药品代码',
  access: { permission: 'formulary.read' },
  mutates: false,
  scope: 'community',
  input: z.object({ code: z.string().trim().toUpperCase() }),
  /** `draft`: the formulary item fields this row fills in, for the item form to start from. */
  output: z.object({ entry: dictionaryEntry, draft: z.custom<ItemFieldsInput>() }),
});

export const dictionaryStatus = defineOperation({
  name: 'dictionary.status',
  title: '代码库状态',
  access: { permission: 'formulary.read' },
  mutates: false,
  scope: 'community',
  input: z.object({}).default({}),
  output: z.object({
    rows: z.number().int(),
    present: z.number().int(),
    gone: z.number().int(),
    edition: z.string().nullable(),
    importedAt: z.string().nullable(),
  }),
});

/** NHSA files are large: 270,000 rows are about 40 MB. */
export const DICTIONARY_UPLOAD_LIMIT_BYTES = 200 * 1024 * 1024;

/**
 * Imports the NHSA 总表 workbook. Over HTTP: POST /api/op/dictionary.import?input={"edition":…} with the file as
 * the body; the answer is NDJSON progress lines ({stage:'read'|'write', rows}) and then {done: true, …result}.
 */
export const dictionaryImport = defineOperation({
  name: 'dictionary.import',
  title: '导入医保药品分类与代码数据库',
  access: { permission: 'dictionary.manage' },
  mutates: true,
  scope: 'centre',
  upload: { maxBytes: DICTIONARY_UPLOAD_LIMIT_BYTES },
  progress: true,
  input: z.object({ edition: z.string().trim().max(60).optional() }).default({}),
  output: z.object({
    edition: z.string(),
    added: z.number().int(),
    changed: z.number().int(),
    unchanged: z.number().int(),
    gone: z.number().int(),
    rejected: z.array(z.object({ row: z.number().int(), column: z.string(), reason: z.string() })),
    /** Columns of the 26 that this file does not have; they are stored empty. */
    missingColumns: z.array(z.string()),
  }),
});

export const dictionaryOperations = [dictionarySearch, dictionaryGet, dictionaryStatus, dictionaryImport] as const;
