/** The texts of the procurement ledger and integrity screens, zh-CN first; en-US keeps the same keys (its type is zh-CN's, widened). */
export const ledgerZh = {
  title: '采购台账与完整性检查',
};

export const ledgerEn: typeof ledgerZh = {
  title: 'Procurement ledger and integrity',
};
