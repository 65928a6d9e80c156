/**
 * How a document type's OWN tables (its header fields and its lines, each keyed by `document_id`) refuse to
 * change once the document is posted — the database's half of "posted documents are immutable".
 *
 * Migrations are committed SQL and never import code, so this is a template: when a migration adds, say,
 * `purchase_order_lines`, paste the output of `postedRowTriggers('purchase_order_lines')` into it (by hand, after
 * drizzle-kit's CREATE TABLE) and list the three trigger names in test/integration/migrations.test.ts.
 * test/integration/documents.test.ts applies the template to a toy table and proves each trigger fires.
 *
 * Lines of a reversal are written before it is marked posted (`reverseDocument`'s `writeReversal` runs while
 * the reversal's `posted` is still 0, inside the same transaction), so the same triggers hold for them.
 */
export function postedRowTriggers(table: string, documentColumn = 'document_id'): string[] {
  if (!/^[a-z][a-z0-9_]*$/.test(table) || !/^[a-z][a-z0-9_]*$/.test(documentColumn)) throw new Error(`not a plain table or column name: ${table}.${documentColumn}`);
  const posted = (row: 'NEW' | 'OLD') => `(SELECT \`posted\` FROM \`documents\` WHERE \`id\` = ${row}.\`${documentColumn}\`) = 1`;
  const refuse = `BEGIN SELECT RAISE(ABORT, 'document is posted: its ${table} rows cannot change'); END;`;
  return [
    `CREATE TRIGGER \`${table}_posted_no_insert\` BEFORE INSERT ON \`${table}\` WHEN ${posted('NEW')}\n${refuse}`,
    `CREATE TRIGGER \`${table}_posted_no_update\` BEFORE UPDATE ON \`${table}\` WHEN ${posted('OLD')} OR ${posted('NEW')}\n${refuse}`,
    `CREATE TRIGGER \`${table}_posted_no_delete\` BEFORE DELETE ON \`${table}\` WHEN ${posted('OLD')}\n${refuse}`,
  ];
}
