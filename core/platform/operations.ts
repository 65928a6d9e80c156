import { prepared } from '../../db/statements.js';
import type { PlatformExchange, PlatformExportOutput, PlatformExportSummary, PlatformProfile } from '../api/platform.js';
import type { OperationContext } from '../context.js';
import type { HandlerMap } from '../handler.js';
import { writeExchange, type ExchangeFormat } from './codec.js';
import { orderRows, receiptConfirmationRows, refuseIfAny, returnRows, settlementRows, type OutFile } from './exports.js';
import { PLATFORM_EXCHANGE_LABELS } from './fields.js';
import { COMMUNITY_UTC_OFFSET_HOURS } from '../time.js';
import { assertValidProfile } from './profile.js';
import { checkProfile, platformProfile, platformProfiles, savePlatformProfile } from './store.js';

type PlatformOps =
  | 'platformProfile.list'
  | 'platformProfile.get'
  | 'platformProfile.save'
  | 'platformProfile.validate'
  | 'platform.exportOrders'
  | 'platform.exportReceiptConfirmations'
  | 'platform.exportReturns'
  | 'platform.exportSettlement'
  | 'platformExchange.list';

interface Written {
  profile: PlatformProfile;
  file: OutFile;
  fileName: string;
  format: ExchangeFormat;
  contentBase64: string;
}

const MIME: Record<ExchangeFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/**
 * Phase one of an export (outside the transaction: exceljs is asynchronous): the profile validated, the rows read
 * in one snapshot, refused with every reason, else written.
 */
async function prepareExport(
  ctx: OperationContext,
  input: { profile: string; format: ExchangeFormat },
  build: (profile: PlatformProfile) => OutFile,
): Promise<Written> {
  const profile = platformProfile(ctx, input.profile);
  assertValidProfile(profile);
  const file = ctx.db.$client.transaction(() => build(profile))();
  refuseIfAny(file, profile);
  const content = await writeExchange(profile, file.exchange, file.rows, input.format);
  const period = file.summary.from && file.summary.to ? `-${file.summary.from.replaceAll('-', '')}-${file.summary.to.replaceAll('-', '')}` : '';
  const label = PLATFORM_EXCHANGE_LABELS[file.exchange].replace(/（.*）/, '');
  // Stamped in the community's time, as the user reads the clock.
  const stamp = new Date(ctx.now.getTime() + COMMUNITY_UTC_OFFSET_HOURS * 3600_000).toISOString().slice(0, 19).replace(/[-:T]/g, '');
  const fileName = `${label}-${profile.name}${period}-${stamp}.${input.format}`;
  return { profile, file, fileName, format: input.format, contentBase64: content.toString('base64') };
}

/** Phase two (in the transaction): the platform_exchanges row and the audit entry. */
function logExport(ctx: OperationContext, written: Written): PlatformExportOutput {
  const { file, profile } = written;
  const summary: PlatformExportSummary = file.summary;
  const result = prepared(
    ctx.db.$client,
    `INSERT INTO platform_exchanges (profile, exchange, file_name, row_count, summary, at, actor_name, actor_user_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    profile.name,
    file.exchange,
    written.fileName,
    file.rows.length,
    JSON.stringify({ ...summary, format: written.format }),
    ctx.now.toISOString(),
    ctx.actor?.username ?? '',
    ctx.actor?.kind === 'user' ? ctx.actor.userId : null,
  );
  const exchangeId = Number(result.lastInsertRowid);
  ctx.audit({
    target: `platformExchange:${exchangeId}`,
    summary: { profile: profile.name, exchange: file.exchange, fileName: written.fileName, rowCount: file.rows.length, documents: summary.documents },
  });
  return { exchangeId, fileName: written.fileName, mimeType: MIME[written.format], contentBase64: written.contentBase64, rowCount: file.rows.length, summary };
}

export const platformHandlers: HandlerMap<PlatformOps> = {
  'platformProfile.list': (ctx) => ({ profiles: platformProfiles(ctx).map((p) => ({ ...p, problems: checkProfile(ctx, p) })) }),

  'platformProfile.get': (ctx, { name }) => {
    const profile = platformProfile(ctx, name);
    return { profile, problems: checkProfile(ctx, profile) };
  },

  'platformProfile.save': (ctx, input) => ({ profile: savePlatformProfile(ctx, input) }),

  'platformProfile.validate': (ctx, input) => ({ problems: checkProfile(ctx, input) }),

  'platform.exportOrders': {
    prepare: (ctx, input) => prepareExport(ctx, input, (profile) => orderRows(ctx.db, profile, input)),
    run: (ctx, _input, written: Written) => logExport(ctx, written),
  },

  'platform.exportReceiptConfirmations': {
    prepare: (ctx, input) => prepareExport(ctx, input, (profile) => receiptConfirmationRows(ctx.db, profile, input)),
    run: (ctx, _input, written: Written) => logExport(ctx, written),
  },

  'platform.exportReturns': {
    prepare: (ctx, input) => prepareExport(ctx, input, (profile) => returnRows(ctx.db, profile, input)),
    run: (ctx, _input, written: Written) => logExport(ctx, written),
  },

  'platform.exportSettlement': {
    prepare: (ctx, input) => prepareExport(ctx, input, (profile) => settlementRows(ctx.db, profile, { from: input.from!, to: input.to! })),
    run: (ctx, _input, written: Written) => logExport(ctx, written),
  },

  'platformExchange.list': (ctx, input) => {
    const rows = prepared(
      ctx.db.$client,
      `SELECT e.id, e.profile, e.exchange, e.file_name AS fileName, e.row_count AS rowCount, e.summary, e.at, e.actor_name AS actorName,
         COALESCE(u.display_name, e.actor_name) AS actorDisplayName
       FROM platform_exchanges e LEFT JOIN users u ON u.id = e.actor_user_id
       WHERE (@profile IS NULL OR e.profile = @profile) AND (@suffix IS NULL OR e.exchange LIKE '%' || @suffix)
       ORDER BY e.id DESC LIMIT @limit`,
    ).all({ profile: input.profile ?? null, suffix: input.direction ? `_${input.direction}` : null, limit: input.limit }) as {
      id: number;
      profile: string;
      exchange: string;
      fileName: string;
      rowCount: number;
      summary: string;
      at: string;
      actorName: string;
      actorDisplayName: string;
    }[];
    return { exchanges: rows.map((r) => ({ ...r, exchange: r.exchange as PlatformExchange, summary: JSON.parse(r.summary) as Record<string, unknown> })) };
  },
};
