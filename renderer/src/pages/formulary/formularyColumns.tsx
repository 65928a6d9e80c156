import { Link } from '@tanstack/react-router';
import type { ColDef } from 'ag-grid-community';
import type { TFunction } from 'i18next';
import type { OpOutput, PriceKind } from '../../../../core/api/index.js';
import { formatDateTime } from '../../labels.js';
import { FlagTags, ItemStatusTag, LevelTags, itemFlags } from './FlagTags.js';
import { categoryLabel, levelsText, packText, priceText, statusLabel } from './labels.js';

/**
 * One row of the grid: whatever formulary.list answers (what the grid shows; the drawer asks formulary.get
 * for the rest), so a slimmer list needs no change here unless a column loses its field.
 */
export type FormularyRow = OpOutput<'formulary.list'>['items'][number];
type Item = FormularyRow;

function priceColumn(t: TFunction, kind: PriceKind, header: string): ColDef<Item> {
  return {
    colId: `price-${kind}`,
    headerName: header,
    width: 112,
    type: 'rightAligned',
    filter: 'agNumberColumnFilter',
    // The number filter works on yuan; the cell shows the unit the price is per.
    valueGetter: ({ data }) => {
      const price = data?.currentPrices[kind];
      return price ? price.priceMicro / 1_000_000 : null;
    },
    valueFormatter: ({ data }) => priceText(t, data?.currentPrices[kind]),
    getQuickFilterText: () => '',
  };
}

/** Columns of the formulary grid. Enum columns read Chinese, so filters and quick search match what is shown. */
export function formularyColumns(t: TFunction): ColDef<Item>[] {
  return [
    {
      colId: 'genericName',
      headerName: t('formulary.genericName'),
      width: 200,
      pinned: 'left',
      lockPinned: true,
      valueGetter: ({ data }) => data?.genericName ?? '',
      // Quick search also finds pinyin initials (amxl → 阿莫西林) and the trade name.
      getQuickFilterText: ({ data }) => `${data.genericName} ${data.tradeName} ${data.pinyinInitials}`,
      cellRenderer: ({ data }: { data?: Item }) =>
        data ? (
          // The item's own address: a click opens the drawer over the grid, a middle click a new tab.
          <Link
            to="/formulary/items/$itemId"
            params={{ itemId: data.id }}
            state={{ overList: true }}
            title={data.tradeName ? `${data.genericName}（${data.tradeName}）` : data.genericName}
          >
            {data.genericName}
          </Link>
        ) : null,
    },
    {
      colId: 'status',
      headerName: t('formulary.status'),
      width: 92,
      valueGetter: ({ data }) => (data ? statusLabel(t, data.status) : ''),
      cellRenderer: ({ data }: { data?: Item }) => (data ? <ItemStatusTag status={data.status} /> : null),
    },
    { field: 'spec', headerName: t('formulary.spec'), width: 110 },
    { colId: 'pack', headerName: t('formulary.pack'), width: 110, valueGetter: ({ data }) => (data ? packText(data) : '') },
    { field: 'manufacturer', headerName: t('formulary.manufacturer'), width: 180 },
    {
      colId: 'flags',
      headerName: t('formulary.flags'),
      width: 170,
      valueGetter: ({ data }) =>
        data
          ? itemFlags(t, data)
              .map((f) => f.text)
              .join(' ')
          : '',
      cellRenderer: ({ data }: { data?: Item }) => (data ? <FlagTags item={data} /> : null),
    },
    {
      colId: 'levels',
      headerName: t('formulary.levels'),
      width: 118,
      valueGetter: ({ data }) => (data ? levelsText(t, data.levels) : ''),
      cellRenderer: ({ data }: { data?: Item }) => (data ? <LevelTags levels={data.levels} /> : null),
    },
    priceColumn(t, 'listed', t('formulary.listedPrice')),
    priceColumn(t, 'negotiated', t('formulary.negotiatedPrice')),
    priceColumn(t, 'vbp', t('formulary.vbpPrice')),
    { field: 'code', headerName: t('formulary.code'), width: 110, cellClass: 'mono' },
    { field: 'tradeName', headerName: t('formulary.tradeName'), width: 120 },
    { field: 'dosageForm', headerName: t('formulary.dosageForm'), width: 90 },
    {
      colId: 'category',
      headerName: t('formulary.category'),
      width: 96,
      valueGetter: ({ data }) => (data ? categoryLabel(t, data.category) : ''),
    },
    { field: 'insuranceCode', headerName: t('formulary.insuranceCode'), width: 230, cellClass: 'mono' },
    { field: 'approvalNo', headerName: t('formulary.approvalNo'), width: 170, cellClass: 'mono' },
    { field: 'standardCode', headerName: t('formulary.standardCode'), width: 140, cellClass: 'mono', hide: true },
    { field: 'holder', headerName: t('formulary.holder'), width: 180, hide: true },
    { field: 'version', headerName: t('formulary.version'), width: 80, type: 'numericColumn', filter: 'agNumberColumnFilter', hide: true },
    {
      field: 'updatedAt',
      headerName: t('formulary.updatedAt'),
      width: 160,
      valueFormatter: ({ value }) => formatDateTime(value as string),
      hide: true,
    },
  ];
}
