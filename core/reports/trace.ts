import { prepared } from '../../db/statements.js';
import { lineAmountMicro } from '../api/money.js';
import type { TraceFigure, TraceLine } from '../api/reports.js';
import type { UnitLevel } from '../api/units.js';
import type { OperationContext } from '../context.js';
import { DomainError } from '../errors.js';
import { batchChannels, heldAt, INFLOW_WHERE, MOVE_VALUE, nearExpiryLimit, OUTFLOW_WHERE } from './figures.js';
import { monthPeriod } from './period.js';

interface MoveRow extends TraceLine {
  batchId: number;
  essential: number;
  category: string;
  status: string;
  county: number;
  township: number;
  village: number;
}

const MOVE_COLUMNS = `m.id AS moveId, m.at, m.document_id AS documentId, d.number AS documentNumber, m.change_type AS changeType,
  m.item_id AS itemId, i.code AS itemCode, i.generic_name AS itemName, i.spec, b.batch_no AS batchNo, b.expiry, m.quantity,
  i.base_unit AS baseUnit, ${MOVE_VALUE} AS valueMicro, m.batch_id AS batchId, i.essential, i.category, i.status,
  i.level_county AS county, i.level_township AS township, i.level_village AS village`;

/**
 * The lines a figure of one unit's month was computed from (report.trace): the moves for the flows, the batches
 * held at month end for the stock figures. The same predicates as core/reports/figures.ts, so the lines add up to
 * the figure (`totalMicro`).
 */
export function traceFigure(
  ctx: OperationContext,
  input: { month: string; unitId: number; figure: TraceFigure; page: number; pageSize: number },
): { lines: TraceLine[]; total: number; totalMicro: number } {
  const period = monthPeriod(input.month);
  const unit = prepared(ctx.db.$client, 'SELECT level FROM units WHERE id = ?').get(input.unitId) as { level: UnitLevel } | undefined;
  if (!unit) throw new DomainError('NOT_FOUND', '找不到该单位');
  let lines: TraceLine[];
  if (input.figure === 'outflow') {
    lines = prepared(
      ctx.db.$client,
      `SELECT ${MOVE_COLUMNS} FROM stock_moves m JOIN stock_locations f ON f.id = m.from_location_id LEFT JOIN stock_locations t ON t.id = m.to_location_id
         JOIN stock_batches b ON b.id = m.batch_id JOIN formulary_items i ON i.id = m.item_id JOIN documents d ON d.id = m.document_id
        WHERE f.unit_id = @unitId AND m.at >= @startAt AND m.at < @endAt AND ${OUTFLOW_WHERE} ORDER BY m.id`,
    ).all({ ...period, unitId: input.unitId }) as MoveRow[];
  } else if (input.figure === 'closing' || input.figure === 'nearExpiry' || input.figure === 'expired') {
    lines = heldLines(ctx, period.endAt, input.unitId);
    const near = nearExpiryLimit(ctx.db, period);
    if (input.figure === 'expired') lines = lines.filter((l) => l.expiry < period.nextFirstDay);
    if (input.figure === 'nearExpiry') lines = lines.filter((l) => l.expiry >= period.nextFirstDay && l.expiry < near);
  } else {
    const moves = prepared(
      ctx.db.$client,
      `SELECT ${MOVE_COLUMNS} FROM stock_moves m JOIN stock_locations l ON l.id = m.to_location_id JOIN units u ON u.id = l.unit_id
         JOIN stock_batches b ON b.id = m.batch_id JOIN formulary_items i ON i.id = m.item_id JOIN documents d ON d.id = m.document_id
        WHERE m.change_type IN ('101', '108') AND l.unit_id = @unitId AND m.at >= @startAt AND m.at < @endAt AND ${INFLOW_WHERE} ORDER BY m.id`,
    ).all({ ...period, unitId: input.unitId }) as MoveRow[];
    const channels = input.figure === 'platform' ? batchChannels(ctx.db) : null;
    const keep: Record<Exclude<TraceFigure, 'outflow' | 'closing' | 'nearExpiry' | 'expired'>, (m: MoveRow) => boolean> = {
      inflow: () => true,
      formulary: (m) => m.status === 'active' && m[unit.level] === 1,
      essential: (m) => m.essential === 1,
      platform: (m) => channels!.get(m.batchId) === 'platform',
      preparation: (m) => m.category === 'preparation',
    };
    lines = moves.filter(keep[input.figure]);
  }
  const totalMicro = lines.reduce((sum, l) => sum + l.valueMicro, 0);
  const start = (input.page - 1) * input.pageSize;
  return { lines: lines.slice(start, start + input.pageSize).map(clean), total: lines.length, totalMicro };
}

/** The unit's batches at `at`, one line each, valued at cost. */
function heldLines(ctx: OperationContext, at: string, unitId: number): TraceLine[] {
  const held = heldAt(ctx.db, at).filter((h) => h.unitId === unitId);
  if (held.length === 0) return [];
  const batches = new Map(
    (
      prepared(
        ctx.db.$client,
        `SELECT b.id AS batchId, b.item_id AS itemId, i.code AS itemCode, i.generic_name AS itemName, i.spec, b.batch_no AS batchNo, b.expiry,
                i.base_unit AS baseUnit, b.cost_micro AS costMicro, b.cost_pack_factor AS packFactor
           FROM stock_batches b JOIN formulary_items i ON i.id = b.item_id WHERE b.id IN (SELECT value FROM json_each(?))`,
      ).all(JSON.stringify(held.map((h) => h.batchId))) as ({ batchId: number; costMicro: number; packFactor: number } & Omit<TraceLine, 'moveId' | 'at' | 'documentId' | 'documentNumber' | 'changeType' | 'quantity' | 'valueMicro'>)[]
    ).map((b) => [b.batchId, b]),
  );
  return held
    .map((h) => {
      const { batchId: _batchId, costMicro, packFactor, ...b } = batches.get(h.batchId)!;
      return {
        ...b,
        moveId: null,
        at,
        documentId: null,
        documentNumber: '',
        changeType: '',
        quantity: h.quantity,
        valueMicro: lineAmountMicro(h.quantity, { priceMicro: costMicro, packFactor }),
      };
    })
    .sort((a, b) => a.expiry.localeCompare(b.expiry) || a.itemCode.localeCompare(b.itemCode));
}

function clean(l: TraceLine): TraceLine {
  return {
    moveId: l.moveId,
    at: l.at,
    documentId: l.documentId,
    documentNumber: l.documentNumber,
    changeType: l.changeType,
    itemId: l.itemId,
    itemCode: l.itemCode,
    itemName: l.itemName,
    spec: l.spec,
    batchNo: l.batchNo,
    expiry: l.expiry,
    quantity: l.quantity,
    baseUnit: l.baseUnit,
    valueMicro: l.valueMicro,
  };
}
