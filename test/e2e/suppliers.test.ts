import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, type AppUnderTest } from './support/app.js';
import { login as apiLogin, ok } from '../support/db.js';
import { supplierInput, validUscc } from '../support/suppliers.js';
import { expectText, gridRows, login } from './support/ui.js';
import { openPage, seedPeople, type FormularyPeople } from './formulary-support.js';

let app: AppUnderTest;
let people: FormularyPeople;

beforeEach(async () => {
  app = await openApp();
  people = await seedPeople(app.hub.db);
});

afterEach(async () => {
  await app?.close();
});

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

describe('suppliers', () => {
  it('shows qualification alerts, refuses a wrong USCC on its field, creates a supplier and opens its drawer', async () => {
    const { page, screenshot } = app;
    const officer = { sessionToken: await apiLogin(app.hub.db, people.officer.username, people.officer.password) };
    await ok(
      app.hub.db,
      'supplier.create',
      supplierInput(7, {
        name: '清源县康达医药有限公司',
        qualifications: [
          { kind: 'business_licence', number: 'YYZZ7', expiresOn: null },
          { kind: 'drug_trade_licence', number: '赣AA7900', expiresOn: inDays(12) },
          { kind: 'gsp', number: 'GSP-7', expiresOn: inDays(-3) },
        ],
      }),
      officer,
    );
    await ok(app.hub.db, 'supplier.create', supplierInput(8, { name: '华润赣州医药有限公司' }), officer);

    await page.goto('/');
    await login(page, people.officer.username, people.officer.password);
    await page.waitForURL('**/dashboard');
    await openPage(page, '供应商');
    await page.waitForURL('**/suppliers');
    await expect.poll(() => gridRows(page, 'suppliers-grid').count()).toBe(2);
    const kangda = gridRows(page, 'suppliers-grid').filter({ hasText: '康达' });
    await expectText(kangda, /药品经营许可证\s*1[12] 天后到期/);
    await expectText(kangda, /GSP 证书\s*已过期/);
    await expectText(page.locator('.ant-alert').first(), /1 家供应商有证照已过期/);
    await screenshot('7x-suppliers-grid');

    await page.getByTestId('supplier-new').click();
    await page.getByTestId('supplier-name').fill('江西瑞康医疗器械有限公司');
    const good = validUscc(9);
    await page.getByTestId('supplier-uscc').fill(`${good.slice(0, 17)}${good.endsWith('0') ? '1' : '0'}`);
    await page.locator('.ant-modal input[id$="qualifications_0_number"]').fill('91360700MA3AQ4W8RF');
    await page.locator('.ant-modal input[id$="qualifications_1_number"]').fill('赣AA7910');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expectText(page.locator('.ant-modal .ant-form-item-explain-error').first(), '统一社会信用代码无效（18 位，GB 32100 校验位不符）');
    await screenshot('7x-supplier-form-refused');
    await page.getByTestId('supplier-uscc').fill(good);
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => gridRows(page, 'suppliers-grid').count()).toBe(3);

    await page.locator('[data-testid="suppliers-grid"]').getByText('江西瑞康医疗器械有限公司', { exact: true }).click();
    await expectText(page.getByTestId('supplier-drawer'), /营业执照[\s\S]*药品经营许可证/);
    await expect.poll(() => page.url()).toMatch(/\/suppliers\/\d+$/);
    await screenshot('7x-supplier-drawer');
    expect(app.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });
});
