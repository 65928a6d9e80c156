import { prepared } from '../../../db/statements.js';
import { DOCUMENT_SERIES, type DocumentSeries } from '../../api/documents.js';
import type { Account, EntryKind } from '../../api/finance.js';
import type { ItemCategory } from '../../api/formulary.js';
import { lineAmountMicro } from '../../api/money.js';
import type { ChangeType } from '../../api/stock.js';
import type { OperationContext } from '../../context.js';
import type { Db } from '../../../db/open.js';
import { leadUnitId, postEntry, type EntryLineInput } from './journal.js';

/**
 * Booking stock moves into each unit's books (记账). Every posted stock move changes some unit's stock value at the
 * batch's purchase cost (零差率); `bookMoves` is called by the stock ledger at the end of `postMoves`, in the same
 * transaction, so the journal always follows the ledger.
 *
 * Who owns stock at a location: a store's unit; goods in transit stay the SENDING unit's until signed for (the move's
 * document is the shipment, whose from-store names the sender); a null location is outside the community.
 * - both ends owned by one unit: nothing to book;
 * - two units: 内部调拨 (transfer) — sender Dr 内部往来(receiver) / Cr 库存物资, receiver Dr 库存物资 / Cr 内部往来(sender);
 * - from outside: 108 采购入库 → the lead unit Dr 库存物资 / Cr 应付暂估 (a 直配 into a member store: the lead Dr
 *   内部往来(member) / Cr 应付暂估, the member Dr 库存物资 / Cr 内部往来(lead)); 103 盘盈 → Cr 盘盈; 106/110 → Cr 其他入库;
 * - to outside: 109 退货 → Dr 应付暂估 (the lead's; via 内部往来 when it leaves a member store); 104/105 → Dr 盘亏及报损;
 *   107 of a 消耗出库单 → Dr 药品耗材费用 (消耗); other 107/111 → Dr 其他出库.
 * A change type in a direction this does not know throws: the journal never silently misses a move.
 *
 * The moves of one call are grouped into one entry per (unit, kind, document), lines summed per (account,
 * counterparty, category). A move's value is `lineAmountMicro(quantity, batch cost)` — rounded to the fen per move,
 * as `books verify` recomputes it; a reversing move (negative quantity) is red ink on the same accounts.
 */
export interface BookedMove {
  batchId: number;
  fromLocationId: number | null;
  toLocationId: number | null;
  quantity: number;
  changeType: ChangeType;
  documentId: number;
}

interface LocationOwner {
  kind: 'store' | 'transit';
  unitId: number;
}

interface DocumentInfo {
  type: string;
  number: string;
  series: DocumentSeries;
  reversesId: number | null;
}

interface BatchCost {
  costMicro: number;
  packFactor: number;
  supplierId: number | null;
  category: ItemCategory;
}

/** Caches of one call: a large document names the same few locations, batches and documents many times. */
export class BookingLookups {
  private readonly locations = new Map<number, LocationOwner>();
  private readonly documents = new Map<number, DocumentInfo>();
  private readonly senders = new Map<number, number | null>();
  private readonly batches = new Map<number, BatchCost>();
  private readonly suppliers = new Map<string, number | null>();
  private lead: number | null | undefined;

  constructor(private readonly db: Db) {}

  /** The lead unit (总医院), which buys for the community; before the community is set up, the receiving unit itself. */
  leadUnit(ctx: OperationContext, fallback: number): number {
    if (this.lead === undefined) this.lead = leadUnitId(ctx);
    return this.lead ?? fallback;
  }

  location(id: number): LocationOwner {
    let found = this.locations.get(id);
    if (!found) {
      const row = prepared(this.db.$client, 'SELECT kind, unit_id AS unitId FROM stock_locations WHERE id = ?').get(id) as LocationOwner | undefined;
      if (!row) throw new Error(`stock location ${id} does not exist`);
      found = row;
      this.locations.set(id, found);
    }
    return found;
  }

