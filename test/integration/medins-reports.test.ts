import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpOutput } from '../../core/api/index.js';
import { MEDINS_SPECS, hubFields } from '../../core/medins/fields.js';
import { perBaseUnit } from '../../core/medins/numbers.js';
import { call, ok } from '../support/db.js';
import { supplierInput } from '../support/suppliers.js';
import { medinsWorld } from './medins-support.js';

let w: Awaited<ReturnType<typeof medinsWorld>>;
beforeAll(async () => {
  w = await medinsWorld();
}, 60_000);
afterAll(() => w?.env.dispose());

type Report = OpOutput<'medins.report'>;
const report = (unitId: number, code: Report['report'], who = w.tokens.auditor) => ok(w.db, 'medins.report', { unitId, month: w.month, report: code, pageSize: 500 }, who);
const values = (r: Report) => r.records.map((x) => x.values);
const bchno = () => `B${String(w.batchId).padStart(9, '0')}`;
const LEAD = '清源县人民医院';

describe('field tables', () => {
  it('3503 requires exactly the domain brief’s starred fields, with its lengths', () => {
    const required = MEDINS_SPECS['3503'].fields.filter((f) => f.required).map((f) => f.name);
    expect(required).toEqual([
      'med_list_codg',
      'fixmedins_hilist_id',
      'fixmedins_hilist_name',
      'fixmedins_bchno',
      'spler_name',
      'manu_lotnum',
      'prodentp_name',
      'aprvno',
      'manu_date',
      'expy_end',
      'purc_retn_cnt',
      'rx_flag',
      'purc_retn_stoin_time',
      'purc_retn_opter_name',
    ]);
    expect(MEDINS_SPECS['3503'].fields.map((f) => f.name)).toEqual(expect.arrayContaining(['dynt_no', 'spler_pmtno', 'finl_trns_pric', 'purc_invo_codg', 'purc_invo_no', 'prod_geay_flag', 'memo']));
    expect(MEDINS_SPECS['3503'].fields.find((f) => f.name === 'finl_trns_pric')).toMatchObject({ length: 16, scale: 6 });
    expect(MEDINS_SPECS['3503'].fields.find((f) => f.name === 'purc_retn_cnt')).toMatchObject({ length: 16, scale: 4 });
  });

  it('nodes as public clients send them; 3501/3502 carry drugtracinfo; 3505/3506 leave the HIS fields out', () => {
    expect(Object.values(MEDINS_SPECS).map((s) => [s.report, s.node])).toEqual([
      ['3501', 'invinfo'],
      ['3502', 'invinfo'],
      ['3503', 'purcinfo'],
      ['3504', 'purcinfo'],
      ['3505', 'selinfo'],
      ['3506', 'selinfo'],
    ]);
    for (const r of ['3501', '3502'] as const) expect(hubFields(r).some((f) => f.name === 'drugtracinfo')).toBe(true);
    expect(hubFields('3505').map((f) => f.name)).not.toContain('psn_no');
    expect(hubFields('3505').map((f) => f.name)).not.toContain('prsc_dr_name');
    expect(hubFields('3506').map((f) => f.name)).not.toContain('setl_id');
  });

  it('prices per base unit are exact 6-decimal text (12.50 ¥ per box of 24 → 0.520833; 30 ¥ per 支 → 30.000000)', () => {
    expect(perBaseUnit(12_500_000, 24)).toBe('0.520833');
    expect(perBaseUnit(12_500_020, 24)).toBe('0.520834');
    expect(perBaseUnit(30_000_000, 1)).toBe('30.000000');
    expect(perBaseUnit(9_007_199_254_740, 7)).toBe('1286742.750677');
  });
});

