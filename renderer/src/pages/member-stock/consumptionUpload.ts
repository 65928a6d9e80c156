import type { OpInput, OpOutput } from '../../../../core/api/index.js';
import { ApiError } from '../../api/client.js';

/**
 * Sends a HIS export to consumption.import: the file's raw bytes as the body, the header fields as `?input=` JSON,
 * the file name as `?filename=` (the hub reads xlsx and csv by content). A refusal keeps its fields (row, column).
 */
export async function importConsumption(file: File, input: OpInput<'consumption.import'>): Promise<OpOutput<'consumption.import'>> {
  let response: Response;
  try {
    response = await fetch(`/api/op/consumption.import?filename=${encodeURIComponent(file.name)}&input=${encodeURIComponent(JSON.stringify(input))}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/octet-stream', accept: 'application/json' },
      body: file,
    });
  } catch {
    throw new ApiError('NETWORK', '', 0);
  }
  const body = (await response.json().catch(() => null)) as (OpOutput<'consumption.import'> & { error?: { code: string; message: string; fields?: { path: string; message: string }[] } }) | null;
  if (!response.ok || !body || body.error) {
    throw new ApiError(body?.error?.code ?? 'HTTP', body?.error?.message ?? `HTTP ${response.status}`, response.status, body?.error?.fields ?? []);
  }
  return body;
}
