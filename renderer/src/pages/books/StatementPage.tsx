import { useParams } from '@tanstack/react-router';
import { StatementDetail } from './StatementDetail.js';

/** One member unit's month (/statements/$unitId/$month). */
export function StatementPage() {
  const { unitId, month } = useParams({ strict: false }) as { unitId?: number; month?: string };
  if (unitId === undefined || month === undefined) return null;
  return <StatementDetail unitId={unitId} month={month} />;
}
