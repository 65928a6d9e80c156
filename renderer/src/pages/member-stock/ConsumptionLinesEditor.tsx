import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, InputNumber, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ItemPicker } from '../../components/ItemPicker.js';

/** A line as the editor holds it; `key` keeps rows stable while lines are added and removed. */
export interface EditLine {
  key: number;
  itemId: number | null;
  itemLabel: string;
  quantity: number | null;
}
let lineKeys = 0;
export const emptyLine = (): EditLine => ({ key: ++lineKeys, itemId: null, itemLabel: '', quantity: null });
export const linesFrom = (lines: readonly { itemId: number; itemName: string; spec: string; quantity: number }[]): EditLine[] =>
  lines.map((l) => ({ key: ++lineKeys, itemId: l.itemId, itemLabel: `${l.itemName} ${l.spec}`, quantity: l.quantity }));
export const linesInput = (lines: readonly EditLine[]) => lines.map((l) => ({ itemId: l.itemId ?? 0, quantity: l.quantity ?? 0 }));

/** The period totals per item: one item per line (ItemPicker), the quantity in base units; errors on `lines.N.*`. */
export function ConsumptionLinesEditor({ lines, onLines, errors }: { lines: EditLine[]; onLines: (next: EditLine[]) => void; errors: Map<string, string> }) {
  const { t } = useTranslation();
  const set = (key: number, patch: Partial<EditLine>) => onLines(lines.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const err = (i: number, field: string) => errors.get(`lines.${i}.${field}`);
  return (
    <>
      <Table<EditLine>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={lines}
        data-testid="consumption-edit-lines"
        columns={[
          { title: '#', key: 'n', width: 40, render: (_v, _l, i) => i + 1 },
          {
            title: t('memberStock.common.item'),
            key: 'item',
            render: (_v, l, i) => (
              <>
                <ItemPicker value={l.itemId} selectedLabel={l.itemLabel} onChange={(itemId, hit) => set(l.key, { itemId, itemLabel: hit ? `${hit.genericName} ${hit.spec}` : '' })} />
                {err(i, 'itemId') && (
                  <Typography.Text type="danger" style={{ fontSize: 12 }}>
                    {err(i, 'itemId')}
                  </Typography.Text>
                )}
              </>
            ),
          },
          {
            title: t('memberStock.consumptions.quantity'),
            key: 'quantity',
            width: 180,
            render: (_v, l, i) => (
              <>
                <InputNumber min={1} precision={0} value={l.quantity} onChange={(quantity) => set(l.key, { quantity })} style={{ width: '100%' }} status={err(i, 'quantity') ? 'error' : undefined} />
                {err(i, 'quantity') && (
                  <Typography.Text type="danger" style={{ fontSize: 12 }}>
                    {err(i, 'quantity')}
                  </Typography.Text>
                )}
              </>
            ),
          },
          {
            key: 'remove',
            width: 48,
            render: (_v, l) => <Button type="text" icon={<DeleteOutlined />} aria-label="remove" disabled={lines.length === 1} onClick={() => onLines(lines.filter((x) => x.key !== l.key))} />,
          },
        ]}
      />
      <Button icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => onLines([...lines, emptyLine()])}>
        {t('memberStock.consumptions.addLine')}
      </Button>
    </>
  );
}
