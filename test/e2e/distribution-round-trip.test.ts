import type { Browser, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open.js';
import { ADMIN_PASSWORD, login as apiLogin, ok, userWithSession } from '../support/db.js';
import { insertItem, moveStock, receive } from '../support/stock.js';
import { openApp, SCREENSHOT_DIR, type AppUnderTest } from './support/app.js';
import { expectText, gridRows, login } from './support/ui.js';
import { seedPeople, type FormularyPeople } from './formulary-support.js';

/**
 * The whole distribution loop in the renderer, each person in their own window: the member pharmacist requests
 * (from suggestions), the pharmacy officer approves with one line reduced, the storekeeper allocates first expiry
 * first and ships, the member confirms with one line short, the officer resolves the discrepancy — and the stock
 * and the requisition end where they should.
 */

let app: AppUnderTest;
let people: FormularyPeople;

beforeEach(async () => {
  app = await openApp();
  people = await seedPeople(app.hub.db);
});

afterEach(async () => {
  await app?.close();
});

const BOX = 24;

async function windowFor(browser: Browser, baseURL: string, username: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL });
  const page = await context.newPage();
  await page.goto('/');
  await login(page, username, password);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.getByTestId('main-menu').waitFor();
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
}

/** Two items at the township's level, both in the central store (the first in two batches), both used at the township. */
async function community(db: Db) {
  const admin = { sessionToken: await apiLogin(db, 'admin', ADMIN_PASSWORD) };
  const units = (await ok(db, 'unit.list', {}, admin)).units;
  const township = units.find((u) => u.code === 'LSZ')!;
  const lead = units.find((u) => u.isLead)!;
  const storeId = (await ok(db, 'store.list', { unitId: township.id }, admin)).stores[0]!.id;
  const centralId = (await ok(db, 'store.list', { unitId: lead.id }, admin)).stores[0]!.id;
  const keeper = await userWithSession(db, admin.sessionToken, { username: 'kuguan', displayName: '王库管', role: 'storekeeper', unitId: lead.id });
  const location = (db.$client.prepare('SELECT id FROM stock_locations WHERE store_id = ?').get(storeId) as { id: number }).id;
  const items = [
    { code: 'YP000201', name: '阿莫西林胶囊', initials: 'amxljn', used: 20 },
    { code: 'YP000202', name: '盐酸二甲双胍片', initials: 'ysejsgp', used: 10 },
  ].map((spec, i) => {
    const id = insertItem(db, { code: spec.code, name: spec.name, initials: spec.initials });
    db.$client.prepare("UPDATE formulary_items SET issue_unit = '盒' WHERE id = ?").run(id);
    // The first item's earlier batch is what FEFO must send first.
    if (i === 0) receive(db, { itemId: id, storeId: centralId, quantity: 10 * BOX, batchNo: 'EARLY01', expiry: '2028-03-31' });
    receive(db, { itemId: id, storeId: centralId, quantity: 200 * BOX, batchNo: `LATE0${i + 1}`, expiry: '2029-06-30' });
    const { batchId } = receive(db, { itemId: id, storeId, quantity: (spec.used + 2) * BOX, batchNo: `T${spec.code}`, expiry: '2028-12-31' });
    moveStock(db, [{ itemId: id, batchId, fromLocationId: location, toLocationId: null, quantity: spec.used * BOX, changeType: '107' }]);
    return id;
  });
  const officer = { sessionToken: await apiLogin(db, people.officer.username, people.officer.password) };
  await ok(db, 'budget.set', { unitId: township.id, year: new Date().getFullYear(), amountMicro: 50_000 * 1_000_000, overRule: 'block', note: '年度药品预算' }, officer);
  return { township, storeId, items, keeper };
}

