import type { AgGridReact } from 'ag-grid-react';

/**
 * A grid as the user sees it (filters, sort and visible columns, values as formatted) to an xlsx, written by the
 * hub like every operation's export (`POST /api/grid-xlsx`): for the grids whose rows are one part of an
 * operation's answer (an operation has one `export` spec, used by its main list).
 */
export async function exportGridXlsx<T>(grid: AgGridReact<T> | null, filename: string): Promise<void> {
  const api = grid?.api;
  if (!api) return;
  const columns = api
    .getAllDisplayedColumns()
    .filter((column) => column.getColDef().headerName && column.getColId() !== 'actions')
    .map((column) => ({ key: column.getColId(), header: column.getColDef().headerName!, width: Math.max(8, Math.min(60, Math.round(column.getActualWidth() / 8))) }));
  const rows: Record<string, string | number | null>[] = [];
  api.forEachNodeAfterFilterAndSort((node) => {
    if (node.group) return;
    const row: Record<string, string | number | null> = {};
    for (const { key } of columns) {
      const column = api.getColumn(key)!;
      const value = api.getCellValue({ rowNode: node, colKey: column, useFormatter: true }) as unknown;
      row[key] = value === undefined || value === null ? null : typeof value === 'number' ? value : String(value);
    }
    rows.push(row);
  });
  const response = await fetch('/api/grid-xlsx', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify({ filename, sheet: filename.replace(/[\\/:*?[\]]/g, '').slice(0, 31) || 'Sheet1', columns, rows }),
  });
  if (!response.ok) throw new Error(`导出失败（${response.status}）`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `${filename}.xlsx`;
  link.click();
  URL.revokeObjectURL(url);
}