  document(id: number): DocumentInfo {
    let found = this.documents.get(id);
    if (!found) {
      const row = prepared(this.db.$client, 'SELECT type, number, series, reverses_id AS reversesId FROM documents WHERE id = ?').get(id) as DocumentInfo | undefined;
      if (!row) throw new Error(`document ${id} of a stock move does not exist`);
      found = row;
      this.documents.set(id, found);
    }
    return found;
  }

  /**
   * The unit that sent a shipment (its from-store's): the owner of the goods while in transit. Null when the move's
   * document is not a shipment (no command does that; a fixture moving stock through a transit location by hand).
   */
  sender(documentId: number): number | null {
    let found = this.senders.get(documentId);
    if (found === undefined) {
      const row = prepared(this.db.$client, 'SELECT s.unit_id AS unitId FROM shipments h JOIN stores s ON s.id = h.from_store_id WHERE h.document_id = ?').get(documentId) as
        | { unitId: number }
        | undefined;
      found = row?.unitId ?? null;
      this.senders.set(documentId, found);
    }
    return found;
  }

  /** A store's unit; goods in transit are the shipment's sender's (the transit location's unit when no shipment names them). */
  owner(locationId: number, documentId: number): number {
    const location = this.location(locationId);
    return location.kind === 'transit' ? (this.sender(documentId) ?? location.unitId) : location.unitId;
  }

  batch(id: number): BatchCost {
    let found = this.batches.get(id);
    if (!found) {
      const row = prepared(
        this.db.$client,
        `SELECT b.cost_micro AS costMicro, b.cost_pack_factor AS packFactor, b.supplier_id AS supplierId, i.category
         FROM stock_batches b JOIN formulary_items i ON i.id = b.item_id WHERE b.id = ?`,
      ).get(id) as BatchCost | undefined;
      if (!row) throw new Error(`stock batch ${id} does not exist`);
      found = row;
      this.batches.set(id, found);
    }
    return found;
  }

  /** The supplier of a 108 receipt or a 109 退货单 (or of the document it reverses); null: take the batch's. */
  documentSupplier(documentId: number, table: 'receipts' | 'stock_adjustments'): number | null {
    const key = `${table}:${documentId}`;
    if (this.suppliers.has(key)) return this.suppliers.get(key)!;
    const doc = this.document(documentId);
    const sql = `SELECT supplier_id AS supplierId FROM ${table} WHERE document_id = ?`;
    let row = prepared(this.db.$client, sql).get(documentId) as { supplierId: number | null } | undefined;
    if (!row && doc.reversesId !== null) row = prepared(this.db.$client, sql).get(doc.reversesId) as { supplierId: number | null } | undefined;
    const supplierId = row?.supplierId ?? null;
    this.suppliers.set(key, supplierId);
    return supplierId;
  }
}

interface PendingEntry {
  unitId: number;
  kind: EntryKind;
  documentId: number;
  action: string;
  reversal: boolean;
  lines: Map<string, EntryLineInput & { debitMicro: number; creditMicro: number }>;
}

type Side = 'debit' | 'credit';

class EntryGroups {
  readonly entries = new Map<string, PendingEntry>();

