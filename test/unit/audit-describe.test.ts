import { describe, expect, it } from 'vitest';
import { describeAuditSummary } from '../../core/audit/describe.js';

describe('describeAuditSummary', () => {
  it('reads an edit as field: from → to, in Chinese', () => {
    const json = JSON.stringify({ changes: { name: { from: '青石镇卫生院', to: '青石镇中心卫生院' }, contactName: { from: '', to: '周医生' } } });
    expect(describeAuditSummary(json)).toBe('修改 名称：青石镇卫生院 → 青石镇中心卫生院；联系人：（空） → 周医生');
  });

  it('reads a creation with labelled values and translated enums', () => {
    const json = JSON.stringify({ created: { code: 'WS01', name: '青石镇卫生院', kind: 'township_hospital', uscc: '' }, store: 'WS01-YF' });
    expect(describeAuditSummary(json)).toBe('新建 编码：WS01；名称：青石镇卫生院；类型：乡镇卫生院；默认库房：WS01-YF');
  });

  it('reads flags and failed logins', () => {
    expect(describeAuditSummary(JSON.stringify({ result: 'failed', attempts: 3, locked: false }))).toBe('结果：失败；连续失败次数：3；已锁定：否');
    expect(describeAuditSummary('not json')).toBe('not json');
  });
});
