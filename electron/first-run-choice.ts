import { normalizeHubUrl } from './hub-address.js';
import type { Connection } from './settings.js';

/**
 * The first-run page has no preload and no IPC: its form submits by GET to itself, the main process
 * sees the navigation in `will-navigate`, cancels it and reads the choice from the query string.
 * Pure (no 'electron' import) so it is unit-tested.
 */

export type FirstRunSubmission =
  { kind: 'none' } | { kind: 'chosen'; connection: Connection } | { kind: 'invalid'; message: string; hubUrl: string };

export function parseFirstRunSubmission(url: string): FirstRunSubmission {
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return { kind: 'none' };
  }
  if (params.get('submit') !== '1') return { kind: 'none' };
  const mode = params.get('mode');
  if (mode === 'standalone') return { kind: 'chosen', connection: { mode: 'standalone' } };
  const hubUrl = params.get('hubUrl') ?? '';
  if (mode !== 'connect') return { kind: 'invalid', message: '请选择一种运行方式', hubUrl };
  const normalized = normalizeHubUrl(hubUrl);
  if (!normalized.ok) return { kind: 'invalid', message: normalized.message, hubUrl };
  return { kind: 'chosen', connection: { mode: 'connect', hubOrigin: normalized.origin } };
}

/** The query the page reads to show an error and keep what the user typed. */
export function firstRunQuery(state: { error?: string; hubUrl?: string; mode?: Connection['mode'] }): Record<string, string> {
  const query: Record<string, string> = {};
  if (state.error) query.error = state.error;
  if (state.hubUrl) query.hubUrl = state.hubUrl;
  if (state.mode) query.mode = state.mode;
  return query;
}
