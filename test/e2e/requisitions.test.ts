import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/open.js';
import { openApp, type AppUnderTest } from './support/app.js';
import { ADMIN_PASSWORD, login as apiLogin, ok } from '../support/db.js';
import { insertItem, moveStock, receive } from '../support/stock.js';
import { expectText, gridRows, login } from './support/ui.js';
import { seedPeople, type FormularyPeople } from './formulary-support.js';

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

/** Three items at the township's level; the township issued some of each to patients over the last months. */
async function community(db: Db) {
  const admin = { sessionToken: await apiLogin(db, 'admin', ADMIN_PASSWORD) };
  const units = (await ok(db, 'unit.list', {}, admin)).units;
  const township = units.find((u) => u.code === 'LSZ')!;
  const lead = units.find((u) => u.isLead)!;
  const storeId = (await ok(db, 'store.list', { unitId: township.id }, admin)).stores[0]!.id;
  const centralId = (await ok(db, 'store.list', { unitId: lead.id }, admin)).stores[0]!.id;
  const items = [
    { code: 'YP000101', name: '阿莫西林胶囊', initials: 'amxljn', used: 30 },
    { code: 'YP000102', name: '布洛芬缓释胶囊', initials: 'blfhsjn', used: 12 },
    { code: 'YP000103', name: '盐酸二甲双胍片', initials: 'ysejsgp', used: 18 },
  ].map((spec) => {
    const id = insertItem(db, { code: spec.code, name: spec.name, initials: spec.initials });
    db.$client.prepare("UPDATE formulary_items SET issue_unit = '盒', level_village = 0 WHERE id = ?").run(id);
    receive(db, { itemId: id, storeId: centralId, quantity: 200 * BOX, batchNo: `C${spec.code}`, expiry: '2029-06-30' });
    const { batchId } = receive(db, { itemId: id, storeId, quantity: (spec.used + 3) * BOX, batchNo: `T${spec.code}`, expiry: '2028-12-31' });
    const location = (db.$client.prepare('SELECT id FROM stock_locations WHERE store_id = ?').get(storeId) as { id: number }).id;
    moveStock(db, [{ itemId: id, batchId, fromLocationId: location, toLocationId: null, quantity: spec.used * BOX, changeType: '107' }]);
    return id;
  });
  const officer = { sessionToken: await apiLogin(db, people.officer.username, people.officer.password) };
  await ok(db, 'budget.set', { unitId: township.id, year: new Date().getFullYear(), amountMicro: 50_000 * 1_000_000, overRule: 'block', note: '2026 年度药品预算' }, officer);
  return { township, items };
}