describe('the lead hospital’s month', () => {
  it('3503: the accepted receipt line, hand-checked; the insulin line without a 医保代码 is listed, not reported', async () => {
    const r = await report(w.env.leadId, '3503');
    expect(r.unit).toMatchObject({ unitId: w.env.leadId, insuranceCode: 'H33010200001', isLead: true });
    expect(values(r)).toEqual([
      {
        med_list_codg: 'XJ01CAA001B001010101021',
        fixmedins_hilist_id: expect.any(String),
        fixmedins_hilist_name: '阿莫西林胶囊',
        dynt_no: 'SX001',
        fixmedins_bchno: bchno(),
        spler_name: supplierInput(1).name,
        spler_pmtno: expect.any(String),
        manu_lotnum: 'MA2601',
        prodentp_name: '华北制药股份有限公司',
        aprvno: '国药准字H13023964',
        manu_date: '2026-01-15',
        expy_end: '2028-09-30',
        finl_trns_pric: '0.520833',
        purc_retn_cnt: '48.0000',
        purc_invo_codg: '',
        purc_invo_no: '12345678901234567890',
        rx_flag: '1',
        purc_retn_stoin_time: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
        purc_retn_opter_name: '周库管',
        prod_geay_flag: '0',
        memo: w.receipt.number,
      },
    ]);
    expect(r.records[0]).toMatchObject({ documentNumber: w.receipt.number, lineNo: 1, documentType: 'receipt' });
    expect(r.unreportable.filter((u) => u.report === '3503')).toEqual([
      expect.objectContaining({ report: '3503', documentNumber: w.receipt.number, lineNo: 2, field: 'med_list_codg', reason: expect.stringMatching(/重组人胰岛素注射液.*未维护医保代码/) }),
    ]);
    expect(r.counts.find((c) => c.report === '3503')).toMatchObject({ records: 1, unreportable: 1 });
  });

  it('3502: every move of the central store with its stored change type and the receipt’s trace codes', async () => {
    const r = await report(w.env.leadId, '3502');
    expect(values(r).map((v) => [v.inv_chg_type, v.cnt, v.pric, (v.memo ?? '').split(' ')[0]])).toEqual([
      ['108', '48.0000', '0.520833', w.receipt.number],
      ['109', '12.0000', '0.520833', w.adjustment.number],
      ['102', '24.0000', '0.520833', w.shipment.number],
    ]);
    expect(r.records[0]!.values.drugtracinfo).toBe(w.traceCodes.join('、'));
    expect(r.records[0]!.traceCodeCount).toBe(2);
    expect(r.unreportable.filter((u) => u.report === '3502').map((u) => [u.lineNo, u.field])).toEqual([[2, 'med_list_codg']]);
  });

  it('3504: the return to the supplier; the lead has no 3505/3506 (it recorded no consumption)', async () => {
    const r = await report(w.env.leadId, '3504');
    expect(values(r)).toEqual([expect.objectContaining({ spler_name: supplierInput(1).name, purc_retn_cnt: '12.0000', manu_date: '2026-01-15', fixmedins_bchno: bchno() })]);
    expect(r.counts.filter((c) => ['3505', '3506'].includes(c.report)).map((c) => c.records)).toEqual([0, 0]);
  });
});

