import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Qualification, QualificationState, Supplier } from '../../../../core/api/index.js';

/** 已过期 red, 30天内到期 orange; a valid licence shows nothing unless asked. */
export function QualificationStateTag({ state, daysLeft, showValid = false }: { state: QualificationState; daysLeft?: number | null; showValid?: boolean }) {
  const { t } = useTranslation();
  if (state === 'valid' && !showValid) return null;
  const color = state === 'expired' ? 'red' : state === 'expiring' ? 'orange' : 'green';
  const label = t(`suppliers.state.${state}`);
  const detail =
    daysLeft === null || daysLeft === undefined
      ? undefined
      : daysLeft < 0
        ? t('suppliers.expiredDays', { days: -daysLeft })
        : t('suppliers.daysLeftValue', { days: daysLeft });
  return (
    <Tooltip title={detail}>
      <Tag color={color} style={{ marginInlineEnd: 4 }}>
        {label}
      </Tag>
    </Tooltip>
  );
}

/** The supplier's alert tags in the grid: one per licence that is expired or runs out within 30 days. */
export function SupplierAlertTags({ supplier }: { supplier: Supplier }) {
  const { t } = useTranslation();
  const problems = supplier.qualifications.filter((q) => q.state !== 'valid');
  if (problems.length === 0) return <span style={{ color: '#8c8c8c' }}>{t('suppliers.noAlert')}</span>;
  return (
    <>
      {problems.map((q) => (
        <Tooltip key={q.id} title={`${t(`suppliers.qualificationKinds.${q.kind}`)} ${q.number}：${q.expiresOn ?? ''}`}>
          <Tag color={q.state === 'expired' ? 'red' : 'orange'} style={{ marginInlineEnd: 4 }}>
            {t(`suppliers.qualificationKinds.${q.kind}`)}{' '}
            {q.state === 'expired' ? t('suppliers.state.expired') : t('suppliers.expiresIn', { days: q.daysLeft ?? 0 })}
          </Tag>
        </Tooltip>
      ))}
    </>
  );
}

/** 有效期至 as a person reads it: the date, or 长期. */
export const expiryText = (t: (key: string) => string, q: Pick<Qualification, 'expiresOn'>) => q.expiresOn ?? t('suppliers.longTerm');
