import { describe, expect, it, vi } from 'vitest';
import { isValidUscc, itemFields, ROLES, setupInitialize, storeFields, unitFields, userCreate } from '../../core/api/index.js';
import {
  allSampleUnits,
  COMMUNITY_SAMPLE,
  setupInitializeInput,
  storeCreateInput,
  unitFieldsInput,
  userCreateInput,
} from '../../server/seed/community-sample.js';
import { FORMULARY_CATEGORIES, FORMULARY_SAMPLE, standardCodeCheckDigit } from '../../server/seed/nhsa-sample.js';

const WESTERN_CODE = /^X[A-Z]\d{2}[A-Z]{2}[A-Z0-9]{17}$/;
const CHINESE_PATENT_CODE = /^Z[A-Z0-9]{19}$/;
const CONSUMABLE_CODE = /^C[0-9A-Z]{19}$/;
const DRUG_APPROVAL = /^国药准字[HZSJ][CJ]?\d{8}$/;
const DEVICE_REGISTRATION = /^[\u4e00-\u9fa5]{1,2}械注[准进许]\d{4}[123]\d{2}\d{4}$/;
const STANDARD_CODE = /^86\d{12}$/;

const duplicates = (values: readonly string[]): string[] => values.filter((v, i) => values.indexOf(v) !== i);

