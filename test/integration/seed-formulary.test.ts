import { afterAll, describe, expect, it } from 'vitest';
import { seedFormulary } from '../../server/seed/demo.js';
import { FORMULARY_SAMPLE } from '../../server/seed/nhsa-sample.js';
import { executeOperation } from '../../core/registry.js';
import { initialised, ok, userWithSession } from '../support/db.js';

const env = await initialised();
afterAll(() => env.dispose());

describe('the demo seed’s formulary', () => {
  it('is one approved batch change request “初始目录”, proposed by the seed, applied as version 1 with a row per item', async () => {
    const now = new Date('2026-03-02T02:00:00Z');
    await seedFormulary(env.db, now);
    const as = { sessionToken: env.admin };
    const { requests } = await ok(env.db, 'changeRequest.list', {}, as);
    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    expect(request).toMatchObject({
      kind: 'batch',
      status: 'approved',
      reason: '初始目录',
      proposedBy: '示例数据 (seed)',
      decidedBy: '示例数据 (seed)',
      resolutionNo: '示例药事会〔2026〕1号',
      resolutionDate: '2026-03-02',
      appliedVersion: 1,
      rowCount: FORMULARY_SAMPLE.length,
    });
    const stored = env.db.$client.prepare('SELECT proposed_by AS user, proposed_by_system AS system FROM formulary_change_requests').get();
    expect(stored).toEqual({ user: null, system: '示例数据 (seed)' });
    const { versions } = await ok(env.db, 'formulary.versions', {}, as);
    expect(versions.map((v) => [v.version, v.note, v.requestNumber, v.itemCount])).toEqual([[1, '初始目录', request.number, FORMULARY_SAMPLE.length]]);
    const { rows } = await ok(env.db, 'changeRequest.get', { id: request.id }, as);
    expect(rows).toHaveLength(FORMULARY_SAMPLE.length);
    expect(rows.every((r) => r.kind === 'add' && r.itemId !== null && r.sourceRow === null)).toBe(true);
    expect(rows[0]!.itemName).toBe(`${FORMULARY_SAMPLE[0]!.genericName} ${FORMULARY_SAMPLE[0]!.spec}`);
    // Through the registry: one entry for the request, one per item created and per price, all by the seed.
    const audit = env.db.$client
      .prepare("SELECT DISTINCT operation, username, user_id AS userId FROM audit_log WHERE operation = 'changeRequest.adoptBatch'")
      .all();
    expect(audit).toEqual([{ operation: 'changeRequest.adoptBatch', username: '示例数据 (seed)', userId: null }]);
  });

  it('refuses a bad batch whole: nothing of it is written', async () => {
    const fresh = await initialised();
    try {
      const before = fresh.db.$client.prepare('SELECT count(*) AS n FROM formulary_items').get();
      // Two items, the second broken in its name and its price: nothing of the batch may be written.
      const batch = {
        reason: '批量',
        resolutionNo: 'R1',
        resolutionDate: '2026-03-02',
        items: [
          { item: FORMULARY_SAMPLE[0]!, prices: [] },
          { item: { ...FORMULARY_SAMPLE[1]!, genericName: '' }, prices: [{ kind: 'listed' as const, priceMicro: -1, effectiveFrom: '2026-03-01' }] },
        ],
      };
      const bad = await executeOperation(fresh.db, 'changeRequest.adoptBatch', batch, { sessionToken: fresh.admin });
      expect(!bad.ok && bad.error.code).toBe('FORBIDDEN');
      const officer = await userWithSession(fresh.db, fresh.admin, { username: 'yaoshi', displayName: '李药师', role: 'pharmacy_officer', unitId: 1 });
      const refused = await executeOperation(fresh.db, 'changeRequest.adoptBatch', batch, { sessionToken: officer.token });
      expect(!refused.ok && refused.error.code).toBe('VALIDATION');
      const paths = !refused.ok ? (refused.error.fields ?? []).map((f) => f.path) : [];
      expect(paths).toEqual(expect.arrayContaining(['items.1.item.genericName', 'items.1.prices.0.priceMicro']));
      expect(fresh.db.$client.prepare('SELECT count(*) AS n FROM formulary_items').get()).toEqual(before);
    } finally {
      fresh.dispose();
    }
  });
});
