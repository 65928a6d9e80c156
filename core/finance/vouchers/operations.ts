import { prepared } from '../../../db/statements.js';
import type { VoucherAccountMap, VoucherProfile } from '../../api/vouchers.js';
import { DomainError, notFound } from '../../errors.js';
import type { HandlerMap } from '../../handler.js';
import type { OperationContext } from '../../context.js';
import { assertExportable, voucherCsv, voucherFileRows, voucherXlsx } from './export.js';
import { monthVouchers } from './read.js';
import { accountMap, accountRows, saveAccountMap, saveVoucherProfile, voucherProfiles } from './settings.js';

type VoucherOps = 'accountMap.get' | 'accountMap.save' | 'voucherProfile.list' | 'voucherProfile.save' | 'voucher.list' | 'voucher.export';

function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const dup = new Set<T>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

/** The map's references exist and no account is mapped twice in one place. */
function checkMap(ctx: OperationContext, map: VoucherAccountMap): void {
  const sqlite = ctx.db.$client;
  const twice = duplicates(map.accounts.map((a) => a.account));
  if (twice.length) throw new DomainError('VALIDATION', `科目重复对照：${twice.join('、')}`, [{ path: 'accounts', message: '同一内部科目只能对照一次' }]);
  map.unitOverrides.forEach((o, index) => {
    if (!prepared(sqlite, 'SELECT 1 FROM units WHERE id = ?').get(o.unitId)) throw new DomainError('VALIDATION', '单位不存在', [{ path: `unitOverrides.${index}.unitId`, message: '单位不存在' }]);
    if (duplicates(o.accounts.map((a) => a.account)).length) {
      throw new DomainError('VALIDATION', '同一单位的同一内部科目只能对照一次', [{ path: `unitOverrides.${index}.accounts`, message: '同一内部科目只能对照一次' }]);
    }
  });
  if (duplicates(map.unitOverrides.map((o) => o.unitId)).length) throw new DomainError('VALIDATION', '同一单位只能有一组单独对照', [{ path: 'unitOverrides', message: '同一单位只能有一组单独对照' }]);
  map.auxiliary.supplierCodes.forEach((c, index) => {
    if (!prepared(sqlite, 'SELECT 1 FROM suppliers WHERE id = ?').get(c.supplierId)) {
      throw new DomainError('VALIDATION', '供应商不存在', [{ path: `auxiliary.supplierCodes.${index}.supplierId`, message: '供应商不存在' }]);
    }
  });
  map.auxiliary.unitCodes.forEach((c, index) => {
    if (!prepared(sqlite, 'SELECT 1 FROM units WHERE id = ?').get(c.unitId)) throw new DomainError('VALIDATION', '单位不存在', [{ path: `auxiliary.unitCodes.${index}.unitId`, message: '单位不存在' }]);
  });
}

function profileById(ctx: OperationContext, profileId: number): VoucherProfile {
  const profile = voucherProfiles(ctx.db).find((p) => p.id === profileId);
  if (!profile) throw notFound('凭证导出格式');
  return profile;
}

interface ExportFile {
  fileName: string;
  mimeType: string;
  contentBase64: string;
  voucherCount: number;
  lineCount: number;
  debitMicro: number;
  creditMicro: number;
}

export const voucherHandlers: HandlerMap<VoucherOps> = {
  'accountMap.get': (ctx) => {
    const { map, updatedAt } = accountMap(ctx.db);
    return { map, rows: accountRows(map), updatedAt };
  },

  'accountMap.save': (ctx, input) => {
    checkMap(ctx, input);
    const before = accountMap(ctx.db).map;
    const map = saveAccountMap(ctx.db, input, ctx.now);
    ctx.audit({ target: 'settings:accountMap', summary: { before, after: map } });
    return { map, rows: accountRows(map), updatedAt: ctx.now.toISOString() };
  },

  'voucherProfile.list': (ctx) => ({ profiles: voucherProfiles(ctx.db) }),

  'voucherProfile.save': (ctx, input) => {
    const before = input.id === 0 ? null : (voucherProfiles(ctx.db).find((p) => p.id === input.id) ?? null);
    if (input.id !== 0 && !before) throw notFound('凭证导出格式');
    const profile = saveVoucherProfile(ctx.db, input, ctx.now);
    ctx.audit({ target: `settings:voucherProfile:${profile.id}`, summary: { before, after: profile } });
    return { profile };
  },

  'voucher.list': (ctx, { unitId, month, page, pageSize }) => {
    const result = monthVouchers(ctx.db, accountMap(ctx.db).map, unitId, month, { page, pageSize });
    return {
      unitId: result.unitId,
      unitName: result.unitName,
      month,
      vouchers: result.vouchers,
      total: result.total,
      page,
      pageSize,
      lineCount: result.lineCount,
      debitMicro: result.debitMicro,
      creditMicro: result.creditMicro,
      unmapped: result.unmapped,
      profiles: voucherProfiles(ctx.db).map((p) => ({ id: p.id, name: p.name })),
    };
  },

  // Read-only: the month is read in one snapshot and the file written (exceljs is asynchronous) before the
  // registry's transaction, which only hands it back.
  'voucher.export': {
    async prepare(ctx, { unitId, month, profileId, format }): Promise<ExportFile> {
      const profile = profileById(ctx, profileId);
      const sqlite = ctx.db.$client;
      const month_ = sqlite.transaction(() => monthVouchers(ctx.db, accountMap(ctx.db).map, unitId, month, null))();
      assertExportable(month_.unmapped, month_.missingAuxiliary);
      const rows = voucherFileRows(month_.vouchers, profile, format === 'xlsx' ? 'number' : 'text');
      const base = `记账凭证-${month_.unitCode}-${month}`;
      const content = format === 'xlsx' ? await voucherXlsx(profile, rows, `${month} 记账凭证`) : voucherCsv(profile, rows);
      return {
        fileName: `${base}.${format}`,
        mimeType: format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
        contentBase64: content.toString('base64'),
        voucherCount: month_.total,
        lineCount: month_.lineCount,
        debitMicro: month_.debitMicro,
        creditMicro: month_.creditMicro,
      };
    },
    run: (_ctx, _input, file: ExportFile) => file,
  },
};
