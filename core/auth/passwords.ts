import { randomBytes } from 'node:crypto';
import { hash, hashSync, verify } from '@node-rs/argon2';

// Algorithm.Argon2id; the enum is a const enum this build cannot import by name.
const ARGON2ID = 2;

/**
 * argon2id with the library's defaults (OWASP's m=19 MiB, t=2, p=1). Asynchronous: the work runs on libuv's
 * thread pool, so a login never stalls the hub's event loop. Call it from a phased handler's `prepare`, never
 * inside a transaction.
 */
export async function hashPassword(password: string): Promise<string> {
  return await hash(password, { algorithm: ARGON2ID });
}

/** True when `password` matches `hash`; a malformed hash is simply no match. Off the event loop, like hashPassword. */
export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
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

/**
 * A hash that no password verifies against, to spend the same time when the username is unknown. Made once at
 * start-up (synchronously, before the hub listens), with the same parameters as every real hash.
 */
export const DUMMY_HASH = hashSync(randomBytes(16).toString('hex'), { algorithm: ARGON2ID });
