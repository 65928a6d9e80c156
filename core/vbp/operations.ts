import { formatYuan } from '../api/money.js';
import type { OpOutput } from '../api/index.js';
import { forbidden, notFound } from '../errors.js';
import type { HandlerMap } from '../handler.js';
import { communityDate } from '../time.js';
import { DEFAULT_VBP_SETTINGS, percentText, saveVbpSettings, vbpMonitor, vbpSettings, vbpTrace, type VbpFigures, type VbpProductRow } from './monitoring.js';

type VbpOps = 'vbp.monitor' | 'vbp.trace' | 'vbp.settings.get' | 'vbp.settings.save';

type ExportRow = OpOutput<'vbp.monitor'>['rows'][number];

const priceText = (micro: number | null) => (micro === null ? '' : formatYuan(micro));

function exportRow(p: VbpProductRow, f: VbpFigures, unit: { unitId: number; unitName: string } | null): ExportRow {
  return {
    unitId: unit?.unitId ?? null,
    scopeText: unit?.unitName ?? '全医共体',
    itemCode: p.itemCode,
    itemName: p.itemName,
    spec: p.spec,
    manufacturer: p.manufacturer,
    batch: p.batch,
    yearText: `${p.yearStart} 至 ${p.yearEnd}`,
    baseUnit: p.baseUnit,
    agreed: f.agreed,
    bought: f.bought,
    completionText: percentText(f.completionBp),
    elapsedText: percentText(f.elapsedBp),
    gap: f.gap,
    projection: f.projection,
    behindText: f.behind ? '落后' : f.completionBp === null ? '' : '正常',
    agreedPriceText: `${formatYuan(p.agreedPriceMicro)}/${p.purchaseUnit}`,
    referencePriceText: p.referencePriceMicro === null ? '' : `${formatYuan(p.referencePriceMicro)}/${p.purchaseUnit}`,
    savingsText: priceText(f.savingsMicro),
  };
}

/** 集采监测：约定量完成进度、预测与结余. */
export const vbpHandlers: HandlerMap<VbpOps> = {
  'vbp.monitor': (ctx, input) => {
    const asOf = input.asOf ?? communityDate(ctx.now);
    // A member pharmacist's totals and export are their own unit's; community-wide callers get each product's
    // community row first (when no unit is chosen).
    const communityRows = ctx.scope.units === null && input.unitId === undefined;
    const result = vbpMonitor(ctx.db, asOf, {
      units: ctx.scope.units,
      unitId: input.unitId,
      itemId: input.itemId,
      behindOnly: input.behindOnly,
      totalsOf: communityRows ? 'community' : 'units',
    });
    const rows = result.products.flatMap((p) => [...(communityRows ? [exportRow(p, p, null)] : []), ...p.units.map((u) => exportRow(p, u, u))]);
    return { ...result, rows };
  },

  'vbp.trace': (ctx, input) => {
    if (input.unitId === undefined && ctx.scope.units !== null) throw forbidden('成员单位只能追溯本单位的数据，请选择本单位');
    const asOf = input.asOf ?? communityDate(ctx.now);
    const trace = vbpTrace(ctx.db, asOf, input.itemId, input.unitId ?? null);
    if (!trace) throw notFound('集采中选品种');
    const item = ctx.db.$client.prepare('SELECT generic_name AS itemName, spec, base_unit AS baseUnit FROM formulary_items WHERE id = ?').get(input.itemId) as {
      itemName: string;
      spec: string;
      baseUnit: string;
    };
    return { ...trace, ...item };
  },

  'vbp.settings.get': (ctx) => ({ settings: vbpSettings(ctx.db), defaults: DEFAULT_VBP_SETTINGS }),

  'vbp.settings.save': (ctx, input) => {
    const before = vbpSettings(ctx.db);
    saveVbpSettings(ctx.db, input, ctx.now);
    ctx.audit({ target: 'settings:vbp', summary: { before, after: input } });
    return { settings: vbpSettings(ctx.db) };
  },
};
