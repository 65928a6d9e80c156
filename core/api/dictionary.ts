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
  input: searchInput,
  output: z.object({ hits: z.array(dictionaryHit) }),
});

export const dictionaryGet = defineOperation({
  name: 'dictionary.get',
  title: '查看医保药品代码',
  access: { permission: 'formulary.read' },
  mutates: false,
  input: z.object({ code: z.string().trim().toUpperCase() }),
  /** `draft`: the formulary item fields this row fills in, for the item form to start from. */
  output: z.object({ entry: dictionaryEntry, draft: z.custom<ItemFieldsInput>() }),
});

export const dictionaryStatus = defineOperation({
  name: 'dictionary.status',
  title: '代码库状态',
  access: { permission: 'formulary.read' },
  mutates: false,
  input: z.object({}).default({}),
  output: z.object({
    rows: z.number().int(),
    present: z.number().int(),
    gone: z.number().int(),
    edition: z.string().nullable(),
    importedAt: z.string().nullable(),
  }),
});

export const dictionaryOperations = [dictionarySearch, dictionaryGet, dictionaryStatus] as const;
