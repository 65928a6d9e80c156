import { Tag } from 'antd';

/** A document's state as its type names it (盘点中, 已过账, 已冲销 …), coloured by where it stands. */
const STATE_COLORS: Record<string, string> = {
  counting: 'processing',
  draft: 'default',
  posted: 'success',
  voided: 'default',
  reversed: 'error',
  reversal: 'magenta',
};

export function DocStateTag({ doc }: { doc: { state: string; stateLabel: string } }) {
  return <Tag color={STATE_COLORS[doc.state] ?? 'default'}>{doc.stateLabel}</Tag>;
}

/** A fresh 请求号 for each posting click: a retry of the same click reuses it, a new click gets a new one. */
export const newRequestId = () => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `r${Date.now()}${Math.random().toString(36).slice(2, 10)}`);

/** A signed quantity as the count grid shows it: +3, −2, 0. */
export const signed = (n: number | null) => (n === null ? '' : n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');
