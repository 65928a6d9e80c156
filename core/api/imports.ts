import { z } from 'zod';
import { defineOperation } from './operation.js';
import { id, requiredText } from './common.js';

/**
 * Fields a formulary spreadsheet column can be mapped to. Values are read as text and converted:
 * 类别/甲乙丙/是否/层级 from their Chinese words, prices from yuan text to micro-yuan.
 */
export const FORMULARY_IMPORT_FIELDS = [
  { key: 'insuranceCode', label: '医保代码', required: false },
  { key: 'genericName', label: '通用名', required: true },
  { key: 'tradeName', label: '商品名', required: false },
  { key: 'dosageForm', label: '剂型', required: false },
  { key: 'spec', label: '规格', required: true },
  { key: 'packMaterial', label: '包装材质', required: false },
  { key: 'manufacturer', label: '生产企业', required: true },
  { key: 'holder', label: '上市许可持有人', required: false },
  { key: 'approvalNo', label: '批准文号/注册证号', required: false },
  { key: 'standardCode', label: '药品本位码', required: false },
  { key: 'category', label: '类别', required: false },
  { key: 'baseUnit', label: '最小制剂单位', required: true },
  { key: 'packFactor', label: '最小包装数量', required: false },
  { key: 'packUnit', label: '最小包装单位', required: false },
  { key: 'outerFactor', label: '大包装数量', required: false },
  { key: 'outerUnit', label: '大包装单位', required: false },
  { key: 'essential', label: '国家基本药物', required: false },
  { key: 'insuranceClass', label: '医保类别', required: false },
  { key: 'highAlert', label: '高警示', required: false },
  { key: 'controlledClass', label: '特殊管理类别', required: false },
  { key: 'antibacterialTier', label: '抗菌药物分级', required: false },
  { key: 'levels', label: '可用层级', required: false },
  { key: 'listedPrice', label: '挂网价', required: false },
  { key: 'negotiatedPrice', label: '议价', required: false },
  { key: 'priceEffectiveFrom', label: '价格生效日期', required: false },
] as const;
export type FormularyImportField = (typeof FORMULARY_IMPORT_FIELDS)[number]['key'];

/** Field → 0-based column index of the source sheet. */
export const columnMapping = z.record(z.string(), z.number().int().nonnegative());

export const importSource = z.object({
  uploadId: id,
  sheet: z.string(),
  /** 1-based row number of the header row (real files have titles above it). */
  headerRow: z.number().int().positive(),
  mapping: columnMapping,
});

export const importRejection = z.object({ row: z.number().int(), column: z.string(), reason: z.string() });
export const importPreview = z.object({
  new: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.array(importRejection),
  newRows: z.array(z.object({ row: z.number().int(), genericName: z.string(), spec: z.string(), manufacturer: z.string(), insuranceCode: z.string() })),
  changedRows: z.array(
    z.object({
      row: z.number().int(),
      itemId: id,
      genericName: z.string(),
      changes: z.array(z.object({ field: z.string(), label: z.string(), from: z.string(), to: z.string() })),
    }),
  ),
});
export type ImportPreview = z.infer<typeof importPreview>;

export const importInspect = defineOperation({
  name: 'formularyImport.inspect',
  title: '识别导入文件',
  access: { permission: 'formulary.manage' },
  mutates: false,
  scope: 'centre',
  input: z.object({ uploadId: id }),
  output: z.object({
    filename: z.string(),
    encoding: z.string(),
    sheets: z.array(
      z.object({
        name: z.string(),
        rowCount: z.number().int(),
        /** The row that looks most like a header (1-based). */
        headerRow: z.number().int(),
        /** The first rows as text, for the mapping screen. */
        preview: z.array(z.array(z.string())),
      }),
    ),
  }),
});

export const importPreviewOp = defineOperation({
  name: 'formularyImport.preview',
  title: '预览目录导入',
  access: { permission: 'formulary.manage' },
  mutates: false,
  scope: 'centre',
  input: importSource,
  output: importPreview,
});

export const importCommit = defineOperation({
  name: 'formularyImport.commit',
  title: '提交目录导入',
  access: { permission: 'formulary.manage' },
  mutates: true,
  scope: 'centre',
  input: importSource.extend({
    skipRejected: z.boolean().default(false),
    reason: requiredText('导入说明', 200),
    /** The 药事会 resolution that adopted the file: the import is recorded as one approved batch request. */
    resolutionNo: requiredText('药事会决议号', 40),
    resolutionDate: z.string({ error: '请填写决议日期' }).regex(/^\d{4}-\d{2}-\d{2}$/, '决议日期格式应为 YYYY-MM-DD'),
  }),
  output: importPreview.extend({
    committed: z.boolean(),
    version: z.number().int().nullable(),
    /** The batch 目录变更申请 the import was recorded as (ML2026-000012), or null when nothing was written. */
    requestNumber: z.string().nullable(),
  }),
});

export const importMapping = z.object({ name: z.string(), headerRow: z.number().int().nullable(), mapping: z.record(z.string(), z.string()), updatedAt: z.string() });

export const importMappingList = defineOperation({
  name: 'importMapping.list',
  title: '查询导入映射',
  access: { permission: 'formulary.read' },
  mutates: false,
  scope: 'community',
  input: z.object({}).default({}),
  output: z.object({ mappings: z.array(importMapping) }),
});

/** A saved mapping names source columns by their header text, so it fits the next file from the same source. */
export const importMappingSave = defineOperation({
  name: 'importMapping.save',
  title: '保存导入映射',
  access: { permission: 'formulary.manage' },
  mutates: true,
  scope: 'centre',
  input: z.object({
    name: requiredText('映射名称', 40),
    headerRow: z.number().int().positive().nullable().default(null),
    /** field → source header text */
    mapping: z.record(z.string(), z.string().min(1)),
  }),
  output: z.object({ mapping: importMapping }),
});

export const FORMULARY_UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

/**
 * Keeps an xlsx or csv file (UTF-8, BOM or GBK) for the inspect, preview and commit steps. Over HTTP:
 * POST /api/op/formularyImport.upload with the file as the body (application/octet-stream).
 */
export const importUpload = defineOperation({
  name: 'formularyImport.upload',
  title: '上传目录导入文件',
  access: { permission: 'formulary.manage' },
  mutates: true,
  scope: 'centre',
  upload: { maxBytes: FORMULARY_UPLOAD_LIMIT_BYTES },
  input: z.object({}).default({}),
  output: z.object({ uploadId: id }),
});

export const importOperations = [importUpload, importInspect, importPreviewOp, importCommit, importMappingList, importMappingSave] as const;
