import { afterAll, describe, expect, it } from 'vitest';
import { call, ok } from '../support/db.js';
import { addApproved, amoxicillin, formularyCommunity } from './formulary-fixtures.js';

const env = await formularyCommunity();
afterAll(() => env.dispose());
const as = (sessionToken: string) => ({ sessionToken });

describe('目录变更申请', () => {
  it('member proposes, cannot decide; the officer approves and the item exists with a code, a version and audit entries', async () => {
    const { db } = env;
    const before = (await ok(db, 'formulary.versions', {}, as(env.officer))).versions.length;
    const proposed = (await ok(
      db,
      'changeRequest.propose',
      { kind: 'add', item: amoxicillin(), reason: '乡镇常用抗菌药' },
      as(env.township),
    )).request;
    expect(proposed.number).toMatch(/^ML\d{4}-000001$/);
    expect(proposed.status).toBe('submitted');
    expect(proposed.proposerUnitName).toBe('青石镇卫生院');
    expect(proposed.itemName).toBe('阿莫西林胶囊 0.25g');

    const refused = await call(
      db,
      'changeRequest.decide',
      { id: proposed.id, approve: true, resolutionNo: 'YSH2026-03', resolutionDate: '2026-03-02' },
      as(env.township),
    );
    expect(!refused.ok && refused.error.code).toBe('FORBIDDEN');

    const decided = (await ok(
      db,
      'changeRequest.decide',
      { id: proposed.id, approve: true, resolutionNo: 'YSH2026-03', resolutionDate: '2026-03-02' },
      as(env.officer),
    )).request;
    expect(decided.status).toBe('approved');
    expect(decided.resolutionNo).toBe('YSH2026-03');
    expect(decided.decidedBy).toBe('李药师');
    expect(decided.appliedVersion).toBe(before + 1);

    const { item } = await ok(db, 'formulary.get', { id: decided.itemId! }, as(env.township));
    expect(item.code).toBe('YP000001');
    expect(item.version).toBe(before + 1);
    expect(item.pinyinInitials).toBe('amxljn');
    const versions = (await ok(db, 'formulary.versions', {}, as(env.officer))).versions;
    expect(versions[0]).toMatchObject({ version: before + 1, requestNumber: proposed.number, resolutionNo: 'YSH2026-03', itemCount: 1 });

    const audit = db.$client
      .prepare("SELECT operation, target FROM audit_log WHERE target IN ('item:YP000001', ?) ORDER BY seq")
      .all(`changeRequest:${proposed.number}`);
    expect(audit).toEqual([
      { operation: 'changeRequest.propose', target: `changeRequest:${proposed.number}` },
      { operation: 'changeRequest.decide', target: 'item:YP000001' },
      { operation: 'changeRequest.decide', target: `changeRequest:${proposed.number}` },
    ]);
    // Decided once: a second decision is refused.
    const again = await call(
      db,
      'changeRequest.decide',
      { id: proposed.id, approve: false, resolutionNo: 'X', resolutionDate: '2026-03-02' },
      as(env.officer),
    );
    expect(!again.ok && again.error.code).toBe('CONFLICT');
  });

  it('refuses a duplicate 医保代码 on add, naming the existing item', async () => {
    const r = await call(env.db, 'changeRequest.propose', { kind: 'add', item: amoxicillin({ spec: '0.5g' }), reason: '重复' }, as(env.officer));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.fields).toEqual([{ path: 'item.insuranceCode', message: expect.stringContaining('YP000001') }]);
  });

  it('a village pharmacist may propose only for the village level', async () => {
    const item = amoxicillin({ insuranceCode: 'XJ01CAA001B001020101021', levels: { county: true, township: true, village: false } });
    const r = await call(env.db, 'changeRequest.propose', { kind: 'add', item, reason: '村卫生室需要' }, as(env.village));
    expect(!r.ok && r.error.fields?.[0]?.path).toBe('item.levels.village');
  });

  it('records a rejection without touching the formulary', async () => {
    const id = (await ok(env.db, 'formulary.list', {}, as(env.officer))).items[0]!.id;
    const { request } = await ok(env.db, 'changeRequest.propose', { kind: 'retire', itemId: id, reason: '疗效不确切' }, as(env.township));
    const versions = (await ok(env.db, 'formulary.versions', {}, as(env.officer))).versions.length;
    const decided = (await ok(
      env.db,
      'changeRequest.decide',
      { id: request.id, approve: false, resolutionNo: 'YSH2026-04', resolutionDate: '2026-03-05', note: '暂不停用' },
      as(env.officer),
    )).request;
    expect(decided).toMatchObject({ status: 'rejected', appliedVersion: null, decisionNote: '暂不停用' });
    expect((await ok(env.db, 'formulary.get', { id }, as(env.officer))).item.status).toBe('active');
    expect((await ok(env.db, 'formulary.versions', {}, as(env.officer))).versions).toHaveLength(versions);
  });

  it('lets only the proposer withdraw, and only while submitted', async () => {
    const id = (await ok(env.db, 'formulary.list', {}, as(env.officer))).items[0]!.id;
    const { request } = await ok(env.db, 'changeRequest.propose', { kind: 'suspend', itemId: id, reason: '供应短缺' }, as(env.township));
    const byOther = await call(env.db, 'changeRequest.withdraw', { id: request.id }, as(env.officer));
    expect(!byOther.ok && byOther.error.code).toBe('FORBIDDEN');
    expect((await ok(env.db, 'changeRequest.withdraw', { id: request.id }, as(env.township))).request.status).toBe('withdrawn');
    const twice = await call(env.db, 'changeRequest.withdraw', { id: request.id }, as(env.township));
    expect(!twice.ok && twice.error.code).toBe('CONFLICT');
    const decide = await call(
      env.db,
      'changeRequest.decide',
      { id: request.id, approve: true, resolutionNo: 'X', resolutionDate: '2026-03-05' },
      as(env.officer),
    );
    expect(!decide.ok && decide.error.code).toBe('CONFLICT');
  });

  it('a member sees only their own unit’s requests; the officer and the auditor see all', async () => {
    await ok(
      env.db,
      'changeRequest.propose',
      { kind: 'add', item: amoxicillin({ insuranceCode: 'XJ01CAA001B001030101021', spec: '0.5g' }), reason: '村级需要' },
      as(env.village),
    );
    const units = async (token: string) => new Set((await ok(env.db, 'changeRequest.list', {}, as(token))).requests.map((r) => r.proposerUnitId));
    expect(await units(env.township)).toEqual(new Set([env.townshipId]));
    expect(await units(env.village)).toEqual(new Set([env.villageId]));
    expect(await units(env.officer)).toEqual(new Set([env.townshipId, env.villageId]));
    expect(await units(env.auditor)).toEqual(new Set([env.townshipId, env.villageId]));
    expect((await ok(env.db, 'changeRequest.list', { status: 'withdrawn' }, as(env.officer))).requests.map((r) => r.status)).toEqual(['withdrawn']);
  });

  it('applies suspend, resume, retire and level changes as new versions; an item is never deleted', async () => {
    const id = await addApproved(
      env,
      amoxicillin({ insuranceCode: 'XJ01CAA001B001040101021', manufacturer: '珠海联邦制药股份有限公司中山分公司' }),
      'YSH2026-05',
    );
    const apply = async (input: Parameters<typeof ok<'changeRequest.propose'>>[2]) => {
      const { request } = await ok(env.db, 'changeRequest.propose', input, as(env.officer));
      return (await ok(
        env.db,
        'changeRequest.decide',
        { id: request.id, approve: true, resolutionNo: `R${request.id}`, resolutionDate: '2026-03-06' },
        as(env.officer),
      )).request;
    };
    await apply({ kind: 'suspend', itemId: id, reason: '断供' });
    expect((await ok(env.db, 'formulary.get', { id }, as(env.officer))).item.status).toBe('suspended');
    await apply({ kind: 'resume', itemId: id, reason: '恢复供应' });
    expect((await ok(env.db, 'formulary.get', { id }, as(env.officer))).item.status).toBe('active');
    const levels = await apply({ kind: 'levels', itemId: id, levels: { county: true, township: false, village: false }, reason: '仅限县级' });
    const item = (await ok(env.db, 'formulary.get', { id }, as(env.officer))).item;
    expect(item.levels).toEqual({ county: true, township: false, village: false });
    expect(item.version).toBe(levels.appliedVersion);
    await apply({ kind: 'retire', itemId: id, reason: '淘汰' });
    expect((await ok(env.db, 'formulary.get', { id }, as(env.officer))).item.status).toBe('retired');
  });
});
