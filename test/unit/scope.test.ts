import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineOperation } from '../../core/api/operation.js';
import type { Actor } from '../../core/context.js';
import { checkOutputScope, redactOutput } from '../../core/scope.js';
import { systemActor } from '../../core/system-actor.js';

/** A made-up list operation whose rows belong to units, and a nested list with levels. */
const contract = defineOperation({
  name: 'test.rows',
  title: '测试',
  access: { permission: 'unit.read' },
  mutates: false,
  scope: { units: { output: [{ rows: 'rows', unit: 'unitId' }, { rows: 'rows.items', levels: 'levels' }] } },
  restricted: [{ path: 'secret.account', permission: 'community.account' }],
  input: z.object({}),
  output: z.object({}),
});
const member = { units: [7], levels: ['township' as const] };
const everyone = { units: null, levels: null };
const township = { county: true, township: true, village: false };
const countyOnly = { county: true, township: false, village: false };

describe('the registry refuses an output that leaks past the caller scope', () => {
  it('passes rows of the caller own unit and level, and anything for a community-wide caller', () => {
    expect(() => checkOutputScope(contract, { rows: [{ unitId: 7, items: [{ levels: township }] }] }, member)).not.toThrow();
    expect(() => checkOutputScope(contract, { rows: [{ unitId: 8, items: [{ levels: countyOnly }] }] }, everyone)).not.toThrow();
  });

  it("fails on another unit's row or a row outside the level, however deep", () => {
    expect(() => checkOutputScope(contract, { rows: [{ unitId: 7 }, { unitId: 8 }] }, member)).toThrow(/unit 8 outside/);
    expect(() => checkOutputScope(contract, { rows: [{ unitId: 7, items: [{ levels: township }, { levels: countyOnly }] }] }, member)).toThrow(/levels/);
  });
});

describe('restricted output fields', () => {
  const output = { secret: { account: '6228480012345678901', name: '清源' } };
  it('are removed for a caller without the permission and kept for one with it, without touching the original', () => {
    const auditor: Actor = {
      kind: 'user',
      userId: 2,
      username: 'shenji',
      role: 'auditor',
      unitId: 1,
      permissions: [],
      mustChangePassword: false,
      sessionTokenHash: '',
    };
    expect(redactOutput(contract, output, auditor)).toEqual({ secret: { name: '清源' } });
    expect(output.secret.account).toBe('6228480012345678901');
    expect(redactOutput(contract, output, { ...auditor, role: 'finance' })).toEqual(output);
    expect(redactOutput(contract, output, systemActor('cli'))).toEqual(output);
    expect(redactOutput(contract, output, null)).toEqual({ secret: { name: '清源' } });
  });
});
