/** 请领单 (QL), budgets (全面预算) and the distribution settings. Vocabularies: ./distribution.ts. */
export const requisitionOperations = [] as const;
