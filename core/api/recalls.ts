/** 召回 (ZH): trace a batch across the community, freeze it, make the returns; near-expiry redistribution (调剂). Vocabularies: ./distribution.ts. */
export const recallOperations = [] as const;
