import type { AgGridReact } from 'ag-grid-react';

/**
 * A grid as the user sees it (filters, sort and visible columns) to a CSV that Excel opens: with a BOM, so the
 * Chinese reads right, and the values as formatted. For the grids whose rows are one part of an operation's answer
 * (an operation has one `export` spec, used by its main grid).
 */
export function exportGridCsv<T>(grid: AgGridReact<T> | null, filename: string): void {
  const csv = grid?.api?.getDataAsCsv({ processCellCallback: (p) => (p.column.getColDef().valueFormatter ? p.formatValue(p.value) : p.value) as string });
  if (!csv) return;
  const url = URL.createObjectURL(new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${filename}.csv`;
  link.click();
  URL.revokeObjectURL(url);
}
