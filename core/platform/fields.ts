/**
 * The exchange field catalogue (TPS names, ../shared/docs/domain.md §4). The data lives in core/api/platform.ts so
 * the renderer's profile editor lists the same fields; this module is what core code imports.
 */
import type { DB_PLATFORM_EXCHANGES } from '../../db/schema.js';
import {
  PLATFORM_EXCHANGE_FIELDS,
  PLATFORM_EXCHANGE_LABELS,
  PLATFORM_EXCHANGES,
  isOutgoingExchange,
  platformField,
  type PlatformExchange,
  type PlatformField,
} from '../api/platform.js';

export { PLATFORM_EXCHANGE_FIELDS, PLATFORM_EXCHANGE_LABELS, PLATFORM_EXCHANGES, isOutgoingExchange, platformField };
export type { PlatformExchange, PlatformField };

// The contract's list and the log table's CHECK list are one list: a difference does not compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameExchanges: Same<PlatformExchange, (typeof DB_PLATFORM_EXCHANGES)[number]> = true;
void _sameExchanges;

export const fieldsOf = (exchange: PlatformExchange): readonly PlatformField[] => PLATFORM_EXCHANGE_FIELDS[exchange];
export const requiredFieldsOf = (exchange: PlatformExchange): readonly PlatformField[] => fieldsOf(exchange).filter((x) => x.required);
