import { ApiError } from '../../api/client.js';

/**
 * Sends a file's raw bytes to the hub (POST /api/op/formularyImport.upload?filename=…) and returns its upload id. The body is
 * the file itself, not a form: the hub reads xlsx and csv by content, and a raw body needs no multipart parser.
 */
export async function uploadFile(file: File): Promise<number> {
  let response: Response;
  try {
    response = await fetch(`/api/op/formularyImport.upload?filename=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/octet-stream', accept: 'application/json' },
      body: file,
    });
  } catch {
    throw new ApiError('NETWORK', '', 0);
  }
  const body = (await response.json().catch(() => null)) as { uploadId?: number; error?: { code: string; message: string } } | null;
  if (!response.ok || typeof body?.uploadId !== 'number') {
    throw new ApiError(body?.error?.code ?? 'HTTP', body?.error?.message ?? `HTTP ${response.status}`, response.status);
  }
  return body.uploadId;
}

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}
