/**
 * 配送明细导入: a 20,000-line shipment-detail file (xlsx, the national profile) through platformImport.preview and
 * platformImport.commit at operation level (executeOperation: parsing, the read through the profile, the plan,
 * the receipt rules, 40 receipt drafts of 500 lines created by receipt.create's handler, the shipment lines and
 * the exchange log in one transaction), against the raw limit measured in the same run: exceljs's streaming read
 * of the same file plus bare prepared inserts of the same 20,000 receipt lines and shipment lines in one
 * transaction (rolled back). Target: ratio ≤ 1.5.
 *
 *   npx tsx scripts/bench/shipment-import.ts [--lines 20000] [--items 1000] [--rounds 3]
 *
 * Each round places fresh orders, imports their file and then measures the raw limit on the same file; the figure
 * is the median of the rounds' import times against the median of their raw limits (one round alone swings with
 * where the garbage collector happens to run: exceljs's read alone was seen between 0.57 and 1.06 s).
 *
 * The community comes from buildStockFixture (scripts/bench/stock-fixture.ts, a small ledger): 1,000 items with a
 * listed price per 盒 of 24 and a qualified supplier; each item gets a platform id and the supplier its
 * delventpCode (bare inserts); lines ÷ 500 purchase orders (an order holds at most 500 lines) are placed on the platform through
 * purchaseOrder.create, approved and sent, one line per item, 2 盒 each; the file ships every line in full under one 配送单 per order.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import type { OpOutput } from '../../core/api/index.js';
import { builtinProfiles } from '../../core/platform/builtin.js';
import { writeExchange } from '../../core/platform/codec.js';
import { executeOperation } from '../../core/registry.js';
import { systemActor } from '../../core/system-actor.js';
import type { Db } from '../../db/open.js';
import { buildStockFixture, type StockFixture } from './stock-fixture.js';
import { arg, median, signedInDatabase } from './support.js';

const LINES = arg('lines', 20_000);
const ITEMS = arg('items', 1_000);
/** An order holds at most 500 lines (purchaseOrder.create). */
const PER_ORDER = Math.min(500, ITEMS);
const ORDERS = Math.ceil(LINES / PER_ORDER);
const ROUNDS = arg('rounds', 3);
const PACKS = 2;
const PRICE = 5_000_000;
const system = { system: systemActor('cli') };
const national = builtinProfiles().find((p) => p.name === 'national')!;

