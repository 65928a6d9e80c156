/** 发票 (FP): registering, importing and correcting supplier invoices, the three-way match, approval. Vocabularies: ./finance.ts. */
export const invoiceOperations = [] as const;
