import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { usccCheckChar } from '../../core/api/index.js';
import { openApp, type AppUnderTest } from './support/app.js';
import { chooseOption, expectText, gridRows, login, menuLabels, openMenu } from './support/ui.js';

const LEAD_USCC_BODY = '12510723MB1234567';
const LEAD_USCC = LEAD_USCC_BODY + usccCheckChar(LEAD_USCC_BODY);
const ADMIN = { username: 'admin', displayName: '王建国', password: 'Admin2026pass' };
const PHARMACIST_NEW_PASSWORD = 'Qingshan2026';

let app: AppUnderTest;

beforeEach(async () => {
  app = await openApp();
});

afterEach(async () => {
  await app?.close();
});

describe('the setup code from the desktop', () => {
  it('fills the code from #setup=…, skips its step and removes it from the address', async () => {
    const { page } = app;
    await page.goto(`/#setup=${app.hub.setupCode}`);
    await expectText(page.locator('.ant-card h3'), '初始化医共体');
    await expect.poll(() => page.getByLabel('医共体名称', { exact: true }).isVisible()).toBe(true);
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.getByLabel('初始化码', { exact: true }).inputValue()).toBe(app.hub.setupCode);
  });
});

describe('first day of a community hub', () => {
  it('sets up the community, adds a township unit and its pharmacist, who then sees only their unit', async () => {
    const { page, screenshot } = app;
    await page.goto('/');

    // --- Setup wizard: first the one-time code the hub printed; the zod rules speak before anything is sent.
    await expectText(page.locator('.ant-card h3'), '初始化医共体');
    await page.getByTestId('setup-next').click();
    await expectText(page.locator('#setupCode_help'), '请输入初始化码');
    const realCode = app.hub.setupCode!;
    const wrongCode = realCode.startsWith('A') ? `B${realCode.slice(1)}` : `A${realCode.slice(1)}`;
    await page.getByLabel('初始化码', { exact: true }).fill(wrongCode);
    await page.getByTestId('setup-next').click();
    await page.getByTestId('setup-next').click();
    await expectText(page.locator('#community_name_help'), '请填写医共体名称');
    await page.getByLabel('医共体名称', { exact: true }).fill('青山县医共体');
    await page.getByLabel('平台医疗机构代码', { exact: true }).fill('h51072300001');
    await page.getByLabel('开户银行', { exact: true }).fill('中国农业银行青山县支行');
    await page.getByLabel('账户名称', { exact: true }).fill('青山县人民医院');
    await page.getByLabel('银行账号', { exact: true }).fill('2261 0101 0400 1234 5');
    await screenshot('01-setup-community');
    await page.getByTestId('setup-next').click();

    await page.locator('#leadUnit_code').fill('QSXRMYY');
    await page.locator('#leadUnit_name').fill('青山县人民医院');
    await page.locator('#leadUnit_uscc').fill('12510723MB123456X'); // wrong check character
    await page.locator('#leadUnit_address').fill('青山县城关镇人民路 18 号');
    await page.locator('#leadUnit_contactName').fill('赵药师');
    await page.locator('#leadUnit_contactPhone').fill('0816-1234567');
    await page.locator('#centralStore_code').fill('ZXYK');
    await page.locator('#centralStore_name').fill('中心药库');
    await page.getByTestId('setup-next').click();
    await expectText(page.locator('#leadUnit_uscc_help'), /统一社会信用代码无效/);
    await page.locator('#leadUnit_uscc').fill(LEAD_USCC);
    await screenshot('02-setup-lead');
    await page.getByTestId('setup-next').click();

    await page.locator('#admin_username').fill(ADMIN.username);
    await page.locator('#admin_displayName').fill(ADMIN.displayName);
    await page.locator('#admin_password').fill(ADMIN.password);
    await page.locator('#admin_confirmPassword').fill('Admin2026pas');
    await page.getByTestId('setup-next').click();
    await expectText(page.locator('#admin_confirmPassword_help'), '两次输入的密码不一致');
    await page.locator('#admin_confirmPassword').fill(ADMIN.password);
    await screenshot('03-setup-admin');
    await page.getByTestId('setup-next').click();

    await expectText(page.locator('.ant-descriptions').first(), /H51072300001/);
    await screenshot('04-setup-summary');
    await page.getByTestId('setup-next').click();

    // The hub refuses the wrong code; the wizard goes back to its step with the hub's message on the field.
    await expectText(page.locator('#setupCode_help'), '初始化码不正确');
    await screenshot('00-setup-code-refused');
    await page.getByLabel('初始化码', { exact: true }).fill(`${realCode.slice(0, 5).toLowerCase()}-${realCode.slice(5)}`);
    for (let i = 0; i < 4; i++) await page.getByTestId('setup-next').click();
    await expectText(page.locator('.ant-descriptions').first(), /H51072300001/);
    await page.getByTestId('setup-next').click();

    // --- Login: a wrong password gets the hub's Chinese message, then the admin gets in.
    await page.waitForURL('**/login');
    await login(page, ADMIN.username, 'wrong-password1');
    await expectText(page.getByTestId('login-error'), '用户名或密码错误');
    await screenshot('05-login-error');
    await login(page, ADMIN.username, ADMIN.password);
    await page.waitForURL('**/units');
    await expectText(page.getByTestId('community-name'), '青山县医共体');
    // The administrator lands on 成员单位; 付款规则与格式 (account maps, bank layouts) is theirs to configure as well.
    expect(await menuLabels(page)).toEqual([
      '工作台',
      '付款规则与格式',
      '平台配置',
      '完整性检查',
      '提醒',
      '提醒推送',
      '成员单位',
      '医共体信息',
      '统一用药目录',
      '目录变更申请',
      '医保代码库',
      '用户',
      '审计日志',
      '个人设置',
    ]);
    await expect.poll(() => gridRows(page, 'units-grid').count()).toBe(1);
    await screenshot('06-units-admin');

    // --- A township health centre; the form checks with unitFields first.
    await page.getByRole('button', { name: '新增单位' }).click();
    await page.getByLabel('编码', { exact: true }).fill('QSZWSY');
    await page.getByLabel('名称', { exact: true }).fill('青山镇卫生院');
    await page.getByLabel('医保定点机构编码', { exact: true }).fill('H5107');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await expectText(page.locator('#insuranceCode_help'), '医保定点机构编码应为 1 位字母加 11 位数字');
    await page.getByLabel('医保定点机构编码', { exact: true }).fill('H51072300123');
    await page.getByLabel('联系人', { exact: true }).fill('李医生');
    await page.getByLabel('联系电话', { exact: true }).fill('0816-7654321');
    await screenshot('07-unit-form');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => gridRows(page, 'units-grid').count()).toBe(2);
    await page.locator('[data-testid="units-grid"] a', { hasText: '青山镇卫生院' }).click();
    await expectText(page.locator('.ant-drawer .ant-table-tbody'), /QSZWSY-YF.*药房/);
    await screenshot('08-unit-detail');
    await page.locator('.ant-drawer-close').click();

    // --- A member pharmacist bound to it: the one-time password is shown once.
    await openMenu(page, '用户');
    await page.waitForURL('**/users');
    await expect.poll(() => gridRows(page, 'users-grid').count()).toBe(1);
    await page.getByRole('button', { name: '新增用户' }).click();
    await page.getByLabel('用户名', { exact: true }).fill('lisi');
    await page.getByLabel('姓名', { exact: true }).fill('李四');
    await chooseOption(page, '角色', '成员单位药师');
    await chooseOption(page, '所属单位', '青山镇卫生院');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    const otpLocator = page.getByTestId('one-time-password');
    await otpLocator.waitFor();
    const oneTimePassword = ((await otpLocator.textContent()) ?? '').trim();
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(8);
    await screenshot('09-one-time-password');
    await page.locator('.ant-modal-footer').getByRole('button', { name: /关\s*闭/ }).click();
    await expect.poll(() => gridRows(page, 'users-grid').count()).toBe(2);
    await screenshot('10-users');
    const lisiRow = page.locator('[data-testid="users-grid"] .ag-row', { hasText: 'lisi' });
    await lisiRow.getByRole('button', { name: /编\s*辑/ }).click();
    await expect.poll(() => page.getByLabel('用户名', { exact: true }).inputValue()).toBe('lisi');
    await screenshot('10b-user-edit');
    await page.getByRole('button', { name: /取\s*消/ }).click();

    // Resetting hands out a new one-time password; the first one stops working.
    await lisiRow.getByRole('button', { name: '重置密码' }).click();
    await page.locator('.ant-modal-confirm-btns').getByRole('button', { name: '重置密码' }).click();
    await expect.poll(async () => ((await otpLocator.textContent()) ?? '').trim()).not.toBe(oneTimePassword);
    const resetPassword = ((await otpLocator.textContent()) ?? '').trim();
    expect(resetPassword.length).toBeGreaterThanOrEqual(8);
    await page.locator('.ant-modal-footer').getByRole('button', { name: /关\s*闭/ }).click();

    // --- Audit log: filtered by operation, exported with the same filter, chain verified.
    await openMenu(page, '审计日志');
    await page.waitForURL('**/audit');
    await expect.poll(() => gridRows(page, 'audit-grid').count()).toBeGreaterThanOrEqual(5);
    await chooseOption(page, '操作', '新增成员单位');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await expect.poll(() => gridRows(page, 'audit-grid').count()).toBe(1);
    const exportHref = await page.getByRole('link', { name: /导出 Excel/ }).getAttribute('href');
    expect(decodeURIComponent(exportHref ?? '')).toContain('"operation":"unit.create"');
    const download = await page.context().request.get(exportHref!);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toContain('spreadsheetml');
    await screenshot('11-audit');
    await page.getByRole('button', { name: '校验完整性' }).click();
    await expectText(page.locator('.ant-modal-confirm-title'), '审计日志完整');
    await screenshot('12-audit-verify');
    await page.locator('.ant-modal-confirm-btns button').click();

    await openMenu(page, '医共体信息');
    await expectText(page.locator('.ant-descriptions'), /中国农业银行青山县支行/);
    await screenshot('13-community');
    await page.getByRole('button', { name: /编\s*辑/ }).click();
    await expect.poll(() => page.getByLabel('平台医疗机构代码', { exact: true }).inputValue()).toBe('H51072300001');
    await screenshot('13b-community-edit');
    await page.getByRole('button', { name: /取\s*消/ }).click();
    await openMenu(page, '个人设置');
    await expectText(page.locator('.ant-descriptions'), /系统管理员/);
    await screenshot('14-profile-admin');

    // --- Sign out; the pharmacist signs in with the one-time password and must change it first.
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.waitForURL('**/login');
    await login(page, 'lisi', oneTimePassword);
    await expectText(page.getByTestId('login-error'), '用户名或密码错误');
    await login(page, 'lisi', resetPassword);
    await expectText(page.locator('.ant-card h3'), '请修改初始密码');
    await screenshot('15-force-password');
    await page.getByLabel('当前密码', { exact: true }).fill(resetPassword);
    await page.getByLabel('新密码', { exact: true }).fill(PHARMACIST_NEW_PASSWORD);
    await page.getByLabel('确认新密码', { exact: true }).fill(PHARMACIST_NEW_PASSWORD);
    await page.getByRole('button', { name: '修改密码' }).click();

    // A member pharmacist lands on 请领单 (what their unit asks the central store for) and sees their unit's buying, distribution and stock.
    await page.waitForURL('**/requisitions');
    expect(await menuLabels(page)).toEqual([
      '工作台',
      '采购订单',
      '入库验收',
      '供应商',
      '请领单',
      '调拨与签收',
      '签收差异',
      '退库单',
      '预算执行',
      '库存',
      '退货与报损',
      '库存预警',
      '盘点',
      '消耗出库',
      '内部结算',
      '月报',
      '医保进销存上报',
      '集采监测',
      '提醒',
      '成员单位',
      '医共体信息',
      '统一用药目录',
      '目录变更申请',
      '医保代码库',
      '个人设置',
    ]);
    await page.goto('/units');
    await expect.poll(() => gridRows(page, 'units-grid').count()).toBe(1);
    await expectText(gridRows(page, 'units-grid').first(), /青山镇卫生院/);
    expect(await page.getByRole('button', { name: '新增单位' }).count()).toBe(0);
    expect(await page.locator('[data-testid="units-grid"] button', { hasText: '编辑' }).count()).toBe(0);
    await expectText(page.getByTestId('user-menu'), /李四.*青山镇卫生院.*成员单位药师/);
    await screenshot('16-units-pharmacist');

    // A page outside the role is refused even by typing its address: the user lands on their home page, told why.
    await page.goto('/users');
    await page.waitForURL('**/requisitions');
    await expectText(page.getByTestId('forbidden-notice'), /没有权限访问此页面（\/users）/);
    await screenshot('16b-forbidden-redirect');

    // --- The language switch re-labels the app, Ant Design and the grid.
    await page.goto('/units');
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '语言' }).hover();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await expectText(page.locator('h4'), 'Member units');
    expect(await menuLabels(page)).toEqual([
      'Dashboard',
      'Purchase orders',
      'Receiving',
      'Suppliers',
      'Requisitions',
      'Shipments and receipt',
      'Receipt discrepancies',
      'Returns to the centre',
      'Budget execution',
      'Stock',
      'Returns & losses',
      'Stock alerts',
      'Stocktakes',
      'Consumption',
      'Member statements',
      'Monthly report',
      'Insurance stock reports',
      'VBP monitoring',
      'Alerts',
      'Member units',
      'Community',
      'Formulary',
      'Change requests',
      'Insurance dictionary',
      'Profile',
    ]);
    await screenshot('17-units-english');

    expect(app.pageErrors).toEqual([]);
  });
});
