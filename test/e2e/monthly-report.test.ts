import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type AppUnderTest } from './support/app.js';
import { lastMonth, seedDemoUsers } from './support/demo.js';
import { expectText, login } from './support/ui.js';

/** 月报 on the demo community (its history spans last month): the pharmacy officer, then a township's pharmacist. */
let app: AppUnderTest;
let user: Awaited<ReturnType<typeof seedDemoUsers>>;
beforeAll(async () => {
  app = await openApp();
  user = await seedDemoUsers(app, ['caigou', 'yaoshi.qingshi', 'kuguan', 'shenji']);
}, 120_000);
afterAll(async () => {
  await app?.close();
});

describe('月报', () => {
  it('the officer reads last month’s figures and charts, traces a township’s inflow to its lines, exports the workbook and opens the printable summary', async () => {
    const { page, screenshot } = app;
    const month = lastMonth();
    await page.goto('/');
    await login(page, 'caigou', user('caigou').password);
    await page.goto(`/monthly-report?month=${month}`);
    await expectText(page.getByTestId('report-kpis'), /目录内采购占比/);
    await expectText(page.getByTestId('report-kpis'), /网上采购率/);
    // Both charts drew (ECharts' SVG renderer), and the table lists every unit, each level and the community.
    await page.getByTestId('chart-levels').locator('svg').first().waitFor();
    await page.getByTestId('chart-expiry').locator('svg').first().waitFor();
    await expectText(page.getByTestId('report-table'), /青石镇中心卫生院/);
    await expectText(page.getByTestId('report-table'), /乡级合计/);
    await screenshot('monthly-report-1-officer');
    const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(fits).toBe(true);

    // 青石镇's inflow: the drawer's lines add up to the figure in the cell.
    const cell = page.getByTestId('trace-inflow-QY-WS01');
    const shown = (await cell.innerText()).trim();
    expect(shown).not.toBe('0.00');
    await cell.click();
    const drawer = page.getByTestId('report-trace');
    await expectText(drawer, /101 调拨入库/);
    await expectText(page.getByTestId('trace-total'), new RegExp(`合计 ${shown.replace(/[.,]/g, (c) => `\\${c}`)} 元`));
    await screenshot('monthly-report-2-trace');
    await page.keyboard.press('Escape');

    const download = page.waitForEvent('download');
    await page.getByTestId('report-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`月报-${month}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync((await file.path())!) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toContain('网上采购率');

    // 工作台: the officer's 集采 completion with its chart, what to order and the requisitions waiting, each a link.
    await page.goto('/dashboard');
    await expectText(page.getByTestId('dashboard-officer'), /集采完成率/);
    await page.getByTestId('chart-vbp').locator('svg').first().waitFor();
    await expect(page.getByTestId('dashboard-finance').count()).resolves.toBe(0);
    await screenshot('dashboard-1-officer');
    await page.getByTestId('dash-requisitions').click();
    await page.waitForURL(/\/requisitions/);

    await page.goto(`/print/monthly-report?month=${month}`);
    await expectText(page.getByTestId('monthly-report-print'), /药品耗材统一采购月报/);
    await page.getByTestId('monthly-report-print').locator('svg').first().waitFor();
    await screenshot('monthly-report-3-print');
    expect(app.pageErrors).toEqual([]);
  });

  it('a township pharmacist sees only their own unit, without the community’s export', async () => {
    const { page, screenshot } = app;
    await page.goto('/');
    await page.context().clearCookies();
    await page.goto('/');
    await login(page, 'yaoshi.qingshi', user('yaoshi.qingshi').password);
    await page.goto(`/monthly-report?month=${lastMonth()}`);
    await expectText(page.getByTestId('report-table'), /青石镇中心卫生院/);
    // Their centre and the village clinics it reviews for (乡村一体化) — no other unit, no level or community total.
    const names = await page.getByTestId('report-table').locator('tbody tr.ant-table-row td:first-child').allInnerTexts();
    expect(names[0]).toMatch(/青石镇中心卫生院/);
    expect(names.slice(1).every((n) => /卫生室$/.test(n.trim()))).toBe(true);
    expect(names.join()).not.toMatch(/人民医院|合计/);
    expect(await page.getByTestId('report-export').count()).toBe(0);
    await screenshot('monthly-report-4-member');
    // Their 工作台: the unit's alerts, requisitions and budget (a doughnut of actual, committed, remaining).
    await page.goto('/dashboard');
    await expectText(page.getByTestId('dashboard-member'), /预算可用/);
    await page.getByTestId('chart-budget').locator('svg').first().waitFor();
    expect(await page.getByTestId('dashboard-officer').count()).toBe(0);
    await screenshot('dashboard-2-member');
  });

  it('the storekeeper’s 工作台 charts stock value by expiry band; the auditor’s shows last month’s level figures', async () => {
    const { page, screenshot } = app;
    await page.goto('/');
    await page.context().clearCookies();
    await page.goto('/');
    await login(page, 'kuguan', user('kuguan').password);
    await page.goto('/dashboard');
    await expectText(page.getByTestId('dashboard-keeper'), /待验收入库单/);
    const chart = page.getByTestId('chart-near-expiry');
    await chart.locator('svg').first().waitFor();
    // The bands in order, expired first, each with its batch count.
    await expectText(chart, /已过期（\d+ 批）/);
    await expectText(chart, /个月（[1-9]\d* 批）/);
    expect(await page.getByTestId('dashboard-officer').count()).toBe(0);
    await screenshot('dashboard-3-storekeeper');

    await page.context().clearCookies();
    await page.goto('/');
    await login(page, 'shenji', user('shenji').password);
    await page.goto('/dashboard');
    await expectText(page.getByTestId('dashboard-auditor'), /完整性检查/);
    const levels = page.getByTestId('chart-audit-levels');
    await levels.locator('svg').first().waitFor();
    await expectText(levels, /乡级/);
    await expectText(levels, /医共体/);
    await screenshot('dashboard-4-auditor');
    expect(app.pageErrors).toEqual([]);
  });
});
