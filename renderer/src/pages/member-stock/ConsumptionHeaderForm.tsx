import { Col, Form, Input, Row, Segmented, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { CONSUMPTION_TARGETS, CONSUMPTION_TARGET_LABELS, type ConsumptionTarget } from '../../../../core/api/index.js';

/** The header of a consumption as typed or imported: the store, the period, to whom, the department. */
export interface ConsumptionHeader {
  storeId: number | null;
  periodFrom: string;
  periodTo: string;
  target: ConsumptionTarget;
  department: string;
  note: string;
}

/** Last calendar month: what a unit usually reports at the start of the next. */
export function lastMonth(): Pick<ConsumptionHeader, 'periodFrom' | 'periodTo'> {
  const now = new Date();
  const first = new Date(Date.UTC(now.getFullYear(), now.getMonth() - 1, 1));
  const last = new Date(Date.UTC(now.getFullYear(), now.getMonth(), 0));
  return { periodFrom: first.toISOString().slice(0, 10), periodTo: last.toISOString().slice(0, 10) };
}

export function ConsumptionHeaderForm({
  header,
  onChange,
  stores,
  errors,
}: {
  header: ConsumptionHeader;
  onChange: (next: ConsumptionHeader) => void;
  stores: { value: number; label: string }[];
  errors: Map<string, string>;
}) {
  const { t } = useTranslation();
  const set = (patch: Partial<ConsumptionHeader>) => onChange({ ...header, ...patch });
  const status = (path: string) => (errors.has(path) ? ('error' as const) : undefined);
  return (
    <Form layout="vertical">
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item label={t('memberStock.common.store')} required validateStatus={status('storeId')} help={errors.get('storeId')}>
            <Select showSearch={{ optionFilterProp: 'label' }} value={header.storeId ?? undefined} onChange={(storeId) => set({ storeId })} options={stores} data-testid="consumption-store" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label={t('memberStock.consumptions.period')} required validateStatus={status('periodFrom') ?? status('periodTo')} help={errors.get('periodFrom') ?? errors.get('periodTo')}>
            <Input.Group compact style={{ display: 'flex' }}>
              <Input type="date" value={header.periodFrom} onChange={(e) => set({ periodFrom: e.target.value })} style={{ flex: 1 }} />
              <Input type="date" value={header.periodTo} onChange={(e) => set({ periodTo: e.target.value })} style={{ flex: 1 }} />
            </Input.Group>
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label={t('memberStock.consumptions.target')} required>
            <Segmented<ConsumptionTarget> value={header.target} onChange={(target) => set({ target })} options={CONSUMPTION_TARGETS.map((v) => ({ value: v, label: CONSUMPTION_TARGET_LABELS[v] }))} />
          </Form.Item>
        </Col>
        {header.target === 'department' && (
          <Col span={8}>
            <Form.Item label={t('memberStock.consumptions.department')} required validateStatus={status('department')} help={errors.get('department')}>
              <Input value={header.department} onChange={(e) => set({ department: e.target.value })} maxLength={60} />
            </Form.Item>
          </Col>
        )}
        <Col span={header.target === 'department' ? 16 : 24}>
          <Form.Item label={t('memberStock.common.note')}>
            <Input value={header.note} onChange={(e) => set({ note: e.target.value })} maxLength={500} />
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}