async function op<N extends 'purchaseOrder.create' | 'purchaseOrder.approve' | 'purchaseOrder.send' | 'platformImport.preview' | 'platformImport.commit'>(
  db: Db,
  name: N,
  input: unknown,
): Promise<OpOutput<N>> {
  const result = await executeOperation(db, name, input, system);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error).slice(0, 800)}`);
  return result.output as OpOutput<N>;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tongcai-bench-shipments-'));
  try {
    const { db } = await signedInDatabase(dir);
    const fixture = buildStockFixture(db, { moves: 2_000, batches: 200, traceCodes: 0, items: ITEMS });
    const c = db.$client;
    c.prepare("INSERT INTO supplier_platform_codes (supplier_id, profile, code) VALUES (?, 'national', 'PS-BENCH')").run(fixture.supplierId);
    const platformId = c.prepare("INSERT INTO item_platform_ids (item_id, profile, product_id, distributors) VALUES (?, 'national', ?, ?)");
    c.transaction(() => {
      for (const itemId of fixture.itemIds) platformId.run(itemId, `HL${itemId}`, JSON.stringify([{ name: '基准医药', code: 'PS-BENCH' }]));
    })();
    const rounds: { previewMs: number; commitMs: number; readMs: number; insertMs: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) rounds.push(await importRound(db, dir, fixture, round));
    const totalMs = median(rounds.map((r) => r.previewMs + r.commitMs));
    const rawMs = median(rounds.map((r) => r.readMs + r.insertMs));
    console.log(
      JSON.stringify({
        lines: LINES,
        receipts: ORDERS,
        rounds: rounds.map((r) => ({ previewMs: Math.round(r.previewMs), commitMs: Math.round(r.commitMs), streamingReadMs: Math.round(r.readMs), bareInsertsMs: Math.round(r.insertMs) })),
        importMs: Math.round(totalMs),
        rawMs: Math.round(rawMs),
        ratio: Number((totalMs / rawMs).toFixed(2)),
        target: 1.5,
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One round: fresh orders placed and sent, their 配送明细 file imported (preview, commit), then the raw limit on the same file. */
async function importRound(db: Db, dir: string, fixture: StockFixture, round: number) {
  const c = db.$client;
  // The orders, placed on the platform and sent.
  let started = performance.now();
  const rows: Record<string, string | number>[] = [];
  for (let o = 0; o < ORDERS; o++) {
    const items = fixture.itemIds.slice(0, Math.min(PER_ORDER, LINES - o * PER_ORDER));
    const { order } = await op(db, 'purchaseOrder.create', {
      supplierId: fixture.supplierId,
      storeId: fixture.centralStoreId,
      channel: 'platform',
      platformProfile: 'national',
      lines: items.map((itemId) => ({ itemId, quantity: PACKS * 24, priceMicro: PRICE })),
    });
    await op(db, 'purchaseOrder.approve', { id: order.id });
    const sent = (await op(db, 'purchaseOrder.send', { id: order.id })).order;
    for (const line of sent.lines) {
      rows.push({
        shpId: `R${round}-SHP${o}-${line.lineNo}`,
        shpCode: `R${round}-PS${o}`,
        hospPurcDetlId: line.hospitalLineId,
        hospListId: `HL${line.itemId}`,
        shpCnt: PACKS,
        shpPric: PRICE,
        shpAmt: PACKS * PRICE,
        manuLotnum: `B${o}-${line.lineNo}`,
        expyEndtime: '2029-06-30',
        invoiceId: `2633200000${String(o).padStart(10, '0')}`,
        delventpCode: 'PS-BENCH',
      });
    }
  }
  console.log(`${ORDERS} orders of ${PER_ORDER} lines placed and sent in ${seconds(performance.now() - started)}`);
  const buffer = await writeExchange(national, 'shipments_in', rows, 'xlsx');
  const file = path.join(dir, `shipments-${round}.xlsx`);
  writeFileSync(file, buffer);
  console.log(`file: ${rows.length} rows, ${(buffer.length / 1024 / 1024).toFixed(1)} MB`);
  const input = { profile: 'national', exchange: 'shipments_in', fileName: `shipments-${round}.xlsx`, contentBase64: buffer.toString('base64') };

  // The import, as the page and the CLI run it: preview, then commit.
  started = performance.now();
  const preview = await op(db, 'platformImport.preview', input);
  const previewMs = performance.now() - started;
  if (preview.rejected.length) throw new Error(`rejected: ${JSON.stringify(preview.rejected.slice(0, 3))}`);
  started = performance.now();
  const done = await op(db, 'platformImport.commit', input);
  const commitMs = performance.now() - started;
  const written = c.prepare('SELECT count(*) AS n FROM platform_shipment_lines').get() as { n: number };
  if (written.n !== rows.length * (round + 1) || done.documents.length !== ORDERS) throw new Error(`wrote ${written.n} lines, ${done.documents.length} receipts`);

  // The raw limit: exceljs's streaming read of the same file, then the same rows inserted bare (rolled back).
  started = performance.now();
  const read: string[][] = [];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', worksheets: 'emit' });
  for await (const sheet of reader) {
    for await (const row of sheet) read.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
  }
  const readMs = performance.now() - started;
  if (read.length !== rows.length + 1) throw new Error(`streaming read ${read.length} rows`);
  const lines = c.prepare('SELECT id, document_id AS documentId, line_no AS lineNo, order_line_id AS orderLineId, item_id AS itemId FROM receipt_lines ORDER BY id DESC LIMIT ?').all(rows.length).reverse() as {
    id: number;
    documentId: number;
    lineNo: number;
    orderLineId: number;
    itemId: number;
  }[];
  const receiptLine = c.prepare(
    `INSERT INTO receipt_lines (document_id, line_no, order_line_id, item_id, batch_no, production_date, expiry, arrived_quantity, accepted_quantity,
       rejected_quantity, reject_reason, price_micro, pack_unit, pack_factor, delivery_note_no, distributor_invoice_no, manufacturer_invoice_no,
       trace_codes, arrival_temp_tenths, conclusion, short_expiry_reason, second_inspector_user_id)
     VALUES (?, ?, ?, ?, ?, NULL, '2029-06-30', ?, ?, 0, '', ?, '盒', 24, ?, ?, '', '[]', NULL, 'accepted', '', NULL) RETURNING id`,
  );
  const shipment = c.prepare(
    `INSERT INTO platform_shipment_lines (profile, shp_id, shp_code, order_line_id, receipt_line_id, item_id, supplier_id, quantity, platform_quantity,
       price_micro, amount_micro, batch_no, expiry, invoice_code, invoice_no, exchange_id, imported_at, imported_by)
     VALUES ('national', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2029-06-30', '', ?, NULL, ?, 'bench')`,
  );
  const at = new Date().toISOString();
  started = performance.now();
  try {
    c.transaction(() => {
      read.slice(1).forEach((cells, i) => {
        const l = lines[i]!;
        const { id } = receiptLine.get(l.documentId, l.lineNo + 100_000, l.orderLineId, l.itemId, cells[8], PACKS * 24, PACKS * 24, PRICE, cells[1], cells[12]) as { id: number };
        shipment.run(`RAW-${cells[0]}`, cells[1], l.orderLineId, id, l.itemId, fixture.supplierId, PACKS * 24, PACKS, PRICE, PACKS * PRICE, cells[8], cells[12], at);
      });
      throw new Error('rollback');
    })();
  } catch (error) {
    if ((error as Error).message !== 'rollback') throw error;
  }
  const insertMs = performance.now() - started;
  console.log(`round ${round + 1}: preview ${Math.round(previewMs)} ms + commit ${Math.round(commitMs)} ms; streaming read ${Math.round(readMs)} ms + bare inserts ${Math.round(insertMs)} ms`);
  return { previewMs, commitMs, readMs, insertMs };
}

await main();
