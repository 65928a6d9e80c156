import { Col, Form, InputNumber, Row, Select, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OpOutput } from '../../../../core/api/index.js';
import { columnLetter } from './upload.js';

export type Inspected = OpOutput<'formularyImport.inspect'>;
type Sheet = Inspected['sheets'][number];

/** The first rows of a sheet with spreadsheet row numbers and column letters; the header row stands out. */
export function SheetPreviewTable({ sheet, headerRow }: { sheet: Sheet; headerRow: number }) {
  const { t } = useTranslation();
  const width = sheet.preview.reduce((max, row) => Math.max(max, row.length), 0);
  const rows = sheet.preview.map((cells, i) => ({ key: i + 1, cells }));
  return (
    <Table
      size="small"
      bordered
      pagination={false}
      dataSource={rows}
      scroll={{ x: 'max-content', y: 320 }}
      onRow={(r) => ({
        style: r.key === headerRow ? { background: '#fff1b8', fontWeight: 600 } : r.key < headerRow ? { color: '#bfbfbf' } : {},
        'data-header': r.key === headerRow ? 'true' : undefined,
      })}
      data-testid="sheet-preview"
      columns={[
        { key: 'row', title: t('formularyImport.row'), width: 52, fixed: 'left', align: 'center', render: (_, r) => r.key },
        ...Array.from({ length: width }, (_, c) => ({
          key: `c${c}`,
          title: columnLetter(c),
          width: 120,
          ellipsis: true,
          render: (_: unknown, r: { cells: string[] }) => r.cells[c] ?? '',
        })),
      ]}
    />
  );
}

/** Choose the sheet and the row the headers are on (the hub's guess first: real files have titles above). */
export function SheetStep({
  inspected,
  sheetName,
  headerRow,
  onChange,
}: {
  inspected: Inspected;
  sheetName: string;
  headerRow: number;
  onChange: (sheet: string, headerRow: number) => void;
}) {
  const { t } = useTranslation();
  const sheet = inspected.sheets.find((s) => s.name === sheetName) ?? inspected.sheets[0];
  if (!sheet) return null;
  return (
    <>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item label={t('formularyImport.sheet')} extra={t('formularyImport.rowCount', { count: sheet.rowCount })}>
            <Select
              value={sheet.name}
              aria-label={t('formularyImport.sheet')}
              onChange={(name) => onChange(name, inspected.sheets.find((s) => s.name === name)?.headerRow ?? 1)}
              options={inspected.sheets.map((s) => ({ value: s.name, label: s.name }))}
            />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label={t('formularyImport.headerRow')}>
            <InputNumber
              min={1}
              max={Math.max(1, sheet.rowCount)}
              precision={0}
              value={headerRow}
              onChange={(v) => onChange(sheet.name, v ?? 1)}
              aria-label={t('formularyImport.headerRow')}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 6 }}>
        {t('formularyImport.previewRows')}
      </Typography.Text>
      <SheetPreviewTable sheet={sheet} headerRow={headerRow} />
    </>
  );
}
