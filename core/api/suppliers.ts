/** 供应商 / 配送企业 and their 首营资料: contracts (operations are added below the vocabularies). */
export const SUPPLIER_KINDS = ['distributor', 'manufacturer'] as const;
export type SupplierKind = (typeof SUPPLIER_KINDS)[number];

/** 首营资料 kinds. */
export const QUALIFICATION_KINDS = [
  'business_licence', // 营业执照
  'drug_trade_licence', // 药品经营许可证
  'drug_production_licence', // 药品生产许可证
  'device_trade_licence', // 医疗器械经营许可证
  'gsp', // GSP 证书
  'authorization', // 授权委托书
] as const;
export type QualificationKind = (typeof QUALIFICATION_KINDS)[number];

export const supplierOperations = [] as const;