describe('FORMULARY_SAMPLE', () => {
  const rows = FORMULARY_SAMPLE;
  const western = rows.filter((r) => r.category === 'western');
  const chinese = rows.filter((r) => r.category === 'chinese_patent');
  const consumables = rows.filter((r) => r.category === 'consumable');

  it('has about 300 rows, mostly drugs, with about twenty consumables', () => {
    expect(rows.length).toBeGreaterThanOrEqual(280);
    expect(rows.length).toBeLessThanOrEqual(360);
    expect(western.length).toBeGreaterThan(chinese.length);
    expect(chinese.length).toBeGreaterThanOrEqual(50);
    expect(consumables.length).toBeGreaterThanOrEqual(15);
    expect(consumables.length).toBeLessThanOrEqual(40);
    for (const r of rows) expect(FORMULARY_CATEGORIES).toContain(r.category);
  });

  it('gives every row a 医保代码 in its category’s format, each unique', () => {
    for (const r of western) expect(r.insuranceCode, r.genericName).toMatch(WESTERN_CODE);
    for (const r of chinese) expect(r.insuranceCode, r.genericName).toMatch(CHINESE_PATENT_CODE);
    for (const r of consumables) expect(r.insuranceCode, r.genericName).toMatch(CONSUMABLE_CODE);
    expect(duplicates(rows.map((r) => r.insuranceCode))).toEqual([]);
  });

  it('puts the ATC group that fits the drug at the front of western codes', () => {
    const prefixOf = (name: string) => new Set(western.filter((r) => r.genericName === name).map((r) => r.insuranceCode.slice(0, 6)));
    expect(prefixOf('阿莫西林胶囊')).toEqual(new Set(['XJ01CA']));
    expect(prefixOf('硝苯地平缓释片(Ⅱ)')).toEqual(new Set(['XC08CA']));
    expect(prefixOf('阿托伐他汀钙片')).toEqual(new Set(['XC10AA']));
    expect(prefixOf('盐酸二甲双胍片')).toEqual(new Set(['XA10BA']));
    expect(prefixOf('奥美拉唑肠溶胶囊')).toEqual(new Set(['XA02BC']));
  });

  it('uses 国药准字 for drugs (H/S for western, Z for 中成药) and 械注准 registrations for consumables', () => {
    for (const r of [...western, ...chinese]) expect(r.approvalNo, r.genericName).toMatch(DRUG_APPROVAL);
    for (const r of western) expect(r.approvalNo).toMatch(/^国药准字[HS]/);
    for (const r of chinese) expect(r.approvalNo).toMatch(/^国药准字Z/);
    for (const r of consumables) expect(r.approvalNo, r.genericName).toMatch(DEVICE_REGISTRATION);
    // Insulins and live bacteria are biologics.
    for (const r of western.filter((w) => w.genericName.includes('胰岛素'))) expect(r.approvalNo).toMatch(/^国药准字S/);
  });

  it('shares one approval number across the pack sizes of one spec from one manufacturer', () => {
    const byProduct = new Map<string, Set<string>>();
    for (const r of rows) {
      const key = `${r.genericName}|${r.spec}|${r.manufacturer}`;
      byProduct.set(key, (byProduct.get(key) ?? new Set()).add(r.approvalNo));
    }
    for (const [key, numbers] of byProduct) expect(numbers.size, key).toBe(1);
  });

  it('gives drugs a unique 本位码 with a valid check digit and consumables none', () => {
    // The brief's real example must pass the same check the generator uses.
    expect(standardCodeCheckDigit('8690048300001')).toBe(9);
    const drugs = [...western, ...chinese];
    for (const r of drugs) {
      expect(r.standardCode, r.genericName).toMatch(STANDARD_CODE);
      expect(standardCodeCheckDigit(r.standardCode.slice(0, 13))).toBe(Number(r.standardCode[13]));
    }
    expect(duplicates(drugs.map((r) => r.standardCode))).toEqual([]);
    for (const r of consumables) expect(r.standardCode).toBe('');
  });

  it('has positive integer pack factors and the text every 品规 needs', () => {
    for (const r of rows) {
      for (const level of r.packs) expect(Number.isInteger(level.factor) && level.factor > 0, r.insuranceCode).toBe(true);
      for (const field of [r.genericName, r.spec, r.baseUnit, r.purchaseUnit, r.manufacturer, r.holder]) expect(field.trim()).not.toBe('');
      if (r.category !== 'consumable') expect(r.dosageForm).not.toBe('');
      expect(['A', 'B', 'C', '']).toContain(r.insuranceClass);
    }
  });

  it('offers several pack presentations of the same drug, with a 件 above the box', () => {
    const amoxicillin = western.filter((r) => r.genericName === '阿莫西林胶囊' && r.manufacturer === '华北制药股份有限公司');
    expect(amoxicillin.map((r) => r.packs[0]!.factor).sort((a, b) => a - b)).toEqual([24, 36]);
    expect(amoxicillin[0]!.packs).toEqual([
      { unit: '盒', factor: 24 },
      { unit: '件', factor: 200 },
    ]);
    expect(amoxicillin[0]!.purchaseUnit).toBe('盒');
    expect(new Set(amoxicillin.map((r) => r.insuranceCode)).size).toBe(2);
  });

  it('passes itemFields unchanged: every row is a valid formulary item as it stands', () => {
    for (const { listedPriceMicro: _l, negotiatedPriceMicro: _n, limitPriceMicro: _m, ...fields } of rows) {
      const parsed = itemFields.safeParse(fields);
      expect(parsed.error?.issues, fields.insuranceCode).toBeUndefined();
      expect(parsed.data).toEqual(fields);
    }
  });

  it('makes levels, flags and prices realistic', () => {
    const named = (name: string) => rows.filter((r) => r.genericName === name);
    // Injections and controlled drugs stay at county level; a common oral 甲类 drug reaches the village.
    for (const r of rows.filter((x) => x.dosageForm === '注射剂' || x.controlledClass))
      expect(r.levels, r.genericName).toEqual({ county: true, township: false, village: false });
    expect(named('阿莫西林胶囊')[0]!.levels.village).toBe(true);
    expect(named('艾司唑仑片')[0]!.controlledClass).toBe('psychotropic2');
    for (const r of rows.filter((x) => x.genericName.includes('胰岛素'))) {
      expect([r.coldChain, r.storageTempMin, r.storageTempMax, r.highAlert]).toEqual([true, 2, 8, true]);
    }
    expect(named('氯化钾注射液').every((r) => r.highAlert)).toBe(true);
    expect(named('注射用头孢曲松钠').every((r) => r.antibacterialTier === 'restricted')).toBe(true);
    expect(named('阿莫西林胶囊').every((r) => r.antibacterialTier === 'unrestricted')).toBe(true);
    expect(named('苯磺酸氨氯地平片').every((r) => r.antibacterialTier === '')).toBe(true);
    const vbp = rows.filter((r) => r.vbp);
    expect(vbp.length).toBeGreaterThanOrEqual(5);
    for (const r of vbp) expect(r.vbp!.agreedPriceMicro).toBe(r.listedPriceMicro);
    expect(rows.filter((r) => r.essential).length).toBeGreaterThan(50);
    for (const r of rows) {
      expect(r.listedPriceMicro % 10_000, 'whole fen').toBe(0);
      if (r.negotiatedPriceMicro !== null) expect(r.negotiatedPriceMicro).toBeLessThan(r.listedPriceMicro);
    }
  });

  it('is deterministic: a fresh import builds exactly the same rows', async () => {
    vi.resetModules();
    const again = await import('../../server/seed/nhsa-sample.js');
    expect(again.FORMULARY_SAMPLE).not.toBe(FORMULARY_SAMPLE);
    expect(again.FORMULARY_SAMPLE).toEqual(FORMULARY_SAMPLE);
  });
});

