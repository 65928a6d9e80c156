/** 采购台账与完整性检查（审计） (issue 10). */
export const ledgerOperations = [] as const;
