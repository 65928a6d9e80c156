import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addMonths } from '../../core/distribution/shipments/eligibility.js';
import { communityDate } from '../../core/time.js';
import { ADMIN_PASSWORD, login as apiLogin, ok, userWithSession } from '../support/db.js';
import { approvedRequisitionForTest } from '../support/distribution.js';
import { newItem, stock } from '../support/shipments.js';
import { openApp, type AppUnderTest } from './support/app.js';
import { expectText, login } from './support/ui.js';
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

describe('调拨: allocate, ship, 签收 with a line short, the officer resolves', () => {
  it('the storekeeper allocates an approved requisition by FEFO and ships it; the member confirms one line short; the officer resolves it as found', async () => {
    const { page, screenshot } = app;
    const db = app.hub.db;
    const admin = await apiLogin(db, 'admin', ADMIN_PASSWORD);
    const units = (await ok(db, 'unit.list', {}, { sessionToken: admin })).units;
    const lead = units.find((u) => u.isLead)!;
    const township = units.find((u) => u.code === 'LSZ')!;
    const storeId = (await ok(db, 'store.list', { unitId: township.id }, { sessionToken: admin })).stores[0]!.id;
    const centralStore = (await ok(db, 'store.list', { unitId: lead.id }, { sessionToken: admin })).stores[0]!.id;
    const keeper = await userWithSession(db, admin, { username: 'kuguan', displayName: '王库管', role: 'storekeeper', unitId: lead.id });
    const today = communityDate(new Date());
    const amox = newItem(db);
    const cef = newItem(db);
    stock(db, { itemId: amox, storeId: centralStore, quantity: 240, batchNo: '250301', expiry: addMonths(today, 7) });
    stock(db, { itemId: amox, storeId: centralStore, quantity: 480, batchNo: '250901', expiry: addMonths(today, 20) });
    stock(db, { itemId: amox, storeId: centralStore, quantity: 100, batchNo: '241101', expiry: addMonths(today, 4) });
    stock(db, { itemId: cef, storeId: centralStore, quantity: 120, batchNo: 'C2503', expiry: addMonths(today, 15) });
    const requisition = approvedRequisitionForTest(db, { unitId: township.id, storeId, lines: [{ itemId: amox, quantity: 288 }, { itemId: cef, quantity: 144 }] });
    const number = (db.$client.prepare('SELECT number FROM documents WHERE id = ?').get(requisition.id) as { number: string }).number;

    // The storekeeper's 待配货: 配货 → FEFO picks 250301 then 250901 (never the 4-month 241101); 头孢 is short by 24.
    await page.goto('/');
    await login(page, 'kuguan', keeper.password);
    await page.goto('/shipments');
    await page.getByTestId(`allocate-${number}`).click();
    await expectText(page.locator('.ant-modal-title'), /配货结果/);
    await expectText(page.locator('.ant-modal-body'), /未配足/);
    await screenshot('80-shipment-allocated');
    await page.locator('#allocation-open').click();
    await page.waitForURL(/\/shipments\/\d+$/);
    await expectText(page.getByTestId('shipment-lines'), /250301/);
    await expect(page.getByTestId('shipment-lines').textContent()).resolves.not.toContain('241101');
    await screenshot('81-shipment-pick-list');
    const detailUrl = page.url();
    const shipmentId = Number(detailUrl.split('/').at(-1));
    await page.getByTestId('shipment-ship').click();
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await expectText(page.locator('.ant-tag').filter({ hasText: '已发出' }).first(), '已发出');
    await screenshot('82-shipment-shipped');
    await page.goto(`/print/shipments/${shipmentId}`);
    await expectText(page.getByTestId('delivery-print'), /合计金额（大写）/);
    await screenshot('83-shipment-print');
    await page.goto(`/print/pick-lists/${shipmentId}`);
    await expectText(page.getByTestId('pick-print'), /拣货单/);
    await screenshot('84-pick-list-print');

    // The member pharmacist's 待签收: the first line arrives 12 short, with a reason.
    const member = await app.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: app.hub.url });
    const mp = await member.newPage();
    await mp.goto('/');
    await login(mp, people.pharmacist.username, people.pharmacist.password);
    await mp.goto('/shipments');
    await expectText(mp.getByTestId('shipments-grid'), /DB\d{4}-/);
    await mp.screenshot({ path: 'test-results/screenshots/85-shipments-incoming.png', fullPage: true });
    await mp.goto(detailUrl);
    await mp.getByTestId('shipment-confirm-open').click();
    await mp.getByTestId('confirm-received-1').fill('228');
    await mp.getByTestId('shipment-confirm').click();
    await expectText(mp.locator('.ant-message'), /差异原因/);
    await mp.getByTestId('confirm-reason-1').fill('外箱破损，少 12 粒');
    await mp.waitForTimeout(300);
    await mp.screenshot({ path: 'test-results/screenshots/86-shipment-confirm-form.png', fullPage: true });
    await mp.getByTestId('shipment-confirm').click();
    await expectText(mp.locator('.ant-tag').filter({ hasText: '已签收' }).first(), '已签收');
    await expectText(mp.getByTestId('shipment-discrepancies'), /短少/);
    await mp.waitForTimeout(400);
    await mp.screenshot({ path: 'test-results/screenshots/87-shipment-received-short.png', fullPage: true });
    await member.close();

    // The officer resolves the discrepancy: found, into the township's store.
    const officer = await app.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: app.hub.url });
    const op = await officer.newPage();
    await op.goto('/');
    await login(op, people.officer.username, people.officer.password);
    await op.goto('/discrepancies');
    await expectText(op.getByTestId('discrepancies-grid'), /短少/);
    await op.waitForTimeout(300);
    await op.screenshot({ path: 'test-results/screenshots/88-discrepancies.png', fullPage: true });
    await op.locator('[data-testid^="resolve-"]').first().click();
    await op.getByTestId('resolve-resolution').click();
    await op.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '已找到' }).click();
    await op.getByTestId('resolve-note').fill('随车遗漏，次日送达');
    await op.locator('#resolve-ok').click();
    await expectText(op.locator('.ant-message'), /已处理/);
    await op.locator('.ant-segmented-item').filter({ hasText: '已处理' }).click();
    await expectText(op.getByTestId('discrepancies-grid'), /250301/);
    await op.waitForTimeout(300);
    await op.screenshot({ path: 'test-results/screenshots/89-discrepancy-resolved.png', fullPage: true });
    await officer.close();

    const open = db.$client.prepare("SELECT count(*) AS n FROM shipment_discrepancies WHERE document_id = ? AND status <> 'resolved'").get(shipmentId) as { n: number };
    expect(open.n).toBe(0);
    expect(app.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });

  it('a member pharmacist returns a near-expiry batch: drafted from the store’s batches, submitted, approved by the officer, shipped, confirmed by the central storekeeper', async () => {
    const { page, screenshot } = app;
    const db = app.hub.db;
    const admin = await apiLogin(db, 'admin', ADMIN_PASSWORD);
    const units = (await ok(db, 'unit.list', {}, { sessionToken: admin })).units;
    const lead = units.find((u) => u.isLead)!;
    const township = units.find((u) => u.code === 'LSZ')!;
    const storeId = (await ok(db, 'store.list', { unitId: township.id }, { sessionToken: admin })).stores[0]!.id;
    const keeper = await userWithSession(db, admin, { username: 'kuguan', displayName: '王库管', role: 'storekeeper', unitId: lead.id });
    const itemId = newItem(db);
    stock(db, { itemId, storeId, quantity: 96, batchNo: '240601', expiry: addMonths(communityDate(new Date()), 3) });

    await page.goto('/');
    await login(page, people.pharmacist.username, people.pharmacist.password);
    await page.goto('/member-returns');
    // Let the landing page after sign-in settle before the address changes.
    await page.waitForTimeout(1000);
    await page.getByTestId('return-new').click();
    await page.getByTestId('return-qty-240601').fill('48');
    await page.waitForTimeout(300);
    await screenshot('90-return-new');
    await page.getByTestId('return-save').click();
    await page.waitForURL(/\/member-returns\/\d+$/);
    const url = page.url();
    await page.getByTestId('return-submit').click();
    await expectText(page.locator('.ant-tag').filter({ hasText: '待审核' }).first(), '待审核');
    await screenshot('91-return-submitted');

    const officer = await app.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: app.hub.url });
    const op = await officer.newPage();
    await op.goto('/');
    await login(op, people.officer.username, people.officer.password);
    await op.goto(url);
    await op.getByTestId('return-approve').click();
    await expectText(op.locator('.ant-tag').filter({ hasText: '已批准' }).first(), '已批准');
    await officer.close();

    // The officer's approval, seen after a reload; then ship through the confirmation (waited out, so that a busy
    // machine's slow animation never swallows the click).
    await page.reload();
    await expectText(page.locator('.ant-tag').filter({ hasText: '已批准' }).first(), '已批准');
    await page.getByTestId('return-ship').click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.waitFor();
    await confirm.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await confirm.waitFor({ state: 'detached', timeout: 30_000 });
    await expectText(page.locator('.ant-tag').filter({ hasText: '已发出' }).first(), '已发出');
    await screenshot('92-return-shipped');

    const store = await app.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: app.hub.url });
    const kp = await store.newPage();
    await kp.goto('/');
    await login(kp, 'kuguan', keeper.password);
    await kp.goto('/member-returns');
    await expectText(kp.getByTestId('returns-grid'), /TK\d{4}-/);
    await kp.waitForTimeout(300);
    await kp.screenshot({ path: 'test-results/screenshots/93-returns-list.png', fullPage: true });
    await kp.goto(url);
    await kp.getByTestId('shipment-confirm-open').click();
    await kp.getByTestId('shipment-confirm').click();
    await expectText(kp.locator('.ant-tag').filter({ hasText: '已签收' }).first(), '已签收');
    await kp.waitForTimeout(400);
    await kp.screenshot({ path: 'test-results/screenshots/94-return-received.png', fullPage: true });
    await store.close();
    await page.goto(`/print/member-returns/${url.split('/').at(-1)}`);
    await expectText(page.getByTestId('return-print'), /退库单/);
    await screenshot('95-return-print');
    expect(app.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});
