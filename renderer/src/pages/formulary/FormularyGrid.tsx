import { AG_GRID_LOCALE_CN, AG_GRID_LOCALE_EN } from '@ag-grid-community/locale';
import type { ColDef, GridApi, GridReadyEvent, ModelUpdatedEvent } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { gridTheme } from '../../grid/DataGrid.js';
import type { FormularyRow as Item } from './formularyColumns.js';

const DEFAULT_COL: ColDef<Item> = { sortable: true, filter: true, resizable: true, minWidth: 70 };
const itemRowId = ({ data }: { data: Item }) => String(data.id);

/**
 * The formulary's AG Grid. Unlike the shared DataGrid it hands its API out, because the page saves and
 * restores column layouts and reports how many rows the filters leave.
 */
export function FormularyGrid({
  rows,
  columns,
  quickFilter,
  loading,
  selectedId,
  onReady,
  onDisplayed,
}: {
  rows: Item[] | undefined;
  columns: ColDef<Item>[];
  quickFilter: string;
  loading: boolean;
  selectedId: number | null;
  onReady: (api: GridApi<Item>) => void;
  onDisplayed: (count: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const ready = useCallback((e: GridReadyEvent<Item>) => onReady(e.api), [onReady]);
  // A new rules object on every render would make the grid restyle every row on each key typed.
  const rowClassRules = useMemo(
    () => ({ 'tc-row-selected': (p: { data?: Item }) => p.data !== undefined && p.data.id === selectedId }),
    [selectedId],
  );
  const updated = useCallback((e: ModelUpdatedEvent<Item>) => onDisplayed(e.api.getDisplayedRowCount()), [onDisplayed]);
  return (
    <div style={{ height: 'calc(100vh - 236px)', minHeight: 320, width: '100%' }} data-testid="formulary-grid">
      <AgGridReact<Item>
        key={i18n.language}
        theme={gridTheme}
        localeText={i18n.language === 'en-US' ? AG_GRID_LOCALE_EN : AG_GRID_LOCALE_CN}
        rowData={rows}
        columnDefs={columns}
        defaultColDef={DEFAULT_COL}
        getRowId={itemRowId}
        quickFilterText={quickFilter}
        // A few hundred ms of typing should not refilter 4,000 rows on every key.
        cacheQuickFilter
        loading={loading}
        overlayNoRowsTemplate={`<span style="color:#8c8c8c">${t('common.empty')}</span>`}
        animateRows={false}
        rowClassRules={rowClassRules}
        onGridReady={ready}
        onModelUpdated={updated}
        enableCellTextSelection
        ensureDomOrder
      />
    </div>
  );
}
