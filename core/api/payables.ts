/** 应付款 and 付款单 (FK): payables with due dates by rule, ageing, 医保直接结算, payment batches and bank files. Vocabularies: ./finance.ts. */
export const payableOperations = [] as const;
