import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppUnderTest } from './support/app.js';
import { lastMonth, seedDemoUsers } from './support/demo.js';
import { expectText, login } from './support/ui.js';

/** 医保进销存上报 on the demo community (its history spans last month): the auditor at the lead hospital, then a member pharmacist. */
let app: AppUnderTest;
let user: Awaited<ReturnType<typeof seedDemoUsers>>;
beforeAll(async () => {
  app = await openApp();
  user = await seedDemoUsers(app);
}, 120_000);
afterAll(async () => {
  await app?.close();
});


describe('医保进销存上报', () => {
  it('the auditor reads the lead hospital’s month per report, sees the rows that cannot be reported and exports the xlsx', async () => {
    const { page, screenshot } = app;
    await page.goto('/');
    await login(page, 'shenji', user('shenji').password);
    await page.goto('/medins-reports');
    await expectText(page.getByTestId('medins-unit'), /清源县人民医院/);
    await expectText(page.getByTestId('medins-tab-3502'), /3502 库存变更/);
    await expectText(page.getByTestId('medins-basis'), /3501/);
    await page.getByTestId('medins-tab-3502').click();
    await expectText(page.getByTestId('medins-records'), /inv_chg_type/);
    await expectText(page.getByTestId('medins-records'), /RK\d{4}-\d{6}/);
    const fits = await page.evaluate(() => ({
      page: document.documentElement.scrollHeight <= window.innerHeight && document.documentElement.scrollWidth <= window.innerWidth,
      pager: (document.querySelector('.ant-pagination') as HTMLElement | null)?.getBoundingClientRect().bottom ?? 0,
    }));
    await screenshot('medins-1-lead-3502');
    expect(fits.page).toBe(true);
    expect(fits.pager).toBeLessThanOrEqual(768);

    // The demo has a batch with no 生产日期: listed with its reason, and the export waits for the skip box.
    await expectText(page.getByTestId('medins-unreportable-alert'), /不能上报/);
    await expect(page.getByTestId('medins-export-xlsx').isDisabled()).resolves.toBe(true);
    await page.getByTestId('medins-tab-unreportable').click();
    await expectText(page.getByTestId('medins-unreportable'), /未记录生产日期/);
    await screenshot('medins-2-lead-unreportable');

    await page.getByTestId('medins-skip').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('medins-export-xlsx').click()]);
    expect(download.suggestedFilename()).toBe(`医保进销存-QY-XRMYY-${lastMonth()}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['说明', '3501商品盘存信息', '3502商品库存变更', '3503商品采购', '3504商品采购退货', '3505商品销售', '3506商品销售退货', '不能上报']);
    expect(book.getWorksheet('3503商品采购')!.rowCount).toBeGreaterThan(2);
    expect(app.pageErrors).toEqual([]);
  });

  it('a member pharmacist opens their own unit only, its sales (3505) from the recorded consumption', async () => {
    const { page, screenshot } = app;
    // The demo's village clinic pharmacist (石门村卫生室).
    const pharmacist = user('yaoshi.shimen');
    await page.context().clearCookies();
    await page.goto('/');
    await login(page, pharmacist.username, pharmacist.password);
    await page.goto('/medins-reports');
    await expectText(page.getByTestId('medins-unit'), pharmacist.unit);
    await expect(page.locator('[data-testid="medins-unit"].ant-select-disabled').count()).resolves.toBe(1);
    await page.getByTestId('medins-tab-3505').click();
    await expectText(page.getByTestId('medins-records'), /CK\d{4}-\d{6}/);
    await expectText(page.getByTestId('medins-records'), /sel_retn_cnt/);
    await screenshot('medins-3-member-3505');
    expect(app.pageErrors).toEqual([]);
  });
});
