import { communityDate } from '../../time.js';
import { vbpBehind } from '../../vbp/monitoring.js';
import type { AlertCondition, SourceInput } from './types.js';

/**
 * 集采进度落后: a 集采 product (community-wide) or a unit's share of it whose completion of the agreed volume is
 * behind the share of the agreement year elapsed by more than the 集采 settings' margin — the 集采监测 page's
 * figures (core/vbp/monitoring.ts `vbpBehind`). One alert per product, unit and agreement year; holders of vbp.read
 * see it (a member unit's pharmacist only their unit's).
 */
export function vbpConditions({ db, now }: SourceInput): AlertCondition[] {
  return vbpBehind(db, communityDate(now)).map((e) => ({
    key: `vbp_behind:${e.key}`,
    kind: 'vbp_behind',
    severity: 'warning',
    unitId: e.unitId,
    permission: 'vbp.read',
    title: `${e.title.replace(/^集采进度落后：/, '')}：已完成 ${e.completionText}，时间已过 ${e.elapsedText}`,
    action:
      e.kind === 'unit'
        ? `请优先使用集采中选药品并按计划请领，核查替代品种的使用（${e.detail}）`
        : `请按协议量加快采购，督促落后单位优先使用中选药品（${e.detail}）`,
    link: e.link,
    data: {
      itemId: e.itemId,
      batch: e.batch,
      agreed: e.agreed,
      bought: e.bought,
      gap: e.gap,
      projection: e.projection,
      completionBp: e.completionBp,
      elapsedBp: e.elapsedBp,
      marginPp: e.marginPp,
      yearStart: e.yearStart,
      yearEnd: e.yearEnd,
    },
  }));
}
