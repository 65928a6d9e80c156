import type { ColumnState } from 'ag-grid-community';

/** Named column layouts of the formulary grid, kept in this browser only (a matter of taste, not of record). */
const STORAGE_KEY = 'tongcai.formulary.layouts';

export type Layouts = Record<string, ColumnState[]>;

export function loadLayouts(): Layouts {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Layouts) : {};
  } catch {
    return {};
  }
}

export function storeLayouts(layouts: Layouts): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(layouts));
  } catch {
    // Without storage the layout lasts for this page only.
  }
}
