import { createHash } from 'node:crypto';

/**
 * Certificate fingerprints for trust-on-first-use. Pure Node (no 'electron' import) so it is unit-tested.
 * Format: SHA-256 of the DER certificate, upper-case hex pairs joined by ':' — what
 * `openssl x509 -noout -fingerprint -sha256` and Windows' certificate dialog show, so an administrator
 * can read the hub's value over the phone and the user can compare.
 */

export function fingerprintOfDer(der: Uint8Array): string {
  const hex = createHash('sha256').update(der).digest('hex').toUpperCase();
  return hex.match(/../g)!.join(':');
}

/** Electron's Certificate.data is PEM; its own `fingerprint` field's format is not documented, so we compute ours. */
export function fingerprintOfPem(pem: string): string {
  const match = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem);
  if (!match) throw new Error('not a PEM certificate');
  return fingerprintOfDer(Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64'));
}

/** Accepts any spacing, case and separators a person might copy; null when it is not a SHA-256 value. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text
    .replace(/^sha-?256\s*(fingerprint)?\s*=?\s*/i, '')
    .replace(/[\s:-]/g, '')
    .toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}

export type PinCheck = 'match' | 'first-use' | 'mismatch';

/** ssh's known_hosts rule: no pin yet → ask the user; same → trust; different → refuse. */
export function checkPin(pinned: string | undefined, presented: string): PinCheck {
  if (pinned === undefined) return 'first-use';
  const a = normalizeFingerprint(pinned);
  const b = normalizeFingerprint(presented);
  return a !== null && a === b ? 'match' : 'mismatch';
}
