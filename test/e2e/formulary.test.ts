import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generatedRows, writeDictionaryXlsx } from '../../scripts/bench/make-dictionary-xlsx.js';
import { openApp, type AppUnderTest } from './support/app.js';
import { ADMIN_PASSWORD, login as apiLogin, ok } from '../support/db.js';
import { expectText, gridRows, login, menuLabels } from './support/ui.js';
import { formularyWorkbook, importThroughHub, openPage, seedPeople, type FormularyPeople } from './formulary-support.js';

let app: AppUnderTest;
let people: FormularyPeople;

beforeEach(async () => {
  app = await openApp();
  people = await seedPeople(app.hub.db);
});

afterEach(async () => {
  await app?.close();
});

const next = /下一步/;

describe('formulary import wizard and search', () => {
  it('imports a messy workbook with a rejected row skipped, then finds an item by pinyin initials', async () => {
    const { page, screenshot } = app;
    await page.goto('/');
    await login(page, people.officer.username, people.officer.password);
    await page.waitForURL('**/dashboard');
    expect(await menuLabels(page)).toEqual(expect.arrayContaining(['统一用药目录', '目录变更申请', '目录导入', '医保代码库']));

    await openPage(page, '目录导入');
    await page.waitForURL('**/formulary-import');
    await screenshot('3x-import-upload');
    const file = {
      name: '目录第一批.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await formularyWorkbook(),
    };

    // Cancelling after the preview leaves the formulary as it was.
    await page.locator('.ant-upload input[type=file]').setInputFiles(file);
    await page.getByRole('button', { name: next }).click();
    await page.getByRole('button', { name: next }).click();
    await expectText(page.getByTestId('count-new'), /新增\s*3/);
    await page.getByRole('button', { name: '取消导入' }).click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await page.locator('.ant-upload input[type=file]').waitFor({ state: 'attached' });
    expect((await ok(app.hub.db, 'formulary.versions', {}, { sessionToken: await apiLogin(app.hub.db, 'admin', ADMIN_PASSWORD) })).versions).toEqual([]);

    await page.locator('.ant-upload input[type=file]').setInputFiles({
      name: '目录第一批.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await formularyWorkbook(),
    });

    // The hub finds the header under the title row; the preview marks it.
    await expect.poll(() => page.getByLabel('表头所在行').inputValue()).toBe('2');
    await expectText(page.locator('[data-testid="sheet-preview"] tr[data-header="true"]'), /医保代码.*通用名/);
    await screenshot('3x-import-sheet');
    await page.getByRole('button', { name: next }).click();

    // Headers named like the fields are mapped already.
    await page.getByTestId('mapping-table').waitFor();
    await expectText(page.getByTestId('mapping-table'), /通用名.*B · 通用名/);
    await screenshot('3x-import-mapping');
    await page.getByRole('button', { name: next }).click();

    await expectText(page.getByTestId('count-new'), /新增\s*3/);
    await expectText(page.getByTestId('count-rejected'), /有误\s*1/);
    const rejected = page.locator('[data-testid="rejected-table"] .ant-table-row');
    await expect.poll(() => rejected.count()).toBe(1);
    const rejectedText = (await rejected.first().textContent()) ?? '';
    expect(rejectedText).toMatch(/^6/);
    expect(rejectedText).toMatch(/医保/);
    await screenshot('3x-import-preview');
    await page.getByRole('button', { name: next }).click();

    const commit = page.getByRole('button', { name: '提交导入' });
    expect(await commit.isDisabled()).toBe(true);
    await page.getByLabel('导入说明').fill('2026 年第一批目录');
    await page.getByLabel('药事会决议号').fill('YSH〔2026〕1号');
    await page.getByLabel('决议日期').fill('2026-03-02');
    await page.getByText('跳过错误行，只导入正确的行').click();
    await screenshot('3x-import-commit');
    await commit.click();
    await expectText(page.locator('.ant-result-title'), '导入完成');
    await expectText(page.locator('.ant-result-subtitle'), /第 1 版：新增 3 个/);
    await screenshot('3x-import-result');

    await page.getByRole('button', { name: '查看统一用药目录' }).click();
    await page.waitForURL('**/formulary');
    await expect.poll(() => gridRows(page, 'formulary-grid').count()).toBe(3);
    await page.getByTestId('formulary-quick').fill('amxl');
    await expect.poll(() => gridRows(page, 'formulary-grid').count()).toBe(1);
    await expectText(gridRows(page, 'formulary-grid').first(), /阿莫西林胶囊/);
    await expectText(page.getByTestId('formulary-count'), '显示 1 / 共 3 个品种');
    await screenshot('3x-formulary-grid');

    // The village sub-catalogue is a view: only the item available at 村 level.
    await page.getByTestId('formulary-quick').fill('');
    await page.getByTestId('formulary-level').getByText('村级').click();
    await expect.poll(() => gridRows(page, 'formulary-grid').count()).toBe(1);
    await page.getByTestId('formulary-level').getByText('全部').click();
    await expect.poll(() => gridRows(page, 'formulary-grid').count()).toBe(3);

    // The export link carries the same input as the grid and streams an xlsx.
    const href = await page.getByRole('link', { name: /导出 Excel/ }).getAttribute('href');
    const exported = await page.request.get(href!);
    expect(exported.status()).toBe(200);
    expect(exported.headers()['content-type']).toMatch(/spreadsheetml/);

    // A saved column layout outlives the page.
    await page.getByRole('button', { name: '列布局' }).click();
    await page.getByRole('menuitem', { name: '保存当前布局' }).click();
    await page.getByLabel('布局名称').fill('采购视图');
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await expect
      .poll(() => page.evaluate(() => Object.keys(JSON.parse(localStorage.getItem('tongcai.formulary.layouts') ?? '{}') as object)))
      .toEqual(['采购视图']);

    await page.locator('[data-testid="formulary-grid"] a', { hasText: '阿莫西林胶囊' }).click();
    await expectText(page.getByTestId('item-drawer').locator('.ant-drawer-body'), /1 盒 = 24 粒/);
    await expectText(page.getByTestId('item-drawer').locator('.ant-drawer-body'), /8\.64 元\/盒/);
    await screenshot('3x-item-drawer');
    await page.getByRole('button', { name: /登记价格/ }).click();
    await page.getByLabel('价格（元）').fill('7.9');
    await screenshot('3x-set-price');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await expectText(page.getByTestId('item-drawer').locator('.ant-drawer-body'), /7\.90 元\/盒/);

    await page.getByRole('button', { name: /维护平台标识/ }).click();
    await page.getByRole('button', { name: '添加平台标识' }).click();
    await page.getByLabel('平台', { exact: true }).fill('national-tps');
    await page.getByLabel('平台产品ID').fill('YP2026000123');
    await page.getByRole('button', { name: '添加配送企业' }).click();
    await page.getByLabel('配送企业名称').fill('国药控股清源有限公司');
    await page.getByLabel('平台编码').fill('PS0001');
    await screenshot('3x-platform-ids');
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await expectText(
      page.getByTestId('item-drawer').locator('.ant-drawer-body'),
      /national-tps.*YP2026000123.*国药控股清源有限公司 · PS0001/,
    );
    await page.locator('.ant-drawer-close').click();

    // The one search box: a change request for an existing item, found by pinyin initials.
    await openPage(page, '目录变更申请');
    await page.getByRole('button', { name: '提交变更申请' }).click();
    const form = page.getByTestId('propose-form');
    await form.getByLabel('申请类型').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '暂停采购' }).click();
    await form.getByLabel('品种').fill('blf');
    await expectText(page.locator('[data-testid="item-picker-option"]').first(), /布洛芬缓释胶囊.*0\.3g.*中美天津史克制药有限公司/);
    await screenshot('3x-item-picker');
    await page.locator('[data-testid="item-picker-option"]').first().click();
    await form.getByLabel('申请理由').fill('国家集采中选品种替代');
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /^提\s*交$/ })
      .click();
    // The import before it is listed too: one approved batch request under its 药事会 resolution.
    await expect.poll(() => gridRows(page, 'change-requests-grid').count()).toBe(2);
    const proposal = page.locator('[data-testid="change-requests-grid"] .ag-row', { hasText: '布洛芬缓释胶囊' });
    await expectText(proposal, /暂停采购.*布洛芬缓释胶囊.*待审议/);
    await expectText(page.locator('[data-testid="change-requests-grid"] .ag-row', { hasText: '批量' }), /已批准/);
    await screenshot('3x-change-requests');

    // The pharmacy officer records the committee's decision; the item is suspended in a new version.
    await page.getByRole('button', { name: '录入决议' }).click();
    await page.getByLabel('决议号').fill('YSH-2026-02');
    await screenshot('3x-decide');
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await expectText(proposal, /已批准/);
    await proposal.getByRole('button', { name: '详情' }).click();
    await expectText(page.locator('.ant-drawer-body'), /决议号YSH-2026-02.*生效版本v2/);
    await screenshot('3x-change-request-detail');
    await page.locator('.ant-drawer-close').click();
    await openPage(page, '统一用药目录');
    await page.getByTestId('formulary-quick').fill('blf');
    await expectText(gridRows(page, 'formulary-grid').first(), /布洛芬缓释胶囊.*暂停采购/);
    // Version 1, before the decision, still has it in use.
    await page.getByLabel('版本').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '第 1 版' }).click();
    await expectText(gridRows(page, 'formulary-grid').first(), /布洛芬缓释胶囊.*在用/);
    await expectText(page.locator('.ant-alert'), '正在查看第 1 版（历史版本，只读）');
    await screenshot('3x-formulary-version');

    await openPage(page, '医保代码库');
    await page.getByTestId('dictionary-status').waitFor();
    await screenshot('3x-dictionary');
    expect(app.pageErrors).toEqual([]);
  });
});

