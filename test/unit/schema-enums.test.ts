import { describe, expect, it } from 'vitest';
import * as schema from '../../db/schema.js';
import { ROLES } from '../../core/api/roles.js';
import { DOCUMENT_SERIES_PREFIXES } from '../../core/api/documents.js';
import { UNIT_KINDS, UNIT_LEVELS } from '../../core/api/units.js';
import {
  ANTIBACTERIAL_TIERS,
  CHANGE_KINDS,
  CHANGE_STATUSES,
  CONTROLLED_CLASSES,
  INSURANCE_CLASSES,
  ITEM_CATEGORIES,
  ITEM_STATUSES,
  PRICE_KINDS,
} from '../../core/api/formulary.js';
import { QUALIFICATION_KINDS, SUPPLIER_KINDS } from '../../core/api/suppliers.js';
import { ADJUSTMENT_KINDS, BATCH_STATUSES, CHANGE_TYPE_CODES, LOCATION_KINDS } from '../../core/api/stock.js';
import { ORDER_CHANNELS } from '../../core/api/purchasing.js';
import { RECEIPT_CONCLUSIONS } from '../../core/api/receiving.js';
import {
  BUDGET_RULES,
  CONSUMPTION_TARGETS,
  DISCREPANCY_KINDS,
  DISCREPANCY_RESOLUTIONS,
  DISCREPANCY_STATUSES,
  MEMBER_RETURN_REASONS,
  SHIPMENT_KINDS,
} from '../../core/api/distribution.js';
import { ACCOUNTS, DUE_RULES, ENTRY_KINDS, INVOICE_MEDIA, MATCH_EXCEPTION_KINDS, SETTLEMENT_KINDS } from '../../core/api/finance.js';

/**
 * db/schema.ts keeps its own copy of every vocabulary its CHECK constraints enforce (db/ may not import
 * core/). The copies must be the contract's lists, value for value and in order.
 */
describe('the database vocabularies are the contract vocabularies', () => {
  it.each([
    ['roles', schema.DB_ROLES, ROLES],
    ['unit kinds', schema.DB_UNIT_KINDS, UNIT_KINDS],
    ['unit levels', schema.DB_UNIT_LEVELS, UNIT_LEVELS],
    ['item categories', schema.DB_ITEM_CATEGORIES, ITEM_CATEGORIES],
    ['insurance classes', schema.DB_INSURANCE_CLASSES, INSURANCE_CLASSES],
    ['controlled classes', schema.DB_CONTROLLED_CLASSES, CONTROLLED_CLASSES],
    ['antibacterial tiers', schema.DB_ANTIBACTERIAL_TIERS, ANTIBACTERIAL_TIERS],
    ['item statuses', schema.DB_ITEM_STATUSES, ITEM_STATUSES],
    ['price kinds', schema.DB_PRICE_KINDS, PRICE_KINDS],
    ['change statuses', schema.DB_CHANGE_STATUSES, CHANGE_STATUSES],
    ['document series', schema.DB_DOCUMENT_SERIES, DOCUMENT_SERIES_PREFIXES],
    ['supplier kinds', schema.DB_SUPPLIER_KINDS, SUPPLIER_KINDS],
    ['qualification kinds', schema.DB_QUALIFICATION_KINDS, QUALIFICATION_KINDS],
    ['location kinds', schema.DB_LOCATION_KINDS, LOCATION_KINDS],
    ['batch statuses', schema.DB_BATCH_STATUSES, BATCH_STATUSES],
    ['3502 change types', schema.DB_CHANGE_TYPES, CHANGE_TYPE_CODES],
    ['order channels', schema.DB_ORDER_CHANNELS, ORDER_CHANNELS],
    ['receipt conclusions', schema.DB_RECEIPT_CONCLUSIONS, RECEIPT_CONCLUSIONS],
    ['adjustment kinds', schema.DB_ADJUSTMENT_KINDS, ADJUSTMENT_KINDS],
    ['shipment kinds', schema.DB_SHIPMENT_KINDS, SHIPMENT_KINDS],
    ['member return reasons', schema.DB_MEMBER_RETURN_REASONS, MEMBER_RETURN_REASONS],
    ['discrepancy kinds', schema.DB_DISCREPANCY_KINDS, DISCREPANCY_KINDS],
    ['discrepancy statuses', schema.DB_DISCREPANCY_STATUSES, DISCREPANCY_STATUSES],
    ['discrepancy resolutions', schema.DB_DISCREPANCY_RESOLUTIONS, DISCREPANCY_RESOLUTIONS],
    ['consumption targets', schema.DB_CONSUMPTION_TARGETS, CONSUMPTION_TARGETS],
    ['budget rules', schema.DB_BUDGET_RULES, BUDGET_RULES],
    ['invoice media', schema.DB_INVOICE_MEDIA, INVOICE_MEDIA],
    ['match exception kinds', schema.DB_MATCH_EXCEPTION_KINDS, MATCH_EXCEPTION_KINDS],
    ['due rules', schema.DB_DUE_RULES, DUE_RULES],
    ['settlement kinds', schema.DB_SETTLEMENT_KINDS, SETTLEMENT_KINDS],
    ['accounts', schema.DB_ACCOUNTS, ACCOUNTS],
    ['journal entry kinds', schema.DB_ENTRY_KINDS, ENTRY_KINDS],
  ] as const)('%s', (_name, db, contract) => {
    expect([...db]).toEqual([...contract]);
  });

  it('change kinds, where the database already allows the batch request the contract does not offer yet', () => {
    // 'batch' (an import or the initial formulary as one request) is written by core only, never proposed
    // through changeRequest.propose; once the contract lists it, this becomes a plain equality.
    const contract: readonly string[] = CHANGE_KINDS;
    const expected = contract.includes('batch') ? [...contract] : [...contract, 'batch'];
    expect([...schema.DB_CHANGE_KINDS]).toEqual(expected);
  });

  it('rows of a batch request are additions and changes', () => {
    expect([...schema.DB_BATCH_ROW_KINDS]).toEqual(CHANGE_KINDS.filter((k) => k === 'add' || k === 'change'));
  });
});
