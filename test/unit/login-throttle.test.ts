import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../core/auth/login-throttle.js';
import { DomainError } from '../../core/errors.js';
import type { LoginThrottlePolicy } from '../../core/auth/policy.js';

const POLICY: LoginThrottlePolicy = {
  failureBurst: 3,
  failureIntervalMs: 1000,
  queuePerAddress: 4,
  heldPerAddress: 5,
  concurrentChecks: 1,
};
const t0 = new Date('2026-06-01T00:00:00Z');

/** A throttle whose held answers wait on sleeps the test releases by hand (no wall clock). */
function harness(policy = POLICY) {
  const sleeps: { ms: number; wake: () => void }[] = [];
  const throttle = new LoginThrottle(policy, (ms) => new Promise<void>((wake) => sleeps.push({ ms, wake })));
  return { throttle, sleeps };
}

/** A password check the test finishes by hand, recording when it started. */
function pendingCheck(result: boolean, started: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    verify: async () => {
      started.push(name);
      await done;
      return result;
    },
    finish: () => finish(),
  };
}
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('LoginThrottle', () => {
  it('answers a burst of wrong passwords at once, then holds each further one back one interval more', async () => {
    const { throttle, sleeps } = harness();
    for (let i = 0; i < POLICY.failureBurst; i++) expect(await throttle.check('10.0.0.1', t0, async () => false)).toBe(false);
    expect(sleeps).toEqual([]);
    const fourth = throttle.check('10.0.0.1', t0, async () => false);
    const fifth = throttle.check('10.0.0.1', t0, async () => false);
    await flush();
    expect(sleeps.map((s) => s.ms)).toEqual([1000, 2000]);
    expect(throttle.heldFor('10.0.0.1')).toBe(2);
    let answered = false;
    void fourth.then(() => (answered = true));
    await flush();
    expect(answered).toBe(false);
    sleeps[0]!.wake();
    expect(await fourth).toBe(false);
    sleeps[1]!.wake();
    expect(await fifth).toBe(false);
    // Another address has its own budget.
    expect(await throttle.check('10.0.0.2', t0, async () => false)).toBe(false);
    expect(sleeps).toHaveLength(2);
  });

  it('lets the right password through at once from an address whose wrong answers are being held', async () => {
    const { throttle, sleeps } = harness();
    const failures = Array.from({ length: POLICY.failureBurst + 2 }, () => throttle.check('10.0.0.1', t0, async () => false));
    await flush();
    await flush();
    expect(throttle.heldFor('10.0.0.1')).toBe(2);
    expect(await throttle.check('10.0.0.1', t0, async () => true)).toBe(true);
    sleeps.forEach((s) => s.wake());
    expect(await Promise.all(failures)).toEqual(failures.map(() => false));
  });

  it('checks one password per address at a time, in order, and at most concurrentChecks in all', async () => {
    const { throttle } = harness({ ...POLICY, concurrentChecks: 2 });
    const started: string[] = [];
    const a1 = pendingCheck(false, started, 'a1');
    const a2 = pendingCheck(true, started, 'a2');
    const b1 = pendingCheck(false, started, 'b1');
    const c1 = pendingCheck(false, started, 'c1');
    const results = [
      throttle.check('a', t0, a1.verify),
      throttle.check('a', t0, a2.verify),
      throttle.check('b', t0, b1.verify),
      throttle.check('c', t0, c1.verify),
    ];
    await flush();
    expect(started).toEqual(['a1', 'b1']);
    a1.finish();
    await flush();
    expect(started).toEqual(['a1', 'b1', 'c1']);
    c1.finish();
    b1.finish();
    await flush();
    expect(started).toEqual(['a1', 'b1', 'c1', 'a2']);
    a2.finish();
    expect(await Promise.all(results)).toEqual([false, true, false, false]);
  });

  it('refuses with RATE_LIMITED, without checking, beyond the queue or the held budget of an address', async () => {
    const { throttle, sleeps } = harness();
    const started: string[] = [];
    const first = pendingCheck(false, started, 'first');
    const running = throttle.check('q', t0, first.verify);
    const queued = Array.from({ length: POLICY.queuePerAddress }, (_, i) =>
      throttle.check('q', t0, async () => (started.push(`q${i}`), false)),
    );
    let checked = false;
    await expect(throttle.check('q', t0, async () => (checked = true))).rejects.toSatisfy(
      (e) => e instanceof DomainError && e.code === 'RATE_LIMITED',
    );
    expect(checked).toBe(false);
    first.finish();
    await flush();
    await flush();
    // Burst 3: of 5 failures, 2 are held; three more fill the held budget of 5.
    const more = Array.from({ length: 3 }, () => throttle.check('q', t0, async () => false));
    await flush();
    await flush();
    expect(throttle.heldFor('q')).toBe(POLICY.heldPerAddress);
    await expect(throttle.check('q', t0, async () => true)).rejects.toSatisfy((e) => e instanceof DomainError && e.code === 'RATE_LIMITED');
    sleeps.forEach((s) => s.wake());
    await Promise.all([running, ...queued, ...more]);
  });

  it('does not pace the hub’s own callers (no client address)', async () => {
    const { throttle, sleeps } = harness();
    for (let i = 0; i < 10; i++) await throttle.check('', t0, async () => false);
    expect(sleeps).toEqual([]);
  });

  it('keeps its schedule when the clock goes back', async () => {
    const { throttle, sleeps } = harness();
    await throttle.check('r', new Date(t0.getTime() + 3_600_000), async () => false);
    await throttle.check('r', t0, async () => false);
    expect(sleeps).toEqual([]);
  });
});
