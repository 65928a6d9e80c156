import { randomBytes } from 'node:crypto';
import { hashSync, verifySync } from '@node-rs/argon2';

// Algorithm.Argon2id; the enum is a const enum this build cannot import by name.
const ARGON2ID = 2;

/** argon2id with the library's defaults (OWASP's m=19 MiB, t=2, p=1). Synchronous: it runs inside a transaction. */
export function hashPassword(password: string): string {
  return hashSync(password, { algorithm: ARGON2ID });
}

export function verifyPassword(hash: string, password: string): boolean {
  try {
    return verifySync(hash, password);
  } catch {
    return false;
  }
}

// No 0/O/1/l/I: a one-time password is read off a screen and typed by hand.
const READABLE = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A one-time password that satisfies the policy (letters and digits), 12 characters. */
export function generateOneTimePassword(): string {
  for (;;) {
    const bytes = randomBytes(12);
    const candidate = Array.from(bytes, (b) => READABLE[b % READABLE.length]).join('');
    if (/[A-Za-z]/.test(candidate) && /[0-9]/.test(candidate)) return candidate;
  }
}

/** A hash that no password verifies against, to spend the same time when the username is unknown. */
export const DUMMY_HASH = hashPassword(randomBytes(16).toString('hex'));
