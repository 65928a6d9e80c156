import { AllCommunityModule, ModuleRegistry, themeQuartz, type ColDef, type GetRowIdParams, type RowClickedEvent } from 'ag-grid-community';
import { AG_GRID_LOCALE_CN, AG_GRID_LOCALE_EN } from '@ag-grid-community/locale';
import { AgGridReact } from 'ag-grid-react';
import { useMemo, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { FONT_FAMILY } from '../theme.js';

ModuleRegistry.registerModules([AllCommunityModule]);

/** AG Grid dressed like the rest of the app (antd's blue, compact rows, the same font). */
export const gridTheme = themeQuartz.withParams({
  accentColor: '#1763b8',
  fontFamily: FONT_FAMILY,
  fontSize: 13,
  headerFontSize: 13,
  headerFontWeight: 600,
  headerBackgroundColor: '#f5f7fa',
  rowHeight: 38,
  headerHeight: 40,
  borderRadius: 4,
  wrapperBorderRadius: 6,
  spacing: 6,
  oddRowBackgroundColor: '#fbfcfd',
});

const DEFAULT_COL: ColDef = { sortable: true, filter: true, resizable: true, minWidth: 80 };

export interface DataGridProps<T> {
  rows: T[] | undefined;
  columns: ColDef<T>[];
  rowId: (row: T) => string;
  quickFilter?: string;
  loading?: boolean;
  height?: number | string;
  selectedId?: string | null;
  onRowClicked?: (row: T) => void;
  testId?: string;
  /** The AG Grid component, e.g. for `exportGridXlsx`. */
  gridRef?: Ref<AgGridReact<T>>;
}

export function DataGrid<T>({ rows, columns, rowId, quickFilter, loading, height = 'calc(100vh - 200px)', selectedId, onRowClicked, testId, gridRef }: DataGridProps<T>) {
  const { t, i18n } = useTranslation();
  const localeText = i18n.language === 'en-US' ? AG_GRID_LOCALE_EN : AG_GRID_LOCALE_CN;
  const getRowId = useMemo(() => (p: GetRowIdParams<T>) => rowId(p.data), [rowId]);
  return (
    <div style={{ height, minHeight: 320, width: '100%' }} data-testid={testId}>
      <AgGridReact<T>
        // Remounting on a language change is the simple way to re-translate the grid's own labels.
        key={i18n.language}
        ref={gridRef}
        theme={gridTheme}
        localeText={localeText}
        rowData={rows}
        columnDefs={columns}
        defaultColDef={DEFAULT_COL as ColDef<T>}
        getRowId={getRowId}
        quickFilterText={quickFilter}
        loading={loading}
        overlayNoRowsTemplate={`<span style="color:#8c8c8c">${t('common.empty')}</span>`}
        animateRows={false}
        rowSelection={onRowClicked ? { mode: 'singleRow', checkboxes: false, enableClickSelection: true } : undefined}
        onRowClicked={onRowClicked ? (e: RowClickedEvent<T>) => e.data && onRowClicked(e.data) : undefined}
        rowClassRules={selectedId !== undefined ? { 'tc-row-selected': (p) => p.data !== undefined && rowId(p.data) === selectedId } : undefined}
        tooltipShowDelay={400}
        enableCellTextSelection
        ensureDomOrder
      />
    </div>
  );
}
