import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addMonths } from '../../core/distribution/shipments/eligibility.js';
import { communityDate } from '../../core/time.js';
import { ADMIN_PASSWORD, login as apiLogin, ok, userWithSession } from '../support/db.js';
import { approvedRequisitionForTest } from '../support/distribution.js';
import { newItem, stock } from '../support/shipments.js';
import { openApp, type AppUnderTest } from './support/app.js';
import { expectText, login } from './support/ui.js';
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

/**
 * Through the operations: 柳树镇卫生院 requests 3 boxes (24 粒 each) of an item costing 12.50 a box; the storekeeper
 * allocates and ships; the member confirms it as shipped — on the 20th of last month (a month over, so its statement
 * can be confirmed), 37.50 charged to the member at cost.
 */
async function confirmedShipment() {
  const db = app.hub.db;
  const admin = await apiLogin(db, 'admin', ADMIN_PASSWORD);
  const units = (await ok(db, 'unit.list', {}, { sessionToken: admin })).units;
  const lead = units.find((u) => u.isLead)!;
  const township = units.find((u) => u.code === 'LSZ')!;
  const storeId = (await ok(db, 'store.list', { unitId: township.id }, { sessionToken: admin })).stores[0]!.id;
  const centralStore = (await ok(db, 'store.list', { unitId: lead.id }, { sessionToken: admin })).stores[0]!.id;
  const keeper = await userWithSession(db, admin, { username: 'kuguan', displayName: '王库管', role: 'storekeeper', unitId: lead.id });
  const finance = await userWithSession(db, admin, { username: 'caiwu', displayName: '刘芳', role: 'finance', unitId: lead.id });
  const member = { sessionToken: await apiLogin(db, people.pharmacist.username, people.pharmacist.password) };
  const itemId = newItem(db);
  stock(db, { itemId, storeId: centralStore, quantity: 240, batchNo: 'JS2501', expiry: addMonths(communityDate(new Date()), 18), costMicro: 12_500_000 });
  const requisition = approvedRequisitionForTest(db, { unitId: township.id, storeId, lines: [{ itemId, quantity: 72 }] });
  const [year, mon] = communityDate(new Date()).split('-').map(Number) as [number, number];
  const month = mon === 1 ? `${year - 1}-12` : `${year}-${String(mon - 1).padStart(2, '0')}`;
  const now = new Date(`${month}-20T02:00:00Z`);
  const { shipment } = await ok(db, 'shipment.allocate', { requisitionId: requisition.id }, { sessionToken: keeper.token, now });
  const shipped = await ok(db, 'shipment.ship', { id: shipment.id, version: shipment.version, requestId: 'e2e-ship-1' }, { sessionToken: keeper.token, now });
  await ok(db, 'shipment.confirm', { id: shipment.id, version: shipped.shipment.version, requestId: 'e2e-confirm-1' }, { ...member, now });
  return { township, finance, month };
}

describe('内部结算单: the centre issues, the member disputes, the centre re-issues, the member confirms', () => {
  it('finance issues every member’s month, opens one and prints it; the member disputes with a reason, then confirms the re-issue', async () => {
    const { page, screenshot } = app;
    const { township, finance, month } = await confirmedShipment();

    // Finance: every member unit of the month, 柳树 charged 37.50 at cost, none issued yet.
    await page.goto('/');
    await login(page, 'caiwu', finance.password);
    await page.goto('/statements'); // last month, the one being closed, unless the address names another
    await expectText(page.getByTestId('statement-counts'), /未出具 1/);
    await expectText(page.getByTestId('statements-grid'), /柳树镇卫生院/);
    await page.getByTestId('statements-issue-all').click();
    await page.getByTestId('statements-issue-all-ok').click();
    await expectText(page.getByTestId('statement-counts'), /待确认 1/);
    await expectText(page.getByTestId('statements-grid'), /37\.50/);
    await screenshot('90-statements-centre');

    // One member's month: the figures agree with the centre's side; the statement is printable.
    await page.getByTestId('statement-open-LSZ').click();
    await page.waitForURL(new RegExp(`/statements/${township.id}/${month}$`));
    await expectText(page.getByTestId('statement-balanced'), /与中心账一致/);
    await expectText(page.getByTestId('statement-figures'), /37\.50/);
    await expectText(page.getByTestId('statement-lines'), /37\.50/);
    await screenshot('91-statement-detail');
    const number = (await page.getByTestId('statement-number').textContent())!.trim();
    expect(number).toMatch(/^JS\d{4}-\d{6}$/);
    const statementId = (await ok(app.hub.db, 'settlement.list', { month }, { sessionToken: await apiLogin(app.hub.db, 'caiwu', finance.password) })).rows.find((r) => r.unitId === township.id)!.statementId!;
    await page.goto(`/print/statements/${statementId}`);
    await expectText(page.getByTestId('statement-print'), new RegExp(number));
    await expectText(page.getByTestId('statement-print'), /叁拾柒元伍角/);
    await screenshot('92-statement-print');

    // The member: their own statement only; a dispute needs a reason.
    await page.context().clearCookies();
    await page.goto('/');
    await login(page, people.pharmacist.username, people.pharmacist.password);
    await page.goto(`/statements?month=${month}`);
    await expectText(page.getByTestId('statement-number'), new RegExp(number));
    await page.getByTestId('statement-dispute').click();
    await page.getByTestId('statement-action-ok').click();
    await expectText(page.locator('.ant-modal-body'), /请填写异议原因/);
    await page.getByTestId('statement-action-note').fill('本月签收的 3 盒与本院入库记录核对中');
    await page.getByTestId('statement-action-ok').click();
    await expectText(page.getByTestId('statement-state').first(), /有异议/);
    await screenshot('93-statement-disputed');

    // Finance re-issues (the books have not changed; the dispute is answered), the member confirms.
    await ok(app.hub.db, 'settlement.issue', { unitId: township.id, month, requestId: 'e2e-reissue' }, { sessionToken: await apiLogin(app.hub.db, 'caiwu', finance.password) });
    await page.reload();
    await expectText(page.getByTestId('statement-state').first(), /待确认/);
    await page.getByTestId('statement-confirm').click();
    await page.getByTestId('statement-action-note').fill('核对无误');
    await page.getByTestId('statement-action-ok').click();
    await expectText(page.getByTestId('statement-state').first(), /已确认/);
    await expectText(page.getByTestId('statement-member-note'), /核对无误/);
    await expect(page.getByTestId('statement-confirm').count()).resolves.toBe(0);
    await screenshot('94-statement-confirmed');
    expect(app.pageErrors).toEqual([]);
  }, 120_000);
});