describe('the member’s month', () => {
  it('3503: the confirmed shipment is a purchase from the lead hospital, at the batch cost', async () => {
    const r = await report(w.env.townshipId, '3503', w.tokens.township);
    expect(values(r)).toEqual([
      expect.objectContaining({ spler_name: LEAD, purc_retn_cnt: '24.0000', finl_trns_pric: '0.520833', dynt_no: w.shipment.number, manu_lotnum: 'MA2601', fixmedins_bchno: bchno(), purc_retn_opter_name: expect.any(String) }),
    ]);
  });

  it('3502: 101 in (with the box’s code), 107 ×2, the reversal −4, 102 back to the centre, the 104 of the count', async () => {
    const r = await report(w.env.townshipId, '3502', w.tokens.township);
    expect(values(r).map((v) => [v.inv_chg_type, v.cnt])).toEqual([
      ['101', '24.0000'],
      ['107', '10.0000'],
      ['107', '4.0000'],
      ['107', '-4.0000'],
      ['102', '5.0000'],
      ['104', '1.0000'],
    ]);
    expect(r.records[0]!.traceCodeCount).toBe(1);
    expect(r.records[3]!.values.memo).toContain(`冲销 ${w.second.number}`);
  });

  it('pages: every report counted in full while only the asked page is returned, its trace codes included', async () => {
    const whole = values(await report(w.env.townshipId, '3502', w.tokens.township));
    const page = (n: number) => ok(w.db, 'medins.report', { unitId: w.env.townshipId, month: w.month, report: '3502', page: n, pageSize: 4 }, w.tokens.township);
    const [first, second] = await Promise.all([page(1), page(2)]);
    expect([first.total, second.total]).toEqual([6, 6]);
    expect([...values(first), ...values(second)]).toEqual(whole);
    expect(first.records[0]!.traceCodeCount).toBe(1);
    expect(second.counts).toEqual(first.counts);
    expect(first.counts.find((c) => c.report === '3505')).toMatchObject({ records: 2 });
  });

  it('3504: the return to the centre names the lead hospital as supplier', async () => {
    const r = await report(w.env.townshipId, '3504', w.tokens.township);
    expect(values(r)).toEqual([expect.objectContaining({ spler_name: LEAD, purc_retn_cnt: '5.0000', memo: w.back.number })]);
  });

  it('3505 one record per consumption batch (拆零 when not whole boxes), 3506 the reversal pointing at its sale', async () => {
    const sales = await report(w.env.townshipId, '3505', w.tokens.township);
    expect(values(sales).map((v) => [v.rtal_docno, v.sel_retn_cnt, v.trdn_flag, v.finl_trns_pric, v.manu_date])).toEqual([
      [w.sale.number, '10.0000', '1', '0.520833', '2026-01-15'],
      [w.second.number, '4.0000', '1', '0.520833', '2026-01-15'],
    ]);
    expect(sales.note.join('')).toMatch(/HIS/);
    const returns = await report(w.env.townshipId, '3506', w.tokens.township);
    expect(values(returns)).toEqual([expect.objectContaining({ sel_retn_cnt: '4.0000', medins_prod_sel_no: w.second.number, memo: `冲销 ${w.second.number}` })]);
    expect(returns.records[0]!.documentNumber).toBe(w.reversal.number);
  });

  it('3501: the posted stocktake’s count (basis stocktake), with the codes that reached the unit', async () => {
    const r = await report(w.env.townshipId, '3501', w.tokens.township);
    expect(r.inventoryBasis).toBe('stocktake');
    expect(values(r)).toEqual([expect.objectContaining({ inv_cnt: '8.0000', fixmedins_bchno: bchno(), manu_lotnum: 'MA2601', expy_end: '2028-09-30', memo: `盘点单 ${w.stocktake.number}` })]);
    expect(r.records[0]!.traceCodeCount).toBe(1);
  });

  it('3501 without a stocktake in the period: the opening stock per batch at the period start', async () => {
    const next = `${w.month.slice(0, 4)}-${w.month.slice(5) === '12' ? '12' : String(Number(w.month.slice(5)) + 1).padStart(2, '0')}`;
    const later = w.month.slice(5) === '12' ? { from: `${Number(w.month.slice(0, 4)) + 1}-01-01`, to: `${Number(w.month.slice(0, 4)) + 1}-01-31` } : { month: next };
    const r = await ok(w.db, 'medins.report', { unitId: w.env.townshipId, ...later, report: '3501' }, w.tokens.township);
    expect(r.inventoryBasis).toBe('opening');
    expect(values(r)).toEqual([expect.objectContaining({ inv_cnt: '8.0000', memo: '期初账面库存' })]);
    expect(r.counts.find((c) => c.report === '3502')!.records).toBe(0);
  });

  it('3501 of the lead hospital: the codes still held (received less the box shipped), the same on a page as in the export', async () => {
    const next = w.month.slice(5) === '12' ? { from: `${Number(w.month.slice(0, 4)) + 1}-01-01`, to: `${Number(w.month.slice(0, 4)) + 1}-01-31` } : { month: `${w.month.slice(0, 4)}-${String(Number(w.month.slice(5)) + 1).padStart(2, '0')}` };
    const page = await ok(w.db, 'medins.report', { unitId: w.env.leadId, ...next, report: '3501', pageSize: 1 }, w.tokens.auditor);
    const shipped = w.db.$client.prepare('SELECT code FROM shipment_line_codes WHERE document_id = ?').pluck().all(w.shipment.id) as string[];
    expect(shipped).toHaveLength(1);
    const held = w.traceCodes.filter((code) => !shipped.includes(code));
    expect(page.records).toHaveLength(1);
    expect(page.records[0]!.values.drugtracinfo).toBe(held.join('、'));
    const file = await ok(w.db, 'medins.export', { unitId: w.env.leadId, ...next, format: 'json', report: '3501', skipUnreportable: true }, w.tokens.auditor);
    const messages = JSON.parse(Buffer.from(file.contentBase64, 'base64').toString('utf8')) as { input: { invinfo: { drugtracinfo: { drug_trac_codg: string }[] } } }[];
    expect(messages[0]!.input.invinfo.drugtracinfo.map((t) => t.drug_trac_codg)).toEqual(held);
  });
});

