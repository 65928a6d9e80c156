import type { TFunction } from 'i18next';
import { ApiError } from './client.js';

/** The message to show for a failed call: the hub's own (Chinese) text, or ours when it never answered. */
export function errorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.code === 'NETWORK') return t('errors.network');
    if (error.message && !error.message.startsWith('HTTP ')) return error.message;
  }
  return t('errors.unknown');
}
