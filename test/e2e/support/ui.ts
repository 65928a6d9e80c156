import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** Picks an option in the antd Select labelled `label` (antd renders options in a popup, not a <select>). */
export async function chooseOption(page: Page, label: string | RegExp, option: string): Promise<void> {
  await page.getByLabel(label, { exact: typeof label === 'string' }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

/** The data rows of the grid with this test id (AG Grid 36 renders a row, pinned cells included, as one element). */
export function gridRows(page: Page, testId: string): Locator {
  return page.locator(`[data-testid="${testId}"] .ag-row`);
}

/** Waits until the locator has exactly this text, or fails with what it had. */
export async function expectText(locator: Locator, text: string | RegExp): Promise<void> {
  await locator.waitFor();
  await expect.poll(async () => (await locator.textContent()) ?? '', { timeout: 10_000 }).toMatch(text);
}

/** The menu items in the sider, as the user sees them. */
export async function menuLabels(page: Page): Promise<string[]> {
  const items = page.locator('[data-testid="main-menu"] .ant-menu-item .ant-menu-title-content');
  await items.first().waitFor();
  return (await items.allTextContents()).map((s) => s.trim());
}

export async function openMenu(page: Page, label: string): Promise<void> {
  await page.locator('[data-testid="main-menu"] .ant-menu-item', { hasText: label }).click();
}

/**
 * Signs in and waits for the hub's answer — the app shell on its landing page, the forced password change, or the
 * refusal — so that a test's next `goto` never races the landing redirect (which, on a loaded machine, could
 * otherwise take the page away from where the test went).
 */
export async function login(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  const signedIn = page.getByTestId('main-menu');
  const mustChange = page.getByLabel('确认新密码', { exact: true });
  const refused = page.getByTestId('login-error');
  await signedIn.or(mustChange).or(refused).first().waitFor();
}
