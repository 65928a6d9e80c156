import { describe, expect, it } from 'vitest';
import {
  ANTIBACTERIAL_TIER_LABELS,
  ANTIBACTERIAL_TIERS,
  CHANGE_KIND_LABELS,
  CHANGE_KINDS,
  CHANGE_STATUS_LABELS,
  CHANGE_STATUSES,
  CONTROLLED_CLASS_LABELS,
  CONTROLLED_CLASSES,
  INSURANCE_CLASS_LABELS,
  INSURANCE_CLASSES,
  ITEM_CATEGORIES,
  ITEM_CATEGORY_LABELS,
  ITEM_STATUS_LABELS,
  ITEM_STATUSES,
  PRICE_KIND_LABELS,
  PRICE_KINDS,
  ROLE_LABELS,
  ROLES,
  UNIT_KIND_LABELS,
  UNIT_KINDS,
  UNIT_LEVEL_LABELS,
  UNIT_LEVELS,
} from '../../core/api/index.js';
import { describeAuditSummary } from '../../core/audit/describe.js';
import { CATEGORY_TEXT, STATUS_TEXT } from '../../core/formulary/catalogue.js';
import { PRICE_LABEL } from '../../core/imports/display.js';
import { zhCN } from '../../renderer/src/i18n/zh-CN.js';
import { enUS } from '../../renderer/src/i18n/en-US.js';

const tables = [
  ['role', ROLES, ROLE_LABELS],
  ['unitKind', UNIT_KINDS, UNIT_KIND_LABELS],
  ['unitLevel', UNIT_LEVELS, UNIT_LEVEL_LABELS],
  ['itemCategory', ITEM_CATEGORIES, ITEM_CATEGORY_LABELS],
  ['itemStatus', ITEM_STATUSES, ITEM_STATUS_LABELS],
  ['priceKind', PRICE_KINDS, PRICE_KIND_LABELS],
  ['insuranceClass', INSURANCE_CLASSES, INSURANCE_CLASS_LABELS],
  ['controlledClass', CONTROLLED_CLASSES, CONTROLLED_CLASS_LABELS],
  ['antibacterialTier', ANTIBACTERIAL_TIERS, ANTIBACTERIAL_TIER_LABELS],
  ['changeKind', CHANGE_KINDS, CHANGE_KIND_LABELS],
  ['changeStatus', CHANGE_STATUSES, CHANGE_STATUS_LABELS],
] as const;

describe('enum labels (core/api/labels.ts)', () => {
  it('name every value of every enum in Chinese, and nothing else', () => {
    for (const [name, values, labels] of tables) {
      expect({ name, keys: Object.keys(labels).sort() }).toEqual({ name, keys: [...values].sort() });
      for (const value of values) expect((labels as Record<string, string>)[value]).toMatch(/^[\u4e00-\u9fa5]/);
    }
    expect(ROLE_LABELS.member_pharmacist).toBe('成员单位药师');
    expect(UNIT_KIND_LABELS.township_hospital).toBe('乡镇卫生院');
    expect(CHANGE_STATUS_LABELS.submitted).toBe('待审议');
  });

  it('are the renderer’s zh-CN texts, while en-US has English under the same keys', () => {
    for (const [name, values, labels] of tables) {
      expect(zhCN[name]).toBe(labels);
      const english = enUS[name] as Record<string, string>;
      expect(Object.keys(english).sort()).toEqual([...values].sort());
      for (const value of values) if (value !== '') expect({ name, value, text: english[value] }).toEqual({ name, value, text: expect.stringMatching(/^[A-Za-z]/) });
    }
  });

  it('are what the hub writes in audit descriptions and exports', () => {
    expect(describeAuditSummary(JSON.stringify({ created: { kind: 'village_clinic', level: 'village' } }))).toBe('新建 类型：村卫生室；层级：村');
    expect(describeAuditSummary(JSON.stringify({ role: { from: 'storekeeper', to: 'finance' } }))).toBe('角色：库管员 → 财务');
    expect(CATEGORY_TEXT).toBe(ITEM_CATEGORY_LABELS);
    expect(STATUS_TEXT).toBe(ITEM_STATUS_LABELS);
    expect(PRICE_LABEL).toBe(PRICE_KIND_LABELS);
  });
});
