import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertSupplierUsable } from '../../core/suppliers/qualification.js';
import { DomainError } from '../../core/errors.js';
import { call, initialised, ok, userWithSession } from '../support/db.js';
import { supplierInput, validUscc } from '../support/suppliers.js';

const env = await initialised();
afterAll(() => env.dispose());

const tokens: Record<string, string> = {};
const as = (role: string) => ({ sessionToken: tokens[role]! });
/** 2026-06-15 10:00 China time. */
const NOW = new Date('2026-06-15T02:00:00Z');

beforeAll(async () => {
  const leadId = (await ok(env.db, 'unit.list', {}, { sessionToken: env.admin })).units[0]!.id;
  for (const role of ['pharmacy_officer', 'storekeeper', 'finance', 'auditor'] as const) {
    tokens[role] = (await userWithSession(env.db, env.admin, { username: role.replace('_', ''), displayName: '测试', role, unitId: leadId })).token;
  }
});

function refusal(work: () => void): DomainError {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('suppliers', () => {
  it('creates, lists and gets a supplier with its 首营资料 and platform codes', async () => {
    const { supplier } = await ok(env.db, 'supplier.create', supplierInput(101), as('pharmacy_officer'));
    expect(supplier).toMatchObject({ id: expect.any(Number), name: '清源医药有限公司101', kind: 'distributor', sme: true, active: true, version: 1 });
    expect(supplier.qualifications.map((q) => q.kind)).toEqual(['business_licence', 'drug_trade_licence', 'device_trade_licence']);
    expect(supplier.qualifications[0]!.expiresOn).toBeNull();
    expect(supplier.platformCodes).toEqual([{ profile: 'national-tps', code: 'PS101' }]);

    const got = await ok(env.db, 'supplier.get', { id: supplier.id }, as('storekeeper'));
    expect(got.supplier.uscc).toBe(validUscc(101));
    expect(got.supplier.qualifications).toHaveLength(3);

    const listed = await ok(env.db, 'supplier.list', { query: '101' }, as('finance'));
    expect(listed.suppliers.map((s) => s.id)).toEqual([supplier.id]);
    expect((await ok(env.db, 'supplier.list', { kind: 'manufacturer' }, as('finance'))).suppliers.map((s) => s.id)).not.toContain(supplier.id);
    const audit = env.db.$client.prepare("SELECT summary FROM audit_log WHERE operation = 'supplier.create' ORDER BY seq DESC LIMIT 1").get() as { summary: string };
    expect(audit.summary).toContain(validUscc(101));
  });

  it('refuses a USCC with a wrong check character, with its Chinese message on the field', async () => {
    const bad = `${validUscc(102).slice(0, 17)}${validUscc(102).endsWith('0') ? '1' : '0'}`;
    const result = await call(env.db, 'supplier.create', supplierInput(102, { uscc: bad }), as('pharmacy_officer'));
    expect(!result.ok && result.error.code).toBe('VALIDATION');
    expect(!result.ok && result.error.fields).toContainEqual({ path: 'uscc', message: '统一社会信用代码无效（18 位，GB 32100 校验位不符）' });
    const empty = await call(env.db, 'supplier.create', supplierInput(102, { uscc: '' }), as('pharmacy_officer'));
    expect(!empty.ok && empty.error.fields).toContainEqual({ path: 'uscc', message: '请填写统一社会信用代码' });
  });

  it('refuses a duplicate USCC with CONFLICT naming the supplier that holds it (also when pasted in full-width lower case)', async () => {
    await ok(env.db, 'supplier.create', supplierInput(103), as('pharmacy_officer'));
    const fullWidth = validUscc(103).replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.toLowerCase().charCodeAt(0) + 0xfee0));
    const result = await call(env.db, 'supplier.create', supplierInput(104, { uscc: fullWidth }), as('pharmacy_officer'));
    expect(!result.ok && result.error.code).toBe('CONFLICT');
    expect(!result.ok && result.error.message).toBe(`统一社会信用代码 ${validUscc(103)} 已登记为供应商「清源医药有限公司103」`);
    expect(!result.ok && result.error.fields?.[0]?.path).toBe('uscc');
  });

  it('refuses two licences of one kind and two codes on one platform profile', async () => {
    const input = supplierInput(105, {
      qualifications: [
        { kind: 'gsp', number: 'A', expiresOn: null },
        { kind: 'gsp', number: 'B', expiresOn: '2027-01-01' },
      ],
      platformCodes: [
        { profile: 'p', code: '1' },
        { profile: 'p', code: '2' },
      ],
    });
    const result = await call(env.db, 'supplier.create', input, as('pharmacy_officer'));
    expect(!result.ok && result.error.fields?.map((f) => f.path)).toEqual(['qualifications.1.kind', 'platformCodes.1.profile']);
    const badDate = await call(env.db, 'supplier.create', supplierInput(105, { qualifications: [{ kind: 'gsp', number: 'A', expiresOn: '2027-02-30' }] }), as('pharmacy_officer'));
    expect(!badDate.ok && badDate.error.fields?.[0]).toEqual({ path: 'qualifications.0.expiresOn', message: '2027年2月没有 30 日' });
    // A licence date as printed, or a month (valid through its last day).
    const printed = await ok(
      env.db,
      'supplier.create',
      supplierInput(110, { qualifications: [{ kind: 'gsp', number: 'G110', expiresOn: '2029年6月' }, { kind: 'business_licence', number: 'Y110', expiresOn: '2031.01.15' }] }),
      as('pharmacy_officer'),
    );
    expect(printed.supplier.qualifications.map((q) => q.expiresOn)).toEqual(['2029-06-30', '2031-01-15']);
  });

  it('updates with the version read, replacing qualifications and codes as sets, and audits the field diff', async () => {
    const { supplier } = await ok(env.db, 'supplier.create', supplierInput(106), as('pharmacy_officer'));
    const fields = supplierInput(106, {
      contactPhone: '13900001111',
      qualifications: [{ kind: 'business_licence', number: 'YYZZ106', expiresOn: null }],
      platformCodes: [{ profile: 'sichuan', code: 'SC-9' }],
    });
    const updated = await ok(env.db, 'supplier.update', { id: supplier.id, version: 1, fields }, as('pharmacy_officer'));
    expect(updated.supplier.version).toBe(2);
    expect(updated.supplier.contactPhone).toBe('13900001111');
    expect(updated.supplier.qualifications.map((q) => q.kind)).toEqual(['business_licence']);
    expect(updated.supplier.platformCodes).toEqual([{ profile: 'sichuan', code: 'SC-9' }]);
    const audit = env.db.$client.prepare("SELECT summary FROM audit_log WHERE operation = 'supplier.update' ORDER BY seq DESC LIMIT 1").get() as { summary: string };
    const summary = JSON.parse(audit.summary) as { changes: Record<string, { from: unknown; to: unknown }> };
    expect(summary.changes.contactPhone).toEqual({ from: '0571-88886666', to: '13900001111' });
    expect(Object.keys(summary.changes).sort()).toEqual(['contactPhone', 'platformCodes', 'qualifications']);

    // The same edit from the version read before: CONFLICT, nothing written.
    const stale = await call(env.db, 'supplier.update', { id: supplier.id, version: 1, fields: supplierInput(106) }, as('pharmacy_officer'));
    expect(!stale.ok && stale.error.code).toBe('CONFLICT');
    expect(!stale.ok && stale.error.fields?.[0]?.path).toBe('version');
    expect((await ok(env.db, 'supplier.get', { id: supplier.id }, as('pharmacy_officer'))).supplier.contactPhone).toBe('13900001111');

    // Taking another supplier's USCC on edit is a CONFLICT on fields.uscc.
    const taken = await call(env.db, 'supplier.update', { id: supplier.id, version: 2, fields: supplierInput(106, { uscc: validUscc(101) }) }, as('pharmacy_officer'));
    expect(!taken.ok && taken.error.code).toBe('CONFLICT');
    expect(!taken.ok && taken.error.fields?.[0]?.path).toBe('fields.uscc');
  });

  it('only the pharmacy officer manages suppliers', async () => {
    for (const role of ['storekeeper', 'finance', 'auditor']) {
      const result = await call(env.db, 'supplier.create', supplierInput(107), as(role));
      expect(!result.ok && result.error.code, role).toBe('FORBIDDEN');
    }
  });

  it('shows bank fields to finance and the pharmacy officer only', async () => {
    const { supplier } = await ok(env.db, 'supplier.create', supplierInput(108), as('pharmacy_officer'));
    for (const role of ['pharmacy_officer', 'finance']) {
      expect((await ok(env.db, 'supplier.get', { id: supplier.id }, as(role))).supplier.bankAccountNo, role).toBe('6222020200112233445');
    }
    for (const role of ['storekeeper', 'auditor']) {
      const got = (await ok(env.db, 'supplier.get', { id: supplier.id }, as(role))).supplier;
      expect(got.name).toBe('清源医药有限公司108');
      for (const field of ['bankName', 'bankAccountName', 'bankAccountNo']) expect(field in got, `${role} ${field}`).toBe(false);
      const listed = (await ok(env.db, 'supplier.list', {}, as(role))).suppliers;
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.some((s) => 'bankAccountNo' in s)).toBe(false);
    }
  });

  it('is never deleted: deactivated instead, and the database refuses a DELETE', async () => {
    const { supplier } = await ok(env.db, 'supplier.create', supplierInput(109), as('pharmacy_officer'));
    const off = await ok(env.db, 'supplier.setActive', { id: supplier.id, version: 1, active: false, reason: '合作终止' }, as('pharmacy_officer'));
    expect(off.supplier).toMatchObject({ active: false, version: 2 });
    expect((await ok(env.db, 'supplier.list', {}, as('pharmacy_officer'))).suppliers.map((s) => s.id)).not.toContain(supplier.id);
    expect((await ok(env.db, 'supplier.list', { includeInactive: true }, as('pharmacy_officer'))).suppliers.map((s) => s.id)).toContain(supplier.id);
    expect(() => env.db.$client.prepare('DELETE FROM suppliers WHERE id = ?').run(supplier.id)).toThrow(/never deleted/);
    expect(refusal(() => assertSupplierUsable(env.db, supplier.id, { categories: ['western'], onDate: '2026-06-15', path: 'supplierId' })).message).toContain('已停用');
  });
});

