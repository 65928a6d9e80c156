import { Select, Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { BatchStatus } from '../../../../core/api/index.js';
import { useOp } from '../../api/hooks.js';

/** 冻结 / 召回 as tags (正常 shows nothing: the exceptions are what a storekeeper looks for). */
export function BatchStatusTag({ status, text }: { status: BatchStatus | null; text: string }) {
  const { t } = useTranslation();
  if (status === 'on_hold') return <Tag color="orange">{t('stock.statusOnHold')}</Tag>;
  if (status === 'recalled') return <Tag color="red">{t('stock.statusRecalled')}</Tag>;
  if (status === null && text)
    return (
      <>
        {text.split('、').map((s) => (
          <Tag key={s} color={s === '召回' ? 'red' : 'orange'}>
            {s === '召回' ? t('stock.statusRecalled') : t('stock.statusOnHold')}
          </Tag>
        ))}
      </>
    );
  return null;
}

export const statusOptions = (t: TFunction) => [
  { value: '', label: t('stock.allStatuses') },
  { value: 'normal', label: t('stock.statusNormal') },
  { value: 'on_hold', label: t('stock.statusOnHold') },
  { value: 'recalled', label: t('stock.statusRecalled') },
];

/** Unit and store pickers; a member pharmacist's lists hold only their own unit (the hub filters them). */
export function UnitStoreFilter({
  unitId,
  storeId,
  onChange,
}: {
  unitId: number | undefined;
  storeId: number | undefined;
  onChange: (next: { unitId: number | undefined; storeId: number | undefined }) => void;
}) {
  const { t } = useTranslation();
  const units = useOp('unit.list', {});
  const stores = useOp('store.list', unitId === undefined ? {} : { unitId });
  return (
    <>
      <Select
        data-testid="stock-unit"
        style={{ width: 180 }}
        value={unitId ?? 0}
        showSearch
        optionFilterProp="label"
        options={[{ value: 0, label: t('stock.allUnits') }, ...(units.data?.units ?? []).map((u) => ({ value: u.id, label: u.name }))]}
        onChange={(value: number) => onChange({ unitId: value || undefined, storeId: undefined })}
      />
      <Select
        data-testid="stock-store"
        style={{ width: 180 }}
        value={storeId ?? 0}
        showSearch
        optionFilterProp="label"
        options={[{ value: 0, label: t('stock.allStores') }, ...(stores.data?.stores ?? []).map((s) => ({ value: s.id, label: unitId ? s.name : `${s.unitName} · ${s.name}` }))]}
        onChange={(value: number) => onChange({ unitId, storeId: value || undefined })}
      />
    </>
  );
}

/** Base units, right-aligned, with their unit named: "4560 粒". */
export const baseQuantity = (quantity: number, baseUnit: string) => `${quantity.toLocaleString('zh-CN')} ${baseUnit}`;
