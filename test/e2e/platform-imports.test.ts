import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtinProfiles } from '../../core/platform/builtin.js';
import { writeExchange } from '../../core/platform/codec.js';
import { ok } from '../support/db.js';
import { openApp, type AppUnderTest } from './support/app.js';
import { expectText, login } from './support/ui.js';
import { seedReceiving, type ReceivingPeople } from './receiving-support.js';

let app: AppUnderTest;
let people: ReceivingPeople;

beforeEach(async () => {
  app = await openApp();
  people = await seedReceiving(app.hub.db);
});

afterEach(async () => {
  await app?.close();
});

const national = builtinProfiles().find((p) => p.name === 'national')!;

describe('导入平台数据', () => {
  it('previews a 配送明细 file with a rejected row, then commits a corrected one into receipt drafts the storekeeper opens', async () => {
    const { page, screenshot, hub } = app;
    const db = hub.db;
    const o = { sessionToken: people.officer };
    db.$client.prepare("INSERT INTO supplier_platform_codes (supplier_id, profile, code) VALUES (?, 'national', 'PS1001')").run(people.supplierId);
    for (const [itemId, productId] of [
      [people.amoxId, 'HL-AMOX'],
      [people.coldId, 'HL-INS'],
    ] as const) {
      await ok(db, 'formulary.setPlatformIds', { itemId, platformIds: [{ profile: 'national', productId, distributors: [{ name: '国药控股清源', code: 'PS1001' }] }] }, o);
    }
    const { order: draft } = await ok(
      db,
      'purchaseOrder.create',
      {
        supplierId: people.supplierId,
        storeId: people.centralStoreId,
        channel: 'platform',
        platformProfile: 'national',
        lines: [
          { itemId: people.amoxId, quantity: 240, priceMicro: 12_500_000 },
          { itemId: people.coldId, quantity: 10, priceMicro: 45_800_000 },
        ],
      },
      o,
    );
    await ok(db, 'purchaseOrder.approve', { id: draft.id }, o);
    const order = (await ok(db, 'purchaseOrder.send', { id: draft.id }, o)).order;
    const row = (i: number, shpId: string, packs: number, extra: Record<string, string | number> = {}) => ({
      shpId,
      shpCode: 'PS20261203-01',
      hospPurcDetlId: order.lines[i]!.hospitalLineId,
      hospListId: i === 0 ? 'HL-AMOX' : 'HL-INS',
      shpCnt: packs,
      shpPric: i === 0 ? 12_500_000 : 45_800_000,
      shpAmt: packs * (i === 0 ? 12_500_000 : 45_800_000),
      manuLotnum: i === 0 ? 'A2612' : 'C2611',
      expyEndtime: i === 0 ? '2028-09-30' : '2027-07-31',
      invoiceId: '26332000000123456789',
      delventpCode: 'PS1001',
      ...extra,
    });
    const dir = tmpdir();
    const bad = path.join(dir, `配送明细-有误-${process.pid}.xlsx`);
    const good = path.join(dir, `配送明细-${process.pid}.xlsx`);
    writeFileSync(bad, await writeExchange(national, 'shipments_in', [row(0, 'S-001', 6), row(1, 'S-002', 4), row(0, 'S-003', 20, { delventpCode: 'PS9999' })], 'xlsx'));
    writeFileSync(good, await writeExchange(national, 'shipments_in', [row(0, 'S-001', 6), row(1, 'S-002', 4)], 'xlsx'));

    await page.goto('/');
    await login(page, people.keeper.username, people.keeper.password);
    await page.goto('/platform-imports');
    const input = page.locator('input[type=file]:not([disabled])');
    await input.waitFor({ state: 'attached' });
    await input.setInputFiles(bad);
    await page.getByTestId('import-preview').waitFor();
    await page.getByTestId('import-rejected').getByText('与订单').waitFor();
    await expect(page.getByTestId('import-rejected').textContent()).resolves.toContain('delventpCode');
    await expect(page.getByTestId('import-commit').isDisabled()).resolves.toBe(true);
    await screenshot('platform-imports-rejected');

    await page.getByTestId('import-again').click();
    await input.waitFor({ state: 'attached' });
    await input.setInputFiles(good);
    await page.getByTestId('import-changes').getByText('S-002').waitFor();
    await expect(page.getByTestId('import-changes').textContent()).resolves.toContain('入库 144 粒');
    await screenshot('platform-imports-preview');
    await page.getByTestId('import-commit').click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByTestId('import-committed').waitFor();
    await expect(page.getByTestId('import-receipt-link').count()).resolves.toBe(1);
    // The file is in the page's list of imported platform files, with who imported it.
    await expectText(page.getByTestId('exchange-history-in'), /配送明细（导入）/);
    await screenshot('platform-imports-committed');
    await page.getByTestId('import-receipt-link').first().click();
    await page.waitForURL('**/receipts/*');
    await page.getByTestId('receipt-editor').waitFor();
    await expect.poll(() => page.getByTestId('rk-batch').first().inputValue()).toBe('A2612');
    expect(app.pageErrors).toEqual([]);
  }, 120_000);
});
