/**
 * Pacing of password checks by client address, in memory in the hub process (one per database).
 *
 * What it must do: an attacker hammering `auth.login` with wrong passwords must neither stall the hub nor get
 * many guesses, while a colleague with the right password behind the same address (a hospital NAT, the desktop's
 * own 127.0.0.1) still gets in. Refusing a busy address outright would lock that colleague out, so:
 *
 * - **Every attempt is verified**, in arrival order per address (one check of an address at a time) and at most
 *   `concurrentChecks` in the whole hub, so argon2 never takes all of libuv's threads and one busy address cannot
 *   starve the others. A correct password is answered as soon as it has been checked.
 * - **Wrong answers are what is rationed.** An address may have `failureBurst` wrong passwords answered at once;
 *   after that its wrong answers are held back and released one per `failureIntervalMs` (a generic cell rate
 *   algorithm: `tat` is when the address's next failure would be on schedule). A guessing client thus learns at
 *   most one result per interval, and while it waits it costs the hub a timer, not a hash — so the check queue
 *   stays short and the colleague's check starts almost at once.
 * - **Only beyond a budget is anything refused**: more than `queuePerAddress` checks waiting, or more than
 *   `heldPerAddress` answers held, from one address → `RATE_LIMITED` (429) at once, without hashing.
 *
 * Per account, the lockout (AUTH_POLICY.lockoutThreshold) still applies on top. The hub's own callers (the CLI,
 * tests: no client address) pass the global gate only.
 */
import type { Db } from '../../db/open.js';
import { DomainError } from '../errors.js';
import { LOGIN_THROTTLE_POLICY, type LoginThrottlePolicy } from './policy.js';

/** A first-in, first-out semaphore. */
class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  get queued(): number {
    return this.waiting.length;
  }

  get idle(): boolean {
    return this.active === 0 && this.waiting.length === 0;
  }

  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}

interface AddressState {
  gate: Gate;
  /** Theoretical arrival time of the address's next failure (ms since the epoch). */
  tat: number;
  /** The latest clock reading seen: the schedule never runs backwards when the clock does. */
  seen: number;
  held: number;
}

export const RATE_LIMITED_MESSAGE = '登录尝试过于频繁，请稍后再试';
const SWEEP_ABOVE = 1000;

export class LoginThrottle {
  private readonly addresses = new Map<string, AddressState>();
  private readonly all: Gate;

  constructor(
    readonly policy: LoginThrottlePolicy = LOGIN_THROTTLE_POLICY,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.all = new Gate(policy.concurrentChecks);
  }

  /**
   * Runs one password check for `address` under the rules above and returns its result; a wrong result may be
   * held back. `now` is the call's clock (the failure schedule follows it, so tests can move time).
   */
  async check(address: string, now: Date, verify: () => Promise<boolean>): Promise<boolean> {
    const state = address ? this.stateOf(address, now.getTime()) : null;
    if (state && (state.gate.queued >= this.policy.queuePerAddress || state.held >= this.policy.heldPerAddress)) {
      throw new DomainError('RATE_LIMITED', RATE_LIMITED_MESSAGE);
    }
    let ok: boolean;
    if (state) await state.gate.acquire();
    try {
      await this.all.acquire();
      try {
        ok = await verify();
      } finally {
        this.all.release();
      }
    } finally {
      state?.gate.release();
    }
    if (ok || !state) return ok;

    const t = Math.max(now.getTime(), state.seen);
    state.seen = t;
    state.tat = Math.max(state.tat, t) + this.policy.failureIntervalMs;
    const wait = state.tat - t - this.policy.failureBurst * this.policy.failureIntervalMs;
    if (wait > 0) {
      state.held += 1;
      try {
        await this.sleep(wait);
      } finally {
        state.held -= 1;
      }
    }
    return false;
  }

  /** Wrong answers currently held back for `address` (for tests and benchmarks). */
  heldFor(address: string): number {
    return this.addresses.get(address)?.held ?? 0;
  }

  private stateOf(address: string, now: number): AddressState {
    let state = this.addresses.get(address);
    if (!state) {
      if (this.addresses.size >= SWEEP_ABOVE) this.sweep(now);
      state = { gate: new Gate(1), tat: 0, seen: 0, held: 0 };
      this.addresses.set(address, state);
    }
    return state;
  }

  /** Forgets addresses that are idle and back on schedule: they would start afresh anyway. */
  private sweep(now: number): void {
    for (const [address, state] of this.addresses) {
      if (state.held === 0 && state.gate.idle && state.tat <= now) this.addresses.delete(address);
    }
  }
}

const throttles = new WeakMap<Db, LoginThrottle>();

/** The hub's throttle for this database (one hub process serves one database). */
export function loginThrottle(db: Db): LoginThrottle {
  let throttle = throttles.get(db);
  if (!throttle) {
    throttle = new LoginThrottle();
    throttles.set(db, throttle);
  }
  return throttle;
}
