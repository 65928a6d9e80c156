import { DatePicker, Select, Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { communityDate, formatYuan, MONTH_PATTERN, roundToFen, type StatementState } from '../../../../core/api/index.js';
import { useOp } from '../../api/hooks.js';

/** micro-yuan → "1,234.56" (rounded to the fen, grouped), as a finance officer reads amounts. */
export function yuan(micro: number | null | undefined): string {
  if (micro === null || micro === undefined) return '';
  const text = formatYuan(roundToFen(micro));
  const [whole, fraction] = text.split('.');
  return `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}

/** This month in the community's time zone (UTC+8), as `2026-11`. */
export const thisMonth = () => communityDate(new Date()).slice(0, 7);
export const lastMonth = () => {
  const [y, m] = thisMonth().split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

export function MonthPicker({ value, onChange, testId }: { value: string; onChange: (month: string) => void; testId?: string }) {
  const { t } = useTranslation();
  return (
    <DatePicker
      picker="month"
      allowClear={false}
      value={dayjs(`${value}-01`)}
      format="YYYY年MM月"
      onChange={(d) => d && onChange(d.format('YYYY-MM'))}
      aria-label={t('books.month')}
      data-testid={testId}
      style={{ width: 130 }}
    />
  );
}

/** The community's units (active), the lead hospital first. */
export function UnitSelect({ value, onChange, testId, width = 220 }: { value: number | null; onChange: (id: number) => void; testId?: string; width?: number }) {
  const { t } = useTranslation();
  const units = useOp('unit.list', { includeInactive: false });
  return (
    <Select
      showSearch
      optionFilterProp="label"
      style={{ width }}
      placeholder={t('books.chooseUnit')}
      value={value ?? undefined}
      onChange={onChange}
      loading={units.isPending}
      data-testid={testId}
      options={(units.data?.units ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.code}）` }))}
    />
  );
}

/** Saves a file the hub sent as base64 (voucher and statement exports). */
export function downloadBase64(file: { fileName: string; mimeType: string; contentBase64: string }): void {
  const bytes = Uint8Array.from(atob(file.contentBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const newRequestId = () => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `r${Date.now()}${Math.random().toString(36).slice(2, 10)}`);

const STATE_COLORS: Record<StatementState, string> = { issued: 'processing', disputed: 'error', confirmed: 'success' };

/** A statement's state (待确认 / 有异议 / 已确认), or 未出具 when there is none yet. */
export function StatementStateTag({ state, label }: { state: StatementState | null; label: string }) {
  return (
    <Tag color={state ? STATE_COLORS[state] : 'default'} data-testid="statement-state">
      {label}
    </Tag>
  );
}

/** `2026-11` → 2026年11月. */
export const monthLabel = (month: string) => `${month.slice(0, 4)}年${month.slice(5, 7)}月`;

/** The month named in the address (?month=2026-11), else `fallback`. */
export function isMonth(value: unknown): value is string {
  return typeof value === 'string' && MONTH_PATTERN.test(value);
}
