/** The journal (记账), members' books and 内部结算单 (JS), budget execution, 记账凭证 export. Vocabularies: ./finance.ts. */
export const booksOperations = [] as const;
