/** 记账凭证 export and its profiles (column layout, account codes), and budget execution by month. Vocabularies: ./finance.ts. */
export const voucherOperations = [] as const;