describe('exports', () => {
  it('any unreportable row refuses the export with every reason; skipUnreportable writes the rest', async () => {
    const refused = await call(w.db, 'medins.export', { unitId: w.env.leadId, month: w.month, format: 'json', report: '3503' }, w.tokens.auditor);
    expect(!refused.ok && refused.error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/^有 1 行不能上报，未导出：3503 RK\d{4}-\d{6} 第2行：品种 \S+ 重组人胰岛素注射液 .*未维护医保代码/) });
    const file = await ok(w.db, 'medins.export', { unitId: w.env.leadId, month: w.month, format: 'json', report: '3503', skipUnreportable: true }, w.tokens.auditor);
    expect(file.fileName).toBe(`3503-QY-XRMYY-${w.month}.json`);
    const messages = JSON.parse(Buffer.from(file.contentBase64, 'base64').toString('utf8')) as { infno: string; input: { purcinfo: Record<string, string> } }[];
    expect(messages).toHaveLength(1);
    expect(messages[0]!.infno).toBe('3503');
    expect(messages[0]!.input.purcinfo).toMatchObject({ med_list_codg: 'XJ01CAA001B001010101021', purc_retn_cnt: '48.0000', finl_trns_pric: '0.520833' });
    expect(file.skipped.map((s) => [s.report, s.lineNo, s.field])).toEqual([['3503', 2, 'med_list_codg']]);
  });

  it('the member’s xlsx: one sheet per report, Chinese headers over field names, the note and the 不能上报 sheet', async () => {
    const file = await ok(w.db, 'medins.export', { unitId: w.env.townshipId, month: w.month, format: 'xlsx' }, w.tokens.township);
    expect(file.fileName).toBe(`医保进销存-WS01-${w.month}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['说明', '3501商品盘存信息', '3502商品库存变更', '3503商品采购', '3504商品采购退货', '3505商品销售', '3506商品销售退货', '不能上报']);
    const sales = book.getWorksheet('3505商品销售')!;
    expect(sales.getRow(1).getCell(2).value).toBe('医疗目录编码*');
    expect(sales.getRow(2).getCell(2).value).toBe('med_list_codg');
    expect(sales.rowCount).toBe(4);
    expect(file.records).toBe(1 + 6 + 1 + 1 + 2 + 1);
  });
});

describe('permissions and scope', () => {
  it('a member pharmacist sees only their own unit; the auditor every 定点 unit; a unit that is not 定点 has no report', async () => {
    const lead = await call(w.db, 'medins.report', { unitId: w.env.leadId, month: w.month }, w.tokens.township);
    expect(!lead.ok && lead.error.code).toBe('FORBIDDEN');
    const leadExport = await call(w.db, 'medins.export', { unitId: w.env.leadId, month: w.month, format: 'xlsx', skipUnreportable: true }, w.tokens.township);
    expect(!leadExport.ok && leadExport.error.code).toBe('FORBIDDEN');
    expect((await ok(w.db, 'medins.units', {}, w.tokens.township)).units.map((u) => u.code)).toEqual(['WS01']);
    expect((await ok(w.db, 'medins.units', {}, w.tokens.auditor)).units.map((u) => u.code)).toEqual(['QY-XRMYY', 'WS01']);
    const village = await call(w.db, 'medins.report', { unitId: w.env.villageId, month: w.month }, w.tokens.auditor);
    expect(!village.ok && village.error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/不是医保定点/) });
    const storekeeper = await call(w.db, 'medins.report', { unitId: w.env.leadId, month: w.month }, w.tokens.keeper);
    expect(!storekeeper.ok && storekeeper.error.code).toBe('FORBIDDEN');
  });

  it('the input is checked with field paths; reading and exporting change nothing', async () => {
    const bad = await call(w.db, 'medins.report', { unitId: w.env.leadId, from: '2026-11-30', to: '2026-11-01' }, w.tokens.auditor);
    expect(!bad.ok && bad.error.fields).toEqual([{ path: 'to', message: '结束日期不能早于开始日期' }]);
    const none = await call(w.db, 'medins.report', { unitId: w.env.leadId }, w.tokens.auditor);
    expect(!none.ok && none.error.fields?.map((f) => f.path)).toEqual(['from', 'to']);
    const counts = () =>
      ['audit_log', 'documents', 'stock_moves', 'hub_settings'].map((t) => (w.db.$client.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n);
    const before = counts();
    await ok(w.db, 'medins.report', { unitId: w.env.leadId, month: w.month }, w.tokens.auditor);
    await ok(w.db, 'medins.export', { unitId: w.env.leadId, month: w.month, format: 'xlsx', skipUnreportable: true }, w.tokens.auditor);
    expect(counts()).toEqual(before);
  });
});

describe('a reversed receipt', () => {
  it('stays a purchase (3503) and its 冲销 is reported as a return (3504) naming the original; 3502 keeps 108 with −cnt', async () => {
    const keeper = w.tokens.keeper;
    const { receipt } = await ok(
      w.db,
      'receipt.create',
      {
        supplierId: w.env.supplierId,
        storeId: w.env.centralStoreId,
        unplannedReason: '临时补货',
        lines: [{ itemId: w.env.amoxId, batchNo: 'MA2602', expiry: '2028-10', productionDate: '2026-02-15', quantity: 24, priceMicro: 12_000_000, traceCodes: ['81234560000000000901'] }],
      },
      keeper,
    );
    await ok(w.db, 'receipt.post', { id: receipt.id, requestId: 'medins-rev-post' }, keeper);
    const { reversal } = await ok(w.db, 'receipt.reverse', { id: receipt.id, reason: '批号录错', requestId: 'medins-rev' }, keeper);
    const purchases = await report(w.env.leadId, '3503');
    expect(values(purchases).filter((v) => v.manu_lotnum === 'MA2602').map((v) => [v.purc_retn_cnt, v.finl_trns_pric])).toEqual([['24.0000', '0.500000']]);
    const returns = await report(w.env.leadId, '3504');
    expect(returns.records.filter((r) => r.documentNumber === reversal.number).map((r) => [r.values.purc_retn_cnt, r.values.memo, r.values.medins_prod_purc_no])).toEqual([
      ['24.0000', `${reversal.number} 冲销 ${receipt.number}`, receipt.number],
    ]);
    const changes = await report(w.env.leadId, '3502');
    expect(changes.records.filter((r) => r.documentNumber === reversal.number).map((r) => [r.values.inv_chg_type, r.values.cnt])).toEqual([['108', '-24.0000']]);
  });
});

describe('处方药标志', () => {
  it('is 1 unless the item is listed as 非处方药 in hub_settings medins.settings', async () => {
    const code = (w.db.$client.prepare('SELECT code FROM formulary_items WHERE id = ?').get(w.env.amoxId) as { code: string }).code;
    expect(new Set(values(await report(w.env.townshipId, '3505', w.tokens.township)).map((v) => v.rx_flag))).toEqual(new Set(['1']));
    w.db.$client.prepare("INSERT INTO hub_settings (name, value, updated_at) VALUES ('medins.settings', ?, '2026-12-01T00:00:00Z')").run(JSON.stringify({ nonPrescriptionItemCodes: [code] }));
    try {
      expect(new Set(values(await report(w.env.townshipId, '3505', w.tokens.township)).map((v) => v.rx_flag))).toEqual(new Set(['0']));
    } finally {
      w.db.$client.prepare("DELETE FROM hub_settings WHERE name = 'medins.settings'").run();
    }
  });
});
