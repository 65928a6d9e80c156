import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, login as apiLogin, ok, userWithSession } from '../support/db.js';
import { supplierInput } from '../support/suppliers.js';
import { openApp, type AppUnderTest } from './support/app.js';
import { expectText, login, menuLabels } from './support/ui.js';
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

/** 刘芳 (finance) and 王审计 (auditor) at the lead hospital, and one small supplier. */
async function staff() {
  const db = app.hub.db;
  const admin = await apiLogin(db, 'admin', ADMIN_PASSWORD);
  const lead = (await ok(db, 'unit.list', {}, { sessionToken: admin })).units.find((u) => u.isLead)!;
  const caiwu = await userWithSession(db, admin, { username: 'caiwu', displayName: '刘芳', role: 'finance', unitId: lead.id });
  const shenji = await userWithSession(db, admin, { username: 'shenji', displayName: '王审计', role: 'auditor', unitId: lead.id });
  const officer = { sessionToken: await apiLogin(db, people.officer.username, people.officer.password) };
  const supplierId = (await ok(db, 'supplier.create', supplierInput(51), officer)).supplier.id;
  return { db, caiwu, shenji, supplierId };
}

/** The error antd shows under the form field holding this test id. */
const fieldError = (page: Page, testId: string) =>
  page.locator('.ant-form-item', { has: page.getByTestId(testId) }).locator('.ant-form-item-explain-error').first();

const lastMessage = (page: Page) => page.locator('.ant-message-notice').last();

