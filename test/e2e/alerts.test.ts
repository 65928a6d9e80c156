import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanAlerts } from '../../core/alerts/scan.js';
import { communityDate } from '../../core/time.js';
import { receiveForTest } from '../support/adjustments.js';
import { ADMIN_PASSWORD, login as apiLogin, ok } from '../support/db.js';
import { supplierInput } from '../support/suppliers.js';
import { addedItem, seedPeople, type FormularyPeople } from './formulary-support.js';
import { openApp, type AppUnderTest } from './support/app.js';
import { expectText, login } from './support/ui.js';

let app: AppUnderTest;
let people: FormularyPeople;

beforeEach(async () => {
  app = await openApp();
  people = await seedPeople(app.hub.db);
});

afterEach(async () => {
  await app?.close();
});

const day = (offset: number) => new Date(Date.parse(`${communityDate(new Date())}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

describe('alerts', () => {
  it('the member pharmacist’s bell shows their unit’s alerts; following one opens the page and marks it read; the officer’s list and the settings page', async () => {
    const { page, screenshot } = app;
    const db = app.hub.db;
    const officer = { sessionToken: await apiLogin(db, people.officer.username, people.officer.password) };
    const admin = { sessionToken: await apiLogin(db, 'admin', ADMIN_PASSWORD) };
    const township = (await ok(db, 'unit.list', {}, admin)).units.find((u) => u.code === 'LSZ')!;
    const storeId = (await ok(db, 'store.list', { unitId: township.id }, admin)).stores[0]!.id;
    const item = {
      genericName: '阿莫西林胶囊',
      spec: '0.25g',
      manufacturer: '华北制药股份有限公司',
      approvalNo: '国药准字H13023964',
      category: 'western' as const,
      baseUnit: '粒',
      packs: [{ unit: '盒', factor: 24 }],
      purchaseUnit: '盒',
      issueUnit: '盒',
      levels: { county: true, township: true, village: false },
    };
    const itemId = await addedItem(db, officer, { kind: 'add', reason: '测试', item });
    const supplierId = (
      await ok(
        db,
        'supplier.create',
        supplierInput(41, {
          name: '清源医药有限公司',
          qualifications: [
            { kind: 'business_licence', number: 'YYZZ41', expiresOn: null },
            { kind: 'drug_trade_licence', number: '浙AA57141', expiresOn: day(12) },
          ],
        }),
        officer,
      )
    ).supplier.id;
    receiveForTest(db, { itemId, storeId, quantity: 48, supplierId, batchNo: '240915', expiry: day(-5) });
    receiveForTest(db, { itemId, storeId, quantity: 72, supplierId, batchNo: '250301', expiry: day(20) });
    expect((await scanAlerts(db, new Date())).raised).toBe(3);

    await page.goto('/');
    await login(page, people.pharmacist.username, people.pharmacist.password);
    const count = page.getByTestId('alert-bell-count');
    await expectText(count, '2');
    await page.getByTestId('alert-bell').click();
    const items = page.getByTestId('alert-bell-item');
    await expect.poll(() => items.count()).toBe(2);
    await expectText(items.first(), '柳树镇卫生院有 1 个批次已过期');
    await expectText(items.first(), '过期药品不得发放');
    await screenshot('alerts-bell');
    await items.first().click();
    await page.waitForURL('**/stock-alerts');
    await expectText(count, '1');
    // The panel has finished closing before the bell opens it again (a click during its leave animation is lost).
    const panel = page.getByTestId('alert-bell-panel');
    await panel.waitFor({ state: 'hidden' });
    await page.getByTestId('alert-bell').click();
    await panel.waitFor({ state: 'visible' });
    await page.getByTestId('alert-bell-view-all').click();
    await page.waitForURL('**/alerts');
    await expect.poll(() => page.getByTestId('alert-title').count()).toBe(2);
    await screenshot('alerts-page-pharmacist');

    await page.context().clearCookies();
    await page.goto('/login');
    await login(page, people.officer.username, people.officer.password);
    await expectText(page.getByTestId('alert-bell-count'), '3');
    await page.goto('/alerts');
    await expectText(page.getByTestId('alerts-table'), '清源医药有限公司的药品经营许可证将于');
    await page.getByTestId('alerts-table').locator('tr', { hasText: '药品经营许可证' }).getByTestId('alert-open').click();
    await page.waitForURL(/\/suppliers\/\d+$/);
    await screenshot('alerts-followed-licence');

    await page.context().clearCookies();
    await page.goto('/login');
    await login(page, 'admin', ADMIN_PASSWORD);
    await page.goto('/alert-settings');
    await page.getByTestId('alert-wecom-url').fill('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa');
    await page.getByTestId('alert-wecom-enabled').click();
    await page.getByTestId('alert-settings-save').click();
    await expectText(page.locator('.ant-message'), '推送设置已保存');
    await expectText(page.locator('.ant-card', { hasText: '企业微信群机器人' }), '已保存：https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a••••••aa');
    await screenshot('alerts-settings');
    expect(app.pageErrors).toEqual([]);
  });
});