describe('member pharmacist', () => {
  it('sees only their level, cannot manage, and can propose an item with inline validation', async () => {
    const { page, screenshot } = app;
    await importThroughHub(app, people.officer);
    await page.goto('/');
    await login(page, people.pharmacist.username, people.pharmacist.password);
    await page.waitForURL('**/requisitions');
    const labels = await menuLabels(page);
    expect(labels).toEqual(expect.arrayContaining(['统一用药目录', '目录变更申请', '医保代码库']));
    expect(labels).not.toContain('目录导入');

    await openPage(page, '统一用药目录');
    // A township centre's catalogue leaves out the county-only 二甲双胍.
    await expect.poll(() => gridRows(page, 'formulary-grid').count()).toBe(2);
    expect(await page.getByTestId('formulary-level').count()).toBe(0);
    await screenshot('3x-formulary-member');
    await page.locator('[data-testid="formulary-grid"] a', { hasText: '阿莫西林胶囊' }).click();
    await page.getByTestId('item-drawer').locator('.ant-drawer-body').waitFor();
    expect(await page.getByRole('button', { name: /登记价格/ }).count()).toBe(0);
    await page.locator('.ant-drawer-close').click();

    await page.getByRole('button', { name: '申请新增品种' }).click();
    await page.getByLabel('通用名').fill('对乙酰氨基酚片');
    await page.getByLabel('规格').fill('0.5g');
    await page.getByLabel('生产企业').fill('华中药业股份有限公司');
    await page.getByLabel('批准文号/注册证号').fill('国药准字X123');
    await page.getByLabel('最小制剂单位').fill('片');
    await page.getByRole('button', { name: '添加包装层级' }).click();
    await page.getByLabel('单位 1').fill('盒');
    await page.getByLabel('含下一级数量 1').fill('24');
    await page.getByRole('button', { name: '添加包装层级' }).click();
    await page.getByLabel('单位 2').fill('件');
    await page.getByLabel('含下一级数量 2').fill('200');
    await expectText(page.getByTestId('pack-chain'), '1 件 = 200 盒 = 4800 片');
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /^提\s*交$/ })
      .click();
    // The same zod schema as the hub, each problem on its field, in Chinese.
    await expectText(page.locator('[id="item_approvalNo_help"]'), /批准文号格式不正确/);
    await expectText(page.locator('[id="item_purchaseUnit_help"]'), /采购单位/);
    await expectText(page.locator('[id="reason_help"]'), /申请理由/);
    await screenshot('3x-propose-form');

    await page.getByLabel('批准文号/注册证号').fill('国药准字H42021024');
    await page.getByLabel('采购单位').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '盒' }).click();
    // Wait for that popup to close, or its options would be found again.
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
    await page.getByLabel('发放单位').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '片' }).last().click();
    await page.getByLabel('申请理由').fill('乡镇常用解热镇痛药');
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /^提\s*交$/ })
      .click();
    await page.waitForSelector('.ant-modal', { state: 'detached' });
    await openPage(page, '目录变更申请');
    await expect.poll(() => gridRows(page, 'change-requests-grid').count()).toBe(1);
    await expectText(gridRows(page, 'change-requests-grid').first(), /新增.*对乙酰氨基酚片.*待审议.*赵晓梅.*柳树镇卫生院/);
    expect(await page.getByRole('button', { name: '录入决议' }).count()).toBe(0);
    await page.getByRole('button', { name: '撤回' }).click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /撤\s*回/ })
      .click();
    await expectText(gridRows(page, 'change-requests-grid').first(), /已撤回/);
    expect(app.pageErrors).toEqual([]);
  });
});