describe('付款规则与格式', () => {
  it('finance changes the tolerance and the SME day count (a bad value is refused on its field), a supplier’s contract terms, a bank layout’s columns (persisted across a reload) and maps account codes', async () => {
    const { page, screenshot } = app;
    const { db, caiwu, supplierId } = await staff();
    const as = { sessionToken: caiwu.token };
    await page.goto('/');
    await login(page, 'caiwu', caiwu.password);
    await page.goto('/finance-settings');

    // 付款规则: the defaults, each field naming its legal basis.
    await expect.poll(() => page.getByTestId('rules-smeDays').inputValue()).toBe('30');
    await expectText(page.locator('.ant-form-item', { has: page.getByTestId('rules-smeDays') }), /国务院令第802号/);
    await screenshot('fs-01-rules');

    // 5 分 of tolerance; 70 days for SMEs is beyond the 60-day maximum: refused on the field, nothing saved.
    await page.getByTestId('rules-priceToleranceMicro').fill('5');
    await page.getByTestId('rules-smeDays').fill('70');
    await page.getByTestId('rules-save').click();
    await expectText(fieldError(page, 'rules-smeDays'), '中小企业付款期限不能超过最长期限');
    await screenshot('fs-02-rules-error');
    expect((await ok(db, 'financeSettings.get', {}, as)).settings.smeDays).toBe(30);

    await page.getByTestId('rules-smeDays').fill('45');
    await expect.poll(() => fieldError(page, 'rules-smeDays').count()).toBe(0);
    await page.getByTestId('rules-save').click();
    await expectText(lastMessage(page), '已保存');
    expect((await ok(db, 'financeSettings.get', {}, as)).settings).toMatchObject({ smeDays: 45, smeMaxDays: 60, priceToleranceMicro: 50_000, lprBp: 300 });

    // 合同账期: the supplier's contract sets 50 days from acceptance at 4.35 % a year.
    await page.getByTestId('fs-tab-terms').click();
    await page.getByTestId(`terms-edit-${supplierId}`).click();
    await page.getByTestId('terms-days').fill('50');
    await page.getByTestId('terms-rate').fill('4.35');
    await page.getByTestId('terms-note').fill('合同 QY-2026-018');
    await screenshot('fs-03-terms-edit');
    await page.locator('.ant-modal .ant-btn-primary').click();
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });
    await expectText(page.locator('[data-testid="terms-table"] .ant-table-row').first(), /清源医药有限公司51.*50 天.*4\.35% \/ 年.*合同 QY-2026-018/);
    await screenshot('fs-04-terms');
    expect((await ok(db, 'supplierTerms.get', { supplierId }, as)).terms[0]).toMatchObject({ termDays: 50, interestRateBp: 435, note: '合同 QY-2026-018' });

    // 银行代付格式: the 工商银行 layout's account column first, renamed; saved and still so after a reload.
    await page.getByTestId('fs-tab-bank').click();
    await expect.poll(() => page.getByTestId('bank-profile-header-1').inputValue()).toBe('收款账号');
    await page.getByTestId('bank-profile-up-1').click();
    await expect.poll(() => page.getByTestId('bank-profile-header-0').inputValue()).toBe('收款账号');
    await page.getByTestId('bank-profile-header-0').fill('收款人账号');
    await expectText(page.locator('[data-testid="bank-profile-preview"] thead'), /^收款人账号序号收款户名/);
    await page.getByTestId('bank-profile-save').click();
    await expectText(lastMessage(page), '已保存');
    await screenshot('fs-05-bank-profile');
    await page.reload();
    await page.getByTestId('fs-tab-bank').click();
    await expect.poll(() => page.getByTestId('bank-profile-header-0').inputValue()).toBe('收款人账号');
    expect(await page.getByTestId('bank-profile-header-1').inputValue()).toBe('序号');
    const icbc = (await ok(db, 'bankProfile.list', {}, as)).profiles.find((p) => p.id === 1)!;
    expect(icbc.columns.slice(0, 2)).toEqual([
      { field: 'accountNo', header: '收款人账号' },
      { field: 'lineNo', header: '序号' },
    ]);

    // A layout without the amount column is refused by the hub; nothing changes.
    await page.getByTestId('bank-profile-remove-5').click();
    await page.getByTestId('bank-profile-save').click();
    await expectText(lastMessage(page), '银行文件至少须有收款人名称、收款账号和金额三列');
    expect((await ok(db, 'bankProfile.list', {}, as)).profiles.find((p) => p.id === 1)!.columns).toHaveLength(7);

    // 凭证格式: the same editor, on the 用友 layout.
    await page.getByTestId('fs-tab-voucher').click();
    await expect.poll(() => page.getByTestId('voucher-profile-header-0').inputValue()).toBe('制单日期');
    await screenshot('fs-06-voucher-profile');

    // 科目映射: a code in Chinese is refused on its field; 库存物品 and the 暂估 account mapped.
    await page.getByTestId('fs-tab-accounts').click();
    await page.getByTestId('account-code-inventory').fill('1302');
    await page.getByTestId('account-name-inventory').fill('库存物品');
    await page.getByTestId('account-code-grni').fill('应付暂估');
    await page.getByTestId('accounts-save').click();
    await expectText(fieldError(page, 'account-code-grni'), '科目编码只能包含数字、字母、. - _');
    await page.getByTestId('account-suggest-grni').click();
    await expect.poll(() => page.getByTestId('account-code-grni').inputValue()).toBe('230299');
    await expectText(page.getByTestId('accounts-mapped'), '已对照 2 / 12 个科目');
    await page.getByTestId('accounts-save').click();
    await expectText(lastMessage(page), '已保存');
    await screenshot('fs-07-accounts');
    const { map } = await ok(db, 'accountMap.get', {}, as);
    expect(map.accounts).toEqual([
      { account: 'inventory', code: '1302', name: '库存物品' },
      { account: 'grni', code: '230299', name: '应付账款—暂估' },
    ]);
    expect(app.pageErrors).toEqual([]);
  });

  it('the administrator reaches the page (the formats and the account map; the tabs they may not read are left out and named); an auditor is refused by the guard', async () => {
    const { page, screenshot } = app;
    const { shenji } = await staff();

    await page.goto('/');
    await login(page, 'admin', ADMIN_PASSWORD);
    expect(await menuLabels(page)).toContain('付款规则与格式');
    await page.goto('/finance-settings');
    await expectText(page.locator('h4'), '付款规则与格式');
    // Only the tabs they may read: the voucher formats first, the account map; a note names who keeps the rest.
    await expectText(page.getByTestId('fs-hidden'), /付款规则、合同账期、银行代付格式由财务人员维护/);
    expect(await page.getByTestId('fs-tab-rules').count()).toBe(0);
    await expect.poll(() => page.getByTestId('voucher-profile-header-0').inputValue()).toBe('制单日期');
    await screenshot('fs-08-admin');
    await page.getByTestId('fs-tab-accounts').click();
    await expectText(page.getByTestId('accounts-mapped'), '已对照 0 / 12 个科目');

    await page.context().clearCookies();
    await page.goto('/');
    await login(page, 'shenji', shenji.password);
    expect(await menuLabels(page)).not.toContain('付款规则与格式');
    await page.goto('/finance-settings');
    await expectText(page.getByTestId('forbidden-notice'), /没有权限访问此页面（\/finance-settings）/);
    expect(new URL(page.url()).pathname).not.toBe('/finance-settings');
    expect(app.pageErrors).toEqual([]);
  });
});