describe('qualifications', () => {
  it('assertSupplierUsable refuses a missing or expired required licence and accepts a valid one', async () => {
    const valid = (await ok(env.db, 'supplier.create', supplierInput(201), as('pharmacy_officer'))).supplier;
    expect(() => assertSupplierUsable(env.db, valid.id, { categories: ['western', 'consumable'], onDate: '2026-06-15', path: 'supplierId' })).not.toThrow();

    const expired = (
      await ok(
        env.db,
        'supplier.create',
        supplierInput(202, {
          qualifications: [
            { kind: 'business_licence', number: 'Y202', expiresOn: null },
            { kind: 'drug_trade_licence', number: 'D202', expiresOn: '2026-06-14' },
          ],
        }),
        as('pharmacy_officer'),
      )
    ).supplier;
    const error = refusal(() => assertSupplierUsable(env.db, expired.id, { categories: ['western'], onDate: '2026-06-15', path: 'supplierId' }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('药品经营许可证已于 2026-06-14 过期');
    expect(error.fields).toEqual([{ path: 'supplierId', message: error.message }]);
    // Valid through its last day.
    expect(() => assertSupplierUsable(env.db, expired.id, { categories: ['western'], onDate: '2026-06-14', path: 'supplierId' })).not.toThrow();

    const missing = refusal(() => assertSupplierUsable(env.db, expired.id, { categories: ['consumable'], onDate: '2026-06-01', path: 'lines.0.itemId' }));
    expect(missing.message).toContain('缺少医疗器械经营许可证');
    expect(missing.fields?.[0]?.path).toBe('lines.0.itemId');
  });

  it('alerts on licences expired or expiring within 30 days, and tags the supplier', async () => {
    const { supplier } = await ok(
      env.db,
      'supplier.create',
      supplierInput(301, {
        qualifications: [
          { kind: 'business_licence', number: 'Y301', expiresOn: null },
          { kind: 'drug_trade_licence', number: 'D301', expiresOn: '2026-07-15' }, // 30 days after NOW
          { kind: 'gsp', number: 'G301', expiresOn: '2026-07-16' }, // 31 days: no alert
          { kind: 'authorization', number: 'A301', expiresOn: '2026-06-14' }, // expired yesterday
        ],
      }),
      { ...as('pharmacy_officer'), now: NOW },
    );
    expect(supplier.alert).toBe('expired');
    expect(supplier.qualifications.map((q) => [q.kind, q.state, q.daysLeft])).toEqual([
      ['business_licence', 'valid', null],
      ['drug_trade_licence', 'expiring', 30],
      ['gsp', 'valid', 31],
      ['authorization', 'expired', -1],
    ]);
    expect(supplier.alertText).toBe('药品经营许可证 30 天后到期；授权委托书已过期');
    const { alerts } = await ok(env.db, 'supplier.alerts', {}, { ...as('storekeeper'), now: NOW });
    const mine = alerts.filter((a) => a.supplierId === supplier.id);
    expect(mine.map((a) => [a.kind, a.state, a.daysLeft])).toEqual([
      ['authorization', 'expired', -1],
      ['drug_trade_licence', 'expiring', 30],
    ]);
  });
});