describe('COMMUNITY_SAMPLE', () => {
  const units = allSampleUnits();
  const byCode = new Map(units.map((u) => [u.code, u]));
  // Stand-in ids: the real ones come from the database; the schemas only care that they are positive integers.
  const idOf = new Map(units.map((u, i) => [u.code, i + 1]));

  it('has the lead hospital, the 中医院, six 乡镇卫生院 and two 村卫生室 under each', () => {
    expect(COMMUNITY_SAMPLE.leadUnit.kind).toBe('county_hospital');
    expect(units.filter((u) => u.kind === 'county_hospital')).toHaveLength(2);
    const townships = units.filter((u) => u.kind === 'township_hospital');
    expect(townships).toHaveLength(6);
    const clinics = units.filter((u) => u.kind === 'village_clinic');
    expect(clinics).toHaveLength(12);
    for (const t of townships) expect(clinics.filter((c) => c.parentCode === t.code)).toHaveLength(2);
  });

  it('makes every village clinic belong to a township unit listed before it', () => {
    units.forEach((u, index) => {
      if (u.kind !== 'village_clinic') {
        expect(u.parentCode).toBeNull();
        return;
      }
      const parent = u.parentCode === null ? undefined : byCode.get(u.parentCode);
      expect(parent?.kind, u.code).toBe('township_hospital');
      expect(units.indexOf(parent!)).toBeLessThan(index);
    });
  });

  it('gives every unit a valid, unique USCC and unique codes', () => {
    for (const u of units) expect(isValidUscc(u.uscc), `${u.name} ${u.uscc}`).toBe(true);
    expect(duplicates(units.map((u) => u.uscc))).toEqual([]);
    expect(duplicates(units.map((u) => u.code))).toEqual([]);
    expect(duplicates(units.map((u) => u.insuranceCode))).toEqual([]);
    expect(duplicates(units.flatMap((u) => u.stores.map((s) => s.code)))).toEqual([]);
    // The check must be able to fail: one changed character breaks it.
    const lead = COMMUNITY_SAMPLE.leadUnit.uscc;
    expect(isValidUscc(lead.slice(0, 17) + (lead[17] === '0' ? '1' : '0'))).toBe(false);
  });

  it('passes unitFields unchanged for every unit, parent ids included', () => {
    for (const u of units) {
      const input = unitFieldsInput(u, u.parentCode === null ? null : idOf.get(u.parentCode)!);
      const parsed = unitFields.safeParse(input);
      expect(parsed.error?.issues, u.code).toBeUndefined();
      // Clean data: the schema's trimming and case-folding must not have had anything to fix.
      expect(parsed.data).toEqual(input);
    }
  });

  it('gives the lead unit a central 中心药库 plus a 门诊药房, and every member one store that passes storeFields', () => {
    expect(units.flatMap((u) => u.stores).filter((s) => s.isCentral)).toEqual([{ code: 'QY-XRMYY-YK', name: '中心药库', isCentral: true }]);
    expect(COMMUNITY_SAMPLE.leadUnit.stores.map((s) => s.name)).toEqual(['中心药库', '门诊药房']);
    for (const m of COMMUNITY_SAMPLE.members) expect(m.stores).toHaveLength(1);
    for (const u of units) {
      for (const s of u.stores) {
        const parsed = storeFields.safeParse(storeCreateInput(s, idOf.get(u.code)!));
        expect(parsed.error?.issues, s.code).toBeUndefined();
      }
    }
  });

  it('builds a setup.initialize input the contract accepts', () => {
    const parsed = setupInitialize.input.safeParse(setupInitializeInput('Qingyuan2026', 'ABCDEFGHJK'));
    expect(parsed.error?.issues).toBeUndefined();
    expect(parsed.data?.community.bankAccountNo).toMatch(/^\d{19}$/);
    expect(parsed.data?.community.institutionCode).toMatch(/^H\d{11}$/);
    expect(parsed.data?.leadUnit.code).toBe('QY-XRMYY');
    expect(parsed.data?.centralStore).toEqual({ code: 'QY-XRMYY-YK', name: '中心药库' });
    expect(parsed.data?.admin.username).toBe('admin');
    // The password is the caller's; a weak one is still refused by the contract.
    expect(setupInitialize.input.safeParse(setupInitializeInput('short', 'ABCDEFGHJK')).success).toBe(false);
  });

  it('has a demo user for every role (a village doctor besides the township pharmacist, a second finance user for the two-person rule), each bound to an existing unit and passing user.create', () => {
    const users = COMMUNITY_SAMPLE.users;
    expect([...new Set(users.map((u) => u.role))].sort()).toEqual([...ROLES].sort());
    expect(users.filter((u) => u.role !== 'member_pharmacist').map((u) => u.role).sort()).toEqual([...ROLES.filter((r) => r !== 'member_pharmacist'), 'finance'].sort());
    expect(users[0]?.role).toBe('admin');
    expect(duplicates(users.map((u) => u.username))).toEqual([]);
    for (const user of users) {
      expect(byCode.has(user.unitCode), user.username).toBe(true);
      const parsed = userCreate.input.safeParse(userCreateInput(user, idOf.get(user.unitCode)!));
      expect(parsed.error?.issues, user.username).toBeUndefined();
    }
    const [township, village] = users.filter((u) => u.role === 'member_pharmacist');
    expect(byCode.get(township!.unitCode)?.kind).toBe('township_hospital');
    expect(byCode.get(village!.unitCode)?.kind).toBe('village_clinic');
    expect(byCode.get(village!.unitCode)?.parentCode).toBe(township!.unitCode);
  });
});
