import { availableParallelism } from 'node:os';

/** Sign-in rules. Fixed here for now; a later issue may make them community settings. */
export const AUTH_POLICY = {
  /** A session unused this long is closed. */
  idleTimeoutMs: 30 * 60 * 1000,
  /** A session ends this long after sign-in however busy it is: a stolen cookie does not live for ever. */
  absoluteLifetimeMs: 12 * 60 * 60 * 1000,
  /** Failed logins in a row that lock an account … */
  lockoutThreshold: 5,
  /** … for this long. */
  lockoutMs: 15 * 60 * 1000,
  /** last_seen_at is written at most this often, so reads do not turn into writes. */
  touchIntervalMs: 60 * 1000,
} as const;

/** How the hub paces password checks by client address (core/auth/login-throttle.ts explains the design). */
export interface LoginThrottlePolicy {
  /** Failed logins an address may have answered at once … */
  failureBurst: number;
  /** … after which its wrong-password answers come out one per this many ms. */
  failureIntervalMs: number;
  /** Password checks waiting to start, per address, before further attempts are refused (429). */
  queuePerAddress: number;
  /** Wrong-password answers held back, per address, before further attempts are refused (429). */
  heldPerAddress: number;
  /** Password checks running at once in the whole hub; the rest of libuv's pool stays free for files. */
  concurrentChecks: number;
}

export const LOGIN_THROTTLE_POLICY: LoginThrottlePolicy = {
  failureBurst: 20,
  failureIntervalMs: 3000,
  queuePerAddress: 32,
  heldPerAddress: 64,
  concurrentChecks: Math.max(1, Math.min(3, availableParallelism() - 1)),
};

/** The one-time setup code: how many wrong codes a minute the hub accepts, per address and in all. */
export const SETUP_CODE_POLICY = {
  windowMs: 60 * 1000,
  failuresPerAddress: 5,
  failuresInAll: 20,
} as const;
