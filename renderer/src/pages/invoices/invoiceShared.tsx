import { Tag } from 'antd';
import { communityDate, formatYuan, type InvoiceState } from '../../../../core/api/index.js';

/** micro-yuan → "1,234.50" (to the fen, thousands separated). */
export function yuan(micro: number | null | undefined): string {
  if (micro === null || micro === undefined) return '';
  const text = formatYuan(micro);
  const [whole, fraction] = text.split('.');
  return `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${(fraction ?? '00').slice(0, 2).padEnd(2, '0')}`;
}

/** A price per pack to the fen, or more decimals when it has them (a 集采价 of 0.1235 per 片). */
export function price(micro: number | null | undefined): string {
  if (micro === null || micro === undefined) return '';
  return formatYuan(micro);
}

const COLORS: Record<InvoiceState, string> = { registered: 'processing', approved: 'success', voided: 'default' };

export function InvoiceStateTag({ state, label }: { state: InvoiceState; label: string }) {
  return <Tag color={COLORS[state]}>{label}</Tag>;
}

export const newRequestId = () => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `r${Date.now()}${Math.random().toString(36).slice(2, 10)}`);

/** Today as the community's calendar reads it (UTC+8). */
export const communityToday = () => communityDate(new Date());
