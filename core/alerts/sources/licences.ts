import { prepared } from '../../../db/statements.js';
import { QUALIFICATION_KIND_LABELS } from '../../api/labels.js';
import { daysUntil, qualificationState, type QualificationKind } from '../../api/suppliers.js';
import { communityDate } from '../../time.js';
import type { AlertCondition, SourceInput } from './types.js';

/**
 * 证照到期: an active supplier's 首营资料 (营业执照, 经营/生产许可证 …) expired or expiring within `licenceDays`
 * (30 by default, as supplier.alerts and the suppliers grid band them — qualificationState). One alert per licence;
 * it resolves when a renewed licence with a later date is entered, or the supplier is deactivated. The supplier
 * managers act (supplier.manage).
 */
export function licenceConditions({ db, now, settings }: SourceInput): AlertCondition[] {
  const today = communityDate(now);
  const rows = prepared(
    db.$client,
    `SELECT s.id AS supplierId, s.name AS supplierName, q.id AS qualificationId, q.kind, q.number, q.expires_on AS expiresOn
       FROM supplier_qualifications q JOIN suppliers s ON s.id = q.supplier_id
      WHERE s.active = 1 AND q.expires_on IS NOT NULL AND q.expires_on <= date(@today, '+' || @days || ' days')
      ORDER BY q.expires_on, s.name`,
  ).all({ today, days: settings.licenceDays }) as { supplierId: number; supplierName: string; qualificationId: number; kind: QualificationKind; number: string; expiresOn: string }[];
  return rows.map((r) => {
    const daysLeft = daysUntil(r.expiresOn, today);
    const expired = qualificationState(r.expiresOn, today, settings.licenceDays) === 'expired';
    const licence = QUALIFICATION_KIND_LABELS[r.kind];
    return {
      // The licence row and its date: a renewal (a new date) is a new condition once it too nears expiry.
      key: `licence_expiry:${r.qualificationId}:${r.expiresOn}`,
      kind: 'licence_expiry',
      severity: expired ? 'critical' : 'warning',
      unitId: null,
      permission: 'supplier.manage',
      title: expired ? `${r.supplierName}的${licence}已于 ${r.expiresOn} 过期` : `${r.supplierName}的${licence}将于 ${r.expiresOn} 到期（剩 ${daysLeft} 天）`,
      action: expired
        ? `该供应商已不能采购或收货：请向供应商索取新证并在供应商资料中更新${licence}，或停用该供应商`
        : `请向供应商索取换发的${licence}，到期前在供应商资料中更新证号与有效期`,
      link: `/suppliers/${r.supplierId}`,
      data: { supplierId: r.supplierId, qualificationId: r.qualificationId, kind: r.kind, number: r.number, expiresOn: r.expiresOn, daysLeft },
    };
  });
}
