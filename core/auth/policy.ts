/** Sign-in rules. Fixed here for now; a later issue may make them community settings. */
export const AUTH_POLICY = {
  /** A session unused this long is closed. */
  idleTimeoutMs: 30 * 60 * 1000,
  /** Failed logins in a row that lock an account … */
  lockoutThreshold: 5,
  /** … for this long. */
  lockoutMs: 15 * 60 * 1000,
  /** last_seen_at is written at most this often, so reads do not turn into writes. */
  touchIntervalMs: 60 * 1000,
} as const;