describe('insurance dictionary', () => {
  it('imports an edition with streamed progress, searches it as you type, and fills a new item from a row', async () => {
    const { page, screenshot } = app;
    const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-dict-'));
    const file = path.join(dir, '医保药品分类与代码数据库.xlsx');
    await writeDictionaryXlsx(file, generatedRows(12_000));
    try {
      await page.goto('/');
      await login(page, people.officer.username, people.officer.password);
      await page.waitForURL('**/dashboard');
      await openPage(page, '医保代码库');
      await page.getByRole('button', { name: '导入新版代码库' }).click();
      await page.locator('.ant-modal .ant-upload input[type=file]').setInputFiles(file);
      await expectText(page.getByTestId('dictionary-import-progress'), /代码库导入完成：新增 12000/);
      await screenshot('3x-dictionary-import');
      await page
        .locator('.ant-modal-footer')
        .getByRole('button', { name: /关\s*闭/ })
        .click();
      await expectText(page.getByTestId('dictionary-status'), /代码总数\s*12,?000/);

      await page.getByTestId('dictionary-search').fill('dkla');
      const results = page.locator('[data-testid="dictionary-results"] .ant-table-row');
      await expect.poll(() => results.count()).toBeGreaterThan(0);
      await expectText(results.first(), /地喹氯铵含片/);
      await screenshot('3x-dictionary-search');
      await results.first().locator('a').first().click();
      await expectText(page.locator('.ant-drawer-body'), /药品代码.*XA01ABD/);
      await screenshot('3x-dictionary-entry');
      await page.locator('.ant-drawer-close').click();

      await openPage(page, '统一用药目录');
      await page.getByRole('button', { name: '申请新增品种' }).click();
      await page.getByRole('button', { name: '从医保代码库选择' }).click();
      const picker = page.locator('.ant-modal', { hasText: '从医保代码库选择' }).last();
      await picker.getByTestId('dictionary-search').fill('bhsaldp');
      const pickRows = picker.locator('.ant-table-row');
      await expect.poll(() => pickRows.count()).toBeGreaterThan(0);
      await expectText(pickRows.first(), /苯磺酸氨氯地平片/);
      await screenshot('3x-dictionary-picker');
      await pickRows
        .first()
        .getByRole('button', { name: /选\s*用/ })
        .click();
      await expect.poll(() => page.getByLabel('通用名').inputValue()).toBe('苯磺酸氨氯地平片');
      expect(await page.getByTestId('propose-form').getByLabel('医保代码', { exact: true }).inputValue()).toMatch(/^XA01ABD\d{16}$/);
      await expectText(page.getByTestId('pack-chain'), /^1 盒 = \d+ /);
      await screenshot('3x-propose-filled');
      expect(app.pageErrors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
