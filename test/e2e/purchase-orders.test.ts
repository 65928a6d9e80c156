import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, type AppUnderTest } from './support/app.js';
import { login as apiLogin, ok } from '../support/db.js';
import { supplierInput } from '../support/suppliers.js';
import { expectText, login } from './support/ui.js';
import { seedPeople, type FormularyPeople } from './formulary-support.js';

let app: AppUnderTest;
let people: FormularyPeople;

beforeEach(async () => {
  app = await openApp();
  const db = app.hub.db;
  people = await seedPeople(db);
  const officer = { sessionToken: await apiLogin(db, people.officer.username, people.officer.password) };
  const item = (genericName: string, spec: string, approvalNo: string, factor: number) => ({
    item: {
      genericName,
      spec,
      dosageForm: '胶囊剂',
      manufacturer: '华北制药股份有限公司',
      approvalNo,
      category: 'western' as const,
      baseUnit: '粒',
      packs: [{ unit: '盒', factor }],
      purchaseUnit: '盒',
      issueUnit: '盒',
      levels: { county: true, township: true, village: false },
    },
    prices: [{ kind: 'listed' as const, priceMicro: 12_500_000, effectiveFrom: '2026-01-01' }],
  });
  await ok(
    db,
    'changeRequest.adoptBatch',
    {
      reason: '测试目录',
      resolutionNo: 'YSH-E2E',
      resolutionDate: '2026-01-01',
      items: [item('阿莫西林胶囊', '0.25g', '国药准字H13023964', 24), item('布洛芬缓释胶囊', '0.3g', '国药准字H10900089', 20)],
    },
    officer,
  );
  await ok(db, 'supplier.create', supplierInput(7, { name: '国药控股清源医药有限公司' }), officer);
});

afterEach(async () => {
  await app?.close();
});

describe('purchase orders in the browser', () => {
  it('enters an order from the keyboard, is refused a price above 挂网价 on its line, approves it and prints it', async () => {
    const { page, screenshot } = app;
    await page.goto('/');
    await login(page, people.officer.username, people.officer.password);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto('/orders');
    await page.getByTestId('po-new').click();
    await page.getByTestId('po-supplier').click();
    await page.keyboard.type('国药控股');
    await page.keyboard.press('Enter');

    // Pinyin initials → Enter picks the item and moves to the quantity (in boxes), Enter to the price, Enter to a new line.
    await page.getByTestId('item-picker').first().click();
    await page.keyboard.type('amxl');
    await page.locator('[data-testid=item-picker-option]:visible').first().waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^po-qty-/);
    await page.keyboard.type('10');
    await expectText(page.getByTestId('po-qty-base').first(), '= 240 粒');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value ?? '')).toBe('12.50');
    await page.keyboard.type('12.80');
    // Above the 挂网价: Enter goes to the reason first, then on to a new line.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^po-reason-/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^po-item-/);
    await page.keyboard.type('blf');
    await page.locator('[data-testid=item-picker-option]:visible').first().waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^po-qty-/);
    await page.keyboard.type('5');

    // The supplier's platform profile comes filled in; these test items have no platform ids, so order off-profile.
    await expect.poll(() => page.locator('#po-platform-profile').inputValue()).toBe('national-tps');
    await page.locator('#po-platform-profile').fill('');
    await page.getByTestId('po-create').click();
    await expectText(page.getByTestId('po-lines'), '单价 12.80 元/盒高于挂网价 12.50 元/盒，须填写超限价原因');
    await screenshot('po-1-refused-on-line');
    await page.getByTestId('po-price-reason').first().fill('平台缺货 临时议价');
    await page.getByTestId('po-create').click();
    await page.waitForURL(/\/orders\/\d+$/);
    await expectText(page.getByTestId('po-total'), '合计 2 个品种，金额 190.50 元');
    await screenshot('po-2-draft');

    await page.getByTestId('po-approve').click();
    await expectText(page.getByTestId('order-state'), '已审核');
    await page.getByTestId('po-posted-lines').waitFor();
    await screenshot('po-3-approved');

    const [print] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('po-print').click()]);
    await print.getByTestId('order-print').waitFor();
    await expectText(print.getByTestId('order-print'), '药品采购订单');
    await expectText(print.getByTestId('order-print'), '壹佰玖拾元伍角整');
    await print.waitForTimeout(400);
    await print.screenshot({ path: 'test-results/screenshots/po-4-print.png', fullPage: true });
    expect(app.pageErrors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
