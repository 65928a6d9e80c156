/** 内部结算单 print (/print/statements/$statementId): being built. */
export function StatementPrint() {
  return null;
}