  add(
    unitId: number,
    kind: EntryKind,
    documentId: number,
    action: string,
    reversal: boolean,
    side: Side,
    account: Account,
    amount: number,
    aux: { supplierId?: number | null; counterUnitId?: number | null; itemCategory: ItemCategory | '' },
  ): void {
    const key = `${unitId}|${kind}|${documentId}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { unitId, kind, documentId, action, reversal, lines: new Map() };
      this.entries.set(key, entry);
    }
    if (!reversal) entry.reversal = false;
    const lineKey = `${side}|${account}|${aux.supplierId ?? ''}|${aux.counterUnitId ?? ''}|${aux.itemCategory}`;
    let line = entry.lines.get(lineKey);
    if (!line) {
      line = { account, debitMicro: 0, creditMicro: 0, supplierId: aux.supplierId ?? null, counterUnitId: aux.counterUnitId ?? null, itemCategory: aux.itemCategory };
      entry.lines.set(lineKey, line);
    }
    if (side === 'debit') line.debitMicro += amount;
    else line.creditMicro += amount;
  }
}

const IN_ACCOUNTS: Partial<Record<ChangeType, { account: Account; action: string }>> = {
  '103': { account: 'stock_gain', action: '盘盈' },
  '106': { account: 'other_in', action: '其他入库' },
  '110': { account: 'other_in', action: '赠药入库' },
};

/** The entries a set of posted moves makes (pure: no writes), for `bookMoves` and for tests of the rules. */
function groupMoves(ctx: OperationContext, moves: readonly BookedMove[], lookups: BookingLookups): EntryGroups {
  const groups = new EntryGroups();
  for (const move of moves) {
    const batch = lookups.batch(move.batchId);
    const value = lineAmountMicro(move.quantity, { priceMicro: batch.costMicro, packFactor: batch.packFactor });
    if (value === 0) continue;
    const doc = lookups.document(move.documentId);
    const reversal = move.quantity < 0;
    const category = batch.category;
    const from = move.fromLocationId === null ? null : lookups.owner(move.fromLocationId, move.documentId);
    const to = move.toLocationId === null ? null : lookups.owner(move.toLocationId, move.documentId);
    const add = groups.add.bind(groups);

    if (from !== null && to !== null) {
      if (from === to) continue;
      const action = doc.type === 'shipment' || doc.type === 'member_return' ? '签收' : '调拨';
      add(from, 'transfer', move.documentId, action, reversal, 'debit', 'interunit', value, { counterUnitId: to, itemCategory: category });
      add(from, 'transfer', move.documentId, action, reversal, 'credit', 'inventory', value, { itemCategory: category });
      add(to, 'transfer', move.documentId, action, reversal, 'debit', 'inventory', value, { itemCategory: category });
      add(to, 'transfer', move.documentId, action, reversal, 'credit', 'interunit', value, { counterUnitId: from, itemCategory: category });
      continue;
    }

    if (to !== null) {
      // From outside the community.
      if (move.changeType === '108') {
        const lead = lookups.leadUnit(ctx, to);
        const supplierId = lookups.documentSupplier(move.documentId, 'receipts') ?? batch.supplierId;
        if (to === lead) {
          add(lead, 'purchase', move.documentId, '入库', reversal, 'debit', 'inventory', value, { itemCategory: category });
        } else {
          // 直配: bought by the lead (the one account), delivered straight to the member, charged to it at cost.
          add(lead, 'purchase', move.documentId, '直配入库', reversal, 'debit', 'interunit', value, { counterUnitId: to, itemCategory: category });
          add(to, 'transfer', move.documentId, '直配入库', reversal, 'debit', 'inventory', value, { itemCategory: category });
          add(to, 'transfer', move.documentId, '直配入库', reversal, 'credit', 'interunit', value, { counterUnitId: lead, itemCategory: category });
        }
        add(lead, 'purchase', move.documentId, to === lead ? '入库' : '直配入库', reversal, 'credit', 'grni', value, { supplierId, itemCategory: category });
        continue;
      }
      const rule = IN_ACCOUNTS[move.changeType];
      if (!rule) throw new Error(`no booking rule for a stock move of change type ${move.changeType} coming from outside`);
      add(to, 'adjustment', move.documentId, rule.action, reversal, 'debit', 'inventory', value, { itemCategory: category });
      add(to, 'adjustment', move.documentId, rule.action, reversal, 'credit', rule.account, value, { itemCategory: category });
      continue;
    }

    if (from === null) throw new Error('a stock move has a location at one end at least');
    // To outside the community.
    switch (move.changeType) {
      case '109': {
        const lead = lookups.leadUnit(ctx, from);
        const supplierId = lookups.documentSupplier(move.documentId, 'stock_adjustments') ?? batch.supplierId;
        if (from === lead) {
          add(lead, 'purchase', move.documentId, '退货', reversal, 'credit', 'inventory', value, { itemCategory: category });
        } else {
          add(from, 'transfer', move.documentId, '退货', reversal, 'debit', 'interunit', value, { counterUnitId: lead, itemCategory: category });
          add(from, 'transfer', move.documentId, '退货', reversal, 'credit', 'inventory', value, { itemCategory: category });
          add(lead, 'purchase', move.documentId, '退货', reversal, 'credit', 'interunit', value, { counterUnitId: from, itemCategory: category });
        }
        add(lead, 'purchase', move.documentId, '退货', reversal, 'debit', 'grni', value, { supplierId, itemCategory: category });
        break;
      }
      case '104':
      case '105': {
        const action = move.changeType === '104' ? '盘亏' : '报损';
        add(from, 'adjustment', move.documentId, action, reversal, 'debit', 'stock_loss', value, { itemCategory: category });
        add(from, 'adjustment', move.documentId, action, reversal, 'credit', 'inventory', value, { itemCategory: category });
        break;
      }
      case '107':
      case '111': {
        const consumption = move.changeType === '107' && doc.type === 'consumption';
        const kind: EntryKind = consumption ? 'consumption' : 'adjustment';
        const account: Account = consumption ? 'drug_expense' : 'other_out';
        const action = consumption ? '消耗出库' : move.changeType === '111' ? '赠药退回' : '其他出库';
        add(from, kind, move.documentId, action, reversal, 'debit', account, value, { itemCategory: category });
        add(from, kind, move.documentId, action, reversal, 'credit', 'inventory', value, { itemCategory: category });
        break;
      }
      default:
        throw new Error(`no booking rule for a stock move of change type ${move.changeType} leaving the community`);
    }
  }
  return groups;
}

/** Books the moves of one `postMoves` call (in its transaction): one balanced entry per (unit, kind, document). */
export function bookMoves(ctx: OperationContext, moves: readonly BookedMove[]): void {
  if (moves.length === 0) return;
  const lookups = new BookingLookups(ctx.db);
  const groups = groupMoves(ctx, moves, lookups);
  for (const entry of groups.entries.values()) {
    const doc = lookups.document(entry.documentId);
    const label = DOCUMENT_SERIES[doc.series] ?? '单据';
    const action = entry.reversal || doc.reversesId !== null ? `${entry.action}冲销` : entry.action;
    let reversesEntryId: number | null = null;
    if (doc.reversesId !== null) {
      const original = prepared(ctx.db.$client, 'SELECT id FROM journal_entries WHERE document_id = ? AND unit_id = ? AND kind = ? ORDER BY id LIMIT 1').get(
        doc.reversesId,
        entry.unitId,
        entry.kind,
      ) as { id: number } | undefined;
      reversesEntryId = original?.id ?? null;
    }
    postEntry(ctx, {
      unitId: entry.unitId,
      kind: entry.kind,
      documentId: entry.documentId,
      summary: `${label} ${doc.number} ${action}`,
      lines: [...entry.lines.values()],
      reversesEntryId,
    });
  }
}

/**
 * The stock value one move adds to (positive) or takes from (negative) each unit's books, as the booking rules
 * attribute it — what `books verify` sums over the whole ledger to check every unit's 库存物资.
 */
export function moveValueByUnit(ctx: OperationContext, move: BookedMove, lookups: BookingLookups): { unitId: number; valueMicro: number }[] {
  const batch = lookups.batch(move.batchId);
  const value = lineAmountMicro(move.quantity, { priceMicro: batch.costMicro, packFactor: batch.packFactor });
  const out: { unitId: number; valueMicro: number }[] = [];
  if (value === 0) return out;
  if (move.fromLocationId !== null) out.push({ unitId: lookups.owner(move.fromLocationId, move.documentId), valueMicro: -value });
  if (move.toLocationId !== null) out.push({ unitId: lookups.owner(move.toLocationId, move.documentId), valueMicro: value });
  return out;
}