describe('请领单: fill from suggestions, submit, approve with one line reduced', () => {
  it('the member fills a requisition from suggestions and submits it; the officer approves it with one line cut, giving the reason', async () => {
    const { page, screenshot } = app;
    const db = app.hub.db;
    await community(db);

    // The member pharmacist lands on their requisitions.
    await page.goto('/');
    await login(page, people.pharmacist.username, people.pharmacist.password);
    await page.waitForURL('**/requisitions');
    await screenshot('q0-requisitions-member');

    await page.getByTestId('requisition-new').click();
    await page.waitForURL('**/requisitions/new');
    await page.getByTestId('requisition-fill').click();
    // Three items suggested: two months of average use less what is on hand, in whole boxes.
    await expect.poll(() => gridRows(page, 'requisition-lines').count()).toBe(3);
    await expectText(gridRows(page, 'requisition-lines').first(), /阿莫西林胶囊/);
    await screenshot('q1-requisition-new-filled');
    await page.getByTestId('requisition-submit').click();
    await page.waitForURL(/\/requisitions\/\d+$/);
    await expectText(page.getByTestId('requisition-state'), '已提交');
    await expect.poll(() => gridRows(page, 'requisition-lines').count()).toBe(3);
    await screenshot('q2-requisition-submitted');

    // The pharmacy officer, in another window: 待审核 grouped by unit, with the unit's budget left.
    const second = await app.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: app.hub.url });
    const officerPage = await second.newPage();
    await officerPage.goto('/');
    await login(officerPage, people.officer.username, people.officer.password);
    await officerPage.goto('/requisitions');
    await officerPage.getByTestId('pending-by-unit').waitFor();
    await expectText(officerPage.getByTestId('pending-by-unit'), /柳树镇卫生院.*预算可用/);
    await officerPage.waitForTimeout(400);
    await officerPage.screenshot({ path: 'test-results/screenshots/q3-requisitions-pending.png', fullPage: true });
    await officerPage.getByTestId('pending-by-unit').locator('tbody tr').first().click();
    await officerPage.waitForURL(/\/requisitions\/\d+$/);
    await officerPage.getByTestId('requisition-approve').waitFor();

    // Cut the first line to 10 boxes: approving without a reason is refused on that line.
    const firstApproved = officerPage.locator('[data-testid="requisition-lines"] .ag-row[row-index="0"] [col-id="editPacks"]');
    await firstApproved.click();
    await officerPage.keyboard.press('Control+a');
    await officerPage.keyboard.type('10');
    await officerPage.keyboard.press('Enter');
    await officerPage.getByTestId('requisition-approve').click();
    await expectText(officerPage.getByTestId('requisition-problems'), /阿莫西林胶囊.*请填写调整原因/);
    const reason = officerPage.locator('[data-testid="requisition-lines"] .ag-row[row-index="0"] [col-id="editReason"]');
    await reason.click();
    await officerPage.keyboard.type('中心库存紧张，先配一半');
    await officerPage.keyboard.press('Enter');
    await officerPage.waitForTimeout(300);
    await officerPage.screenshot({ path: 'test-results/screenshots/q4-requisition-approving.png', fullPage: true });
    await officerPage.getByTestId('requisition-approve').click();
    await expectText(officerPage.getByTestId('requisition-state'), '已审核');
    await expectText(officerPage.getByTestId('requisition-history'), /审核.*已审核.*yaoshi/);
    await officerPage.waitForTimeout(400);
    await officerPage.screenshot({ path: 'test-results/screenshots/q5-requisition-approved.png', fullPage: true });

    // What the database says: the first line approved at 10 boxes with its reason, the others as requested.
    const lines = db.$client
      .prepare('SELECT requested_quantity AS requested, approved_quantity AS approved, approve_reason AS reason FROM requisition_lines ORDER BY id')
      .all() as { requested: number; approved: number; reason: string }[];
    expect(lines[0]).toMatchObject({ approved: 10 * BOX, reason: '中心库存紧张,先配一半' });
    for (const line of lines.slice(1)) expect(line).toMatchObject({ approved: line.requested, reason: '' });

    // The member sees who approved and why; the back-orders; the printed sheet; the budgets.
    await page.reload();
    await expectText(page.getByTestId('requisition-state'), '已审核');
    await expectText(page.getByTestId('requisition-history'), /中心库存紧张/);
    await screenshot('q6-requisition-member-approved');
    await officerPage.goto(`/print/requisitions/${(db.$client.prepare('SELECT MAX(document_id) AS id FROM requisitions').get() as { id: number }).id}`);
    await expectText(officerPage.getByTestId('requisition-print'), /药品请领单[\s\S]*阿莫西林胶囊/);
    await officerPage.screenshot({ path: 'test-results/screenshots/q7-requisition-print.png', fullPage: true });
    await officerPage.goto('/budgets');
    await expect.poll(() => gridRows(officerPage, 'budgets-grid').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expectText(gridRows(officerPage, 'budgets-grid').first(), /柳树镇卫生院/);
    await officerPage.waitForTimeout(400);
    await officerPage.screenshot({ path: 'test-results/screenshots/q8-budgets.png', fullPage: true });
    await second.close();
    expect(app.pageErrors).toEqual([]);
  });
});
