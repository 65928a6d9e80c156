import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, type AppUnderTest } from './support/app.js';
import { expectText, gridRows, login } from './support/ui.js';
import { hubSession, importThroughHub, openPage, seedPeople, type FormularyPeople } from './formulary-support.js';

let app: AppUnderTest;
let people: FormularyPeople;

beforeEach(async () => {
  app = await openApp();
  people = await seedPeople(app.hub.db);
});

afterEach(async () => {
  await app?.close();
});

const drawerBody = () => app.page.getByTestId('item-drawer').locator('.ant-drawer-body');

describe('addresses', () => {
  it('opens an item by its address through the login, and the back button closes its drawer', async () => {
    const { page, screenshot } = app;
    await importThroughHub(app, people.officer);
    const post = await hubSession(app, people.officer);
    const { items } = (await post('/api/op/formulary.list', '{}')) as { items: { id: number; genericName: string }[] };
    const amoxicillin = items.find((i) => i.genericName === '阿莫西林胶囊')!;
    const { units } = (await post('/api/op/unit.list', '{}')) as { units: { id: number; name: string; isLead: boolean }[] };
    const township = units.find((u) => u.name === '柳树镇卫生院')!;

    // Signed out, the item's address asks for the login, then opens the item over the grid.
    await page.goto(`/formulary/items/${amoxicillin.id}`);
    await page.waitForURL(new RegExp(`/login\\?redirect=%2Fformulary%2Fitems%2F${amoxicillin.id}$`));
    await login(page, people.officer.username, people.officer.password);
    await page.waitForURL(`**/formulary/items/${amoxicillin.id}`);
    await expectText(drawerBody(), /阿莫西林胶囊.*1 盒 = 24 粒/);
    await expect.poll(() => gridRows(page, 'formulary-grid').count()).toBe(3);
    await screenshot('40-deep-link-item');

    // Opened directly, closing the drawer replaces the address with the formulary's own.
    await page.locator('.ant-drawer-close').click();
    await page.waitForURL('**/formulary');
    await drawerBody().waitFor({ state: 'detached' });

    // The grid's names are links to the items; the filter survives opening and closing one.
    await page.getByTestId('formulary-quick').fill('amxl');
    await expect.poll(() => gridRows(page, 'formulary-grid').count()).toBe(1);
    const link = page.locator('[data-testid="formulary-grid"] a', { hasText: '阿莫西林胶囊' });
    expect(await link.getAttribute('href')).toBe(`/formulary/items/${amoxicillin.id}`);
    await link.click();
    await page.waitForURL(`**/formulary/items/${amoxicillin.id}`);
    await expectText(drawerBody(), /阿莫西林胶囊/);
    await page.goBack();
    await page.waitForURL('**/formulary');
    await drawerBody().waitFor({ state: 'detached' });
    expect(await page.getByTestId('formulary-quick').inputValue()).toBe('amxl');
    await expect.poll(() => gridRows(page, 'formulary-grid').count()).toBe(1);
    await page.goForward();
    await expectText(drawerBody(), /阿莫西林胶囊/);
    // Opened from the grid, closing goes back rather than piling up history: forward reopens it.
    await page.locator('.ant-drawer-close').click();
    await page.waitForURL('**/formulary');
    await drawerBody().waitFor({ state: 'detached' });
    await page.goForward();
    await page.waitForURL(`**/formulary/items/${amoxicillin.id}`);
    await expectText(drawerBody(), /阿莫西林胶囊/);
    await page.locator('.ant-drawer-close').click();
    await page.waitForURL('**/formulary');

    // Menu entries are links: an address to copy, and Ctrl+click opens a tab.
    const menuLink = page.locator('[data-testid="main-menu"] a', { hasText: '目录变更申请' });
    expect(await menuLink.getAttribute('href')).toBe('/change-requests');
    const [tab] = await Promise.all([page.context().waitForEvent('page'), menuLink.click({ modifiers: ['Control'] })]);
    await tab.waitForURL('**/change-requests');
    await tab.close();
    expect(page.url()).toMatch(/\/formulary$/);
    await menuLink.click();
    await page.waitForURL('**/change-requests');
    await page.goBack();
    await page.waitForURL('**/formulary');

    // A unit's address opens its drawer over the units grid.
    await page.goto(`/units/${township.id}`);
    await expectText(page.locator('.ant-drawer-body'), /柳树镇卫生院.*LSZ/);
    await screenshot('41-deep-link-unit');
    await page.locator('.ant-drawer-close').click();
    await page.waitForURL('**/units');

    // Addresses that name nothing: an unknown page, an id that is not a number, a request that does not exist.
    await page.goto('/no-such-page');
    await expectText(page.getByTestId('not-found'), /页面不存在/);
    await screenshot('42-not-found');
    await page.goto('/formulary/items/abc');
    await expectText(page.getByTestId('not-found'), /页面不存在/);
    await page.goto('/change-requests/999999');
    await expectText(page.getByTestId('change-request-drawer'), /该申请不存在/);
    expect(app.pageErrors).toEqual([]);
  });

  it('sends an expired session to the login and back to the same address', async () => {
    const { page } = app;
    await page.goto('/');
    await page.waitForURL('**/login');
    await login(page, people.officer.username, people.officer.password);
    await page.waitForURL('**/dashboard');
    await openPage(page, '统一用药目录');
    await page.waitForURL('**/formulary');
    await page.context().clearCookies();
    // The next call answers 401: the login, remembering the page.
    await page.getByRole('button', { name: '刷新' }).click();
    await page.waitForURL(/\/login\?redirect=%2Fformulary$/);
    await login(page, people.officer.username, people.officer.password);
    await page.waitForURL('**/formulary');
    await page.getByTestId('formulary-grid').waitFor();
    expect(app.pageErrors).toEqual([]);
  });
});
