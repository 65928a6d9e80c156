import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startHub, type Hub } from '../../../server/hub.js';

export const SCREENSHOT_DIR = path.resolve('test-results/screenshots');

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface AppUnderTest {
  hub: Hub;
  browser: Browser;
  page: Page;
  /** Full-page PNG to test-results/screenshots/<name>.png, for people to look at. */
  screenshot(name: string): Promise<void>;
  /** Problems the page reported (uncaught errors, console errors): a clean run has none. */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * A fresh hub on a random port with an empty data directory, and one Chromium page on it at the size of
 * the county's typical office screen (1366×768), in zh-CN and China's time zone.
 */
export async function openApp(): Promise<AppUnderTest> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tongcai-e2e-'));
  const hub = await startHub({ dataDir, port: 0 });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: hub.url });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (msg) => {
    // A 4xx answer is part of the tested flow (wrong password, 401 before sign-in); Chromium logs each as an error.
    if (msg.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) pageErrors.push(msg.text());
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    hub,
    browser,
    page,
    pageErrors,
    async screenshot(name) {
      // Let antd's motion finish so a screenshot never catches a half-open modal.
      await page.waitForTimeout(400);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close().catch(() => undefined);
      await hub.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
