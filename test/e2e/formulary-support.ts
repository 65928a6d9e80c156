import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import type { AppUnderTest } from './support/app.js';
import type { OpInput } from '../../core/api/index.js';
import type { Db } from '../../db/open.js';
import { ADMIN_PASSWORD, login as apiLogin, ok, setupInput, userWithSession } from '../support/db.js';

export interface FormularyPeople {
  officer: { username: string; password: string };
  pharmacist: { username: string; password: string };
}

/**
 * An item added to the formulary the way the officer adds one: a change request (`changeRequest.propose` with
 * `input`) approved at once under 药事会 resolution `resolutionNo`. Returns the new item's id.
 */
export async function addedItem(db: Db, officer: { sessionToken: string }, input: OpInput<'changeRequest.propose'>, resolutionNo = 'R1'): Promise<number> {
  const { request } = await ok(db, 'changeRequest.propose', input, officer);
  return (await ok(db, 'changeRequest.decide', { id: request.id, approve: true, resolutionNo, resolutionDate: '2026-03-01' }, officer)).request.itemId!;
}

/** An initialised community with a pharmacy officer at the lead hospital and a pharmacist at a township centre. */
export async function seedPeople(db: Db): Promise<FormularyPeople> {
  await ok(db, 'setup.initialize', setupInput(db));
  const admin = await apiLogin(db, 'admin', ADMIN_PASSWORD);
  const lead = (await ok(db, 'unit.list', {}, { sessionToken: admin })).units.find((u) => u.isLead)!;
  const township = (await ok(db, 'unit.create', { code: 'LSZ', name: '柳树镇卫生院', kind: 'township_hospital' }, { sessionToken: admin })).unit;
  const officer = await userWithSession(db, admin, { username: 'yaoshi', displayName: '李药师', role: 'pharmacy_officer', unitId: lead.id });
  const pharmacist = await userWithSession(db, admin, {
    username: 'liushu',
    displayName: '赵晓梅',
    role: 'member_pharmacist',
    unitId: township.id,
  });
  return { officer: { username: 'yaoshi', password: officer.password }, pharmacist: { username: 'liushu', password: pharmacist.password } };
}

const HEADER = [
  '医保代码',
  '通用名',
  '商品名',
  '剂型',
  '规格',
  '生产企业',
  '批准文号',
  '类别',
  '最小制剂单位',
  '最小包装数量',
  '最小包装单位',
  '可用层级',
  '挂网价',
];

/**
 * A small messy formulary workbook: a merged title row, the header on row 2, three good rows and one bad
 * one (row 6: a 医保代码 that is not a drug code).
 */
export async function formularyWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('目录');
  sheet.addRow(['清源县医共体 2026 年统一用药目录（第一批）']);
  sheet.mergeCells(1, 1, 1, HEADER.length);
  sheet.addRow(HEADER);
  sheet.addRow([
    'XJ01CAA040A001010100001',
    '阿莫西林胶囊',
    '阿莫仙',
    '胶囊剂',
    '0.25g',
    '珠海联邦制药股份有限公司',
    '国药准字H44021351',
    '西药',
    '粒',
    24,
    '盒',
    '县 乡 村',
    '8.64',
  ]);
  sheet.addRow([
    'XM01AEB010A001020100002',
    '布洛芬缓释胶囊',
    '芬必得',
    '缓释胶囊',
    '0.3g',
    '中美天津史克制药有限公司',
    '国药准字H10900089',
    '西药',
    '粒',
    20,
    '盒',
    '县 乡',
    '15.8',
  ]);
  sheet.addRow([
    'XA10BAE010A001010100003',
    '盐酸二甲双胍片',
    '格华止',
    '片剂',
    '0.5g',
    '中美上海施贵宝制药有限公司',
    '国药准字H20023370',
    '西药',
    '片',
    20,
    '盒',
    '县',
    '9.9',
  ]);
  sheet.addRow([
    'X12345',
    '头孢克肟胶囊',
    '',
    '胶囊剂',
    '0.1g',
    '广州白云山制药股份有限公司',
    '国药准字H20030618',
    '西药',
    '粒',
    6,
    '盒',
    '县 乡',
    '12',
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Clicks the sider item of a page by its label. */
export async function openPage(page: Page, label: string): Promise<void> {
  await page.locator('[data-testid="main-menu"] .ant-menu-item', { hasText: label }).click();
}

/** Signs in over HTTP and returns a poster for the hub's endpoints with that session's cookie. */
export async function hubSession(app: AppUnderTest, user: { username: string; password: string }) {
  const base = app.hub.url;
  const signIn = await fetch(`${base}/api/op/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(user),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  return async (path: string, body: BodyInit, type = 'application/json'): Promise<Record<string, unknown>> => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': type, cookie }, body });
    const json = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${path}: ${JSON.stringify(json)}`);
    return json;
  };
}

/** The workbook above, straight through the hub's own import path, so a test starts from a formulary. */
export async function importThroughHub(app: AppUnderTest, officer: { username: string; password: string }): Promise<void> {
  const post = await hubSession(app, officer);
  const { uploadId } = (await post(
    '/api/op/formularyImport.upload?filename=catalogue.xlsx',
    new Uint8Array(await formularyWorkbook()),
    'application/octet-stream',
  )) as { uploadId: number };
  const mapping = {
    insuranceCode: 0,
    genericName: 1,
    tradeName: 2,
    dosageForm: 3,
    spec: 4,
    manufacturer: 5,
    approvalNo: 6,
    category: 7,
    baseUnit: 8,
    packFactor: 9,
    packUnit: 10,
    levels: 11,
    listedPrice: 12,
  };
  await post(
    '/api/op/formularyImport.commit',
    JSON.stringify({ uploadId, sheet: '目录', headerRow: 2, mapping, skipRejected: true, reason: '初始目录', resolutionNo: 'YSH2026-01', resolutionDate: '2026-03-01' }),
  );
}
