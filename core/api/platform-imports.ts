/**
 * 导入平台数据：挂网目录、订单回执、配送明细、结算单 (issue 10), each through the preview pattern of the formulary
 * import: `platformImport.preview` reads the file through the platform profile and says, row by row, what would
 * change and what is rejected (row, column, a Chinese reason); `platformImport.commit` plans again inside its one
 * transaction and writes all of it, or nothing when any row is rejected. The file travels as base64 in the input
 * (the CLI, the page and tests send the same bytes to both calls).
 */
import { z } from 'zod';
import { id, requiredText } from './common.js';
import { requestIdSchema } from './documents.js';
import { defineOperation } from './operation.js';

/** The files read from the platform (the others are written: core/api/platform.ts). */
export const PLATFORM_IMPORT_EXCHANGES = ['shipments_in', 'catalogue_in', 'order_feedback_in', 'settlements_in'] as const;
export type PlatformImportExchange = (typeof PLATFORM_IMPORT_EXCHANGES)[number];

/** The largest platform file accepted (a month of 配送明细 of the whole community is far below this). */
export const PLATFORM_IMPORT_MAX_BYTES = 8 * 1024 * 1024;

const importSource = {
  /** The platform profile the file comes from (national, sichuan …). */
  profile: requiredText('平台配置', 40),
  exchange: z.enum(PLATFORM_IMPORT_EXCHANGES, { error: '请选择要导入的文件类型' }),
  fileName: requiredText('文件名', 200),
  contentBase64: z
    .string({ error: '请上传文件' })
    .min(1, '请上传文件')
    .max(Math.ceil((PLATFORM_IMPORT_MAX_BYTES * 4) / 3) + 4, `文件不能超过 ${PLATFORM_IMPORT_MAX_BYTES / 1024 / 1024} MB`),
};

/** A row that will change something: its file row, the key the platform gave it, what it is matched to, what changes. */
export const platformImportChange = z.object({
  row: z.number().int(),
  /** shpId, hospListId, ordDetlId, payOrdId. */
  key: z.string(),
  /** The order line, item or payable it is matched to, in words. */
  target: z.string(),
  /** What committing the row does, in words. */
  change: z.string(),
  /** The receipt draft (配送明细) or document it goes to, '' when none. */
  group: z.string(),
});
export type PlatformImportChange = z.infer<typeof platformImportChange>;

/** A rejected cell or row: the file's row (as Excel shows it), the column title ('' = the whole row), the reason. */
export const platformImportProblem = z.object({ row: z.number().int(), column: z.string(), field: z.string(), message: z.string() });
export type PlatformImportProblem = z.infer<typeof platformImportProblem>;

export const platformImportPreviewOutput = z.object({
  profile: z.string(),
  profileLabel: z.string(),
  exchange: z.enum(PLATFORM_IMPORT_EXCHANGES),
  exchangeLabel: z.string(),
  fileName: z.string(),
  sheetName: z.string(),
  /** Data rows read (blank rows skipped). */
  rowCount: z.number().int(),
  changes: z.array(platformImportChange),
  /** Rows that match and change nothing (a catalogue row at the same price, the same feedback again). */
  unchanged: z.number().int(),
  rejected: z.array(platformImportProblem),
  /** Counts of what the commit writes (receipts, lines, prices, feedback rows …), by name. */
  counts: z.record(z.string(), z.number().int()),
});
export type PlatformImportPreview = z.infer<typeof platformImportPreviewOutput>;

export const platformImportDocument = z.object({
  id,
  number: z.string(),
  /** receipt (验收单草稿), order (采购订单), item (目录品种), settlement. */
  kind: z.string(),
  label: z.string(),
});

export const platformImportPreview = defineOperation({
  name: 'platformImport.preview',
  title: '预览平台文件导入',
  access: { permission: 'platform.exchange' },
  mutates: false,
  scope: 'centre',
  input: z.object(importSource),
  output: platformImportPreviewOutput,
});

export const platformImportCommit = defineOperation({
  name: 'platformImport.commit',
  title: '提交平台文件导入',
  access: { permission: 'platform.exchange' },
  mutates: true,
  scope: 'centre',
  input: z.object({ ...importSource, requestId: requestIdSchema.optional() }),
  output: platformImportPreviewOutput.extend({
    /** The platform_exchanges row that logs the file. */
    exchangeId: id,
    documents: z.array(platformImportDocument),
  }),
});

export const platformImportOperations = [platformImportPreview, platformImportCommit] as const;
