import type { Db } from '../../db/open.js';
import { lineAmountMicro } from '../api/money.js';
import { agreementYear, vbpMonitor } from '../vbp/monitoring.js';
import type { UnitRow } from './figures.js';
import type { MonthPeriod } from './period.js';

/**
 * 集采 completion of a unit (or a group of units) at month end, from 集采监测 (core/vbp/monitoring.ts) as of the
 * month's last day. Volumes of different products do not add up, so agreed and bought are valued at each product's
 * agreed price (中选价) and summed: completion is by amount.
 */
export interface VbpUnitFigures {
  agreedMicro: number;
  boughtMicro: number;
  /** Share of the (calendar) agreement year elapsed at month end, basis points. */
  elapsedBp: number | null;
  /** 中选 products behind by more than the margin. */
  behind: number;
}

export interface VbpFigures {
  units: Map<number, VbpUnitFigures>;
  community: VbpUnitFigures;
  group(members: readonly UnitRow[]): VbpUnitFigures;
  empty(): VbpUnitFigures;
}

export function vbpByUnit(db: Db, period: MonthPeriod, _units: readonly UnitRow[]): VbpFigures {
  const year = agreementYear(undefined, period.lastDay);
  const elapsedBp = Math.floor((year.elapsedDays * 10_000) / year.days);
  const empty = (): VbpUnitFigures => ({ agreedMicro: 0, boughtMicro: 0, elapsedBp, behind: 0 });
  const monitor = vbpMonitor(db, period.lastDay, { units: null });
  const units = new Map<number, VbpUnitFigures>();
  const community = empty();
  for (const p of monitor.products) {
    const price = { priceMicro: p.agreedPriceMicro, packFactor: p.perPurchase };
    community.agreedMicro += p.agreedAmountMicro;
    community.boughtMicro += p.boughtAmountMicro;
    if (p.behind) community.behind += 1;
    for (const u of p.units) {
      let f = units.get(u.unitId);
      if (!f) units.set(u.unitId, (f = empty()));
      f.agreedMicro += lineAmountMicro(u.agreed, price);
      f.boughtMicro += u.boughtAmountMicro;
      if (u.behind) f.behind += 1;
    }
  }
  return {
    units,
    community,
    group: (members) => {
      const g = empty();
      for (const u of members) {
        const f = units.get(u.unitId);
        if (!f) continue;
        g.agreedMicro += f.agreedMicro;
        g.boughtMicro += f.boughtMicro;
        g.behind += f.behind;
      }
      return g;
    },
    empty,
  };
}
