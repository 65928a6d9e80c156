import type { TFunction } from 'i18next';
import { contractByName, type Role, type UnitKind, type UnitLevel } from '../../core/api/index.js';

/** Domain enums in the user's language. */
export const roleLabel = (t: TFunction, role: Role) => t(`role.${role}`);
export const kindLabel = (t: TFunction, kind: UnitKind) => t(`unitKind.${kind}`);
export const levelLabel = (t: TFunction, level: UnitLevel) => t(`unitLevel.${level}`);

/** An operation's title: the contract's zh-CN title unless the language has its own. */
export const operationLabel = (t: TFunction, name: string) => t(`operation.${name}`, { defaultValue: contractByName.get(name)?.title ?? name });

/** A timestamp as a local date and time (YYYY-MM-DD HH:mm:ss), the way people read them on forms. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