describe('请领 → 审核 → 配货 → 发货 → 签收 → 差异处理, in the renderer', () => {
  it('goes round the whole loop and conserves every unit', async () => {
    const db = app.hub.db;
    const { storeId, items, keeper } = await community(db);
    const onHand = (itemId: number) =>
      (
        db.$client
          .prepare('SELECT COALESCE(SUM(b.quantity), 0) AS n FROM stock_balances b JOIN stock_locations l ON l.id = b.location_id WHERE l.store_id = ? AND b.item_id = ?')
          .get(storeId, itemId) as { n: number }
      ).n;
    const before = items.map(onHand);

    // 1. The member pharmacist fills a requisition from suggestions and submits it.
    const member = app.page;
    await member.goto('/');
    await login(member, people.pharmacist.username, people.pharmacist.password);
    await member.waitForURL('**/requisitions');
    await member.getByTestId('main-menu').waitFor();
    await member.getByTestId('requisition-new').click();
    await member.getByTestId('requisition-fill').click();
    await expect.poll(() => gridRows(member, 'requisition-lines').count()).toBe(2);
    await shot(member, 'rt1-member-requests');
    await member.getByTestId('requisition-submit').click();
    await member.waitForURL(/\/requisitions\/\d+$/);
    await expectText(member.getByTestId('requisition-state'), '已提交');
    const requisitionUrl = member.url();
    const requisitionId = Number(requisitionUrl.split('/').at(-1));
    const number = (db.$client.prepare('SELECT number FROM documents WHERE id = ?').get(requisitionId) as { number: string }).number;

    // 2. The pharmacy officer approves with the first line reduced by two boxes, giving the reason.
    const officer = await windowFor(app.browser, app.hub.url, people.officer.username, people.officer.password);
    await officer.goto(requisitionUrl);
    await officer.getByTestId('requisition-approve').waitFor();
    const requested = (db.$client.prepare('SELECT requested_quantity AS q FROM requisition_lines WHERE document_id = ? ORDER BY line_no').all(requisitionId) as { q: number }[]).map(
      (l) => l.q,
    );
    await officer.locator('[data-testid="requisition-lines"] .ag-row[row-index="0"] [col-id="editPacks"]').click();
    await officer.keyboard.press('Control+a');
    await officer.keyboard.type(String(requested[0]! / BOX - 2));
    await officer.keyboard.press('Enter');
    await officer.locator('[data-testid="requisition-lines"] .ag-row[row-index="0"] [col-id="editReason"]').click();
    await officer.keyboard.type('中心库存紧张，核减两盒');
    await officer.keyboard.press('Enter');
    await shot(officer, 'rt2-officer-approves');
    await officer.getByTestId('requisition-approve').click();
    await expectText(officer.getByTestId('requisition-state'), '已审核');

    // 3. The storekeeper allocates first expiry first and ships.
    const storekeeper = await windowFor(app.browser, app.hub.url, 'kuguan', keeper.password);
    await storekeeper.goto('/shipments');
    await storekeeper.getByTestId(`allocate-${number}`).click();
    await expectText(storekeeper.locator('.ant-modal-title'), /配货结果/);
    await shot(storekeeper, 'rt3-storekeeper-allocates');
    await storekeeper.locator('#allocation-open').click();
    await storekeeper.waitForURL(/\/shipments\/\d+$/);
    await expectText(storekeeper.getByTestId('shipment-lines'), /EARLY01/);
    const shipmentUrl = storekeeper.url();
    const shipmentId = Number(shipmentUrl.split('/').at(-1));
    await storekeeper.getByTestId('shipment-ship').click();
    await storekeeper.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await expectText(storekeeper.locator('.ant-tag').filter({ hasText: '已发出' }).first(), '已发出');
    await shot(storekeeper, 'rt4-storekeeper-ships');

    // 4. The member confirms with the first line one box short.
    const shipped = db.$client.prepare('SELECT id, item_id AS itemId, quantity FROM shipment_lines WHERE document_id = ? ORDER BY line_no').all(shipmentId) as {
      id: number;
      itemId: number;
      quantity: number;
    }[];
    await member.goto(shipmentUrl);
    await member.getByTestId('shipment-confirm-open').click();
    await member.getByTestId('confirm-received-1').fill(String(shipped[0]!.quantity - BOX));
    await member.getByTestId('confirm-reason-1').fill('少一盒，随车单未列');
    await shot(member, 'rt5-member-confirms-short');
    await member.getByTestId('shipment-confirm').click();
    await expectText(member.locator('.ant-tag').filter({ hasText: '已签收' }).first(), '已签收');
    await expectText(member.getByTestId('shipment-discrepancies'), /短少/);

    // 5. The officer resolves the discrepancy: the box was found in the van and delivered.
    await officer.goto('/discrepancies');
    await expectText(officer.getByTestId('discrepancies-grid'), /短少/);
    await officer.locator('[data-testid^="resolve-"]').first().click();
    await officer.getByTestId('resolve-resolution').click();
    await officer.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '已找到' }).click();
    await officer.getByTestId('resolve-note').fill('配送车上找到，次日送达');
    await officer.locator('#resolve-ok').click();
    await expectText(officer.locator('.ant-message'), /已处理/);
    await shot(officer, 'rt6-officer-resolves');

    // 6. The member's requisition is received; nothing was lost on the way.
    await member.goto(requisitionUrl);
    await expectText(member.getByTestId('requisition-state'), '已签收');
    await shot(member, 'rt7-member-requisition-received');
    const approved = db.$client.prepare('SELECT approved_quantity AS q FROM requisition_lines WHERE document_id = ? ORDER BY line_no').all(requisitionId) as { q: number }[];
    expect(approved.map((l) => l.q)).toEqual([requested[0]! - 2 * BOX, requested[1]!]);
    const shippedByItem = (itemId: number) => shipped.filter((l) => l.itemId === itemId).reduce((sum, l) => sum + l.quantity, 0);
    items.forEach((itemId, i) => expect(onHand(itemId) - before[i]!).toBe(shippedByItem(itemId)));
    const transit = db.$client.prepare("SELECT COALESCE(SUM(b.quantity), 0) AS n FROM stock_balances b JOIN stock_locations l ON l.id = b.location_id WHERE l.kind = 'transit'").get() as { n: number };
    expect(transit.n).toBe(0);
    expect(app.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});
