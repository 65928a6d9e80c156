import { Descriptions, Drawer, Flex, Result, Skeleton, Space, Tag } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useOp } from '../../api/hooks.js';
import { errorMessage } from '../../api/errors.js';
import { ActiveTag } from '../../grid/cells.js';
import { kindLabel, levelLabel } from '../../labels.js';
import { useCan } from '../../session/SessionContext.js';
import { StoresPanel } from './StoresPanel.js';

/** One unit in full, with its stores. */
export function UnitDetailDrawer({ unitId, onClose }: { unitId: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const canManageStores = useCan('store.manage');
  const detail = useOp('unit.get', { id: unitId ?? 0 }, { enabled: unitId !== null });
  const unit = detail.data?.unit;
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['unit.get'] });
    void client.invalidateQueries({ queryKey: ['unit.list'] });
  };

  return (
    <Drawer open={unitId !== null} onClose={onClose} size={560} title={t('units.detailTitle')} destroyOnHidden>
      {detail.isPending && <Skeleton active />}
      {detail.isError && <Result status="warning" title={t('common.loadFailed')} subTitle={errorMessage(detail.error, t)} />}
      {unit && (
        <>
          <Flex align="center" gap={8} style={{ marginBottom: 16 }} wrap>
            <span style={{ fontSize: 18, fontWeight: 600 }}>{unit.name}</span>
            <Space size={4}>
              {unit.isLead && <Tag color="gold">{t('units.lead')}</Tag>}
              <Tag>{kindLabel(t, unit.kind)}</Tag>
              <ActiveTag active={unit.active} />
            </Space>
          </Flex>
          <Descriptions size="small" bordered column={1} styles={{ label: { width: 150 } }}>
            <Descriptions.Item label={t('units.code')}>
              <span className="mono">{unit.code}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('units.level')}>{levelLabel(t, unit.level)}</Descriptions.Item>
            {unit.parentName && <Descriptions.Item label={t('units.parent')}>{unit.parentName}</Descriptions.Item>}
            <Descriptions.Item label={t('units.uscc')}>{unit.uscc ? <span className="mono">{unit.uscc}</span> : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('units.insuranceCode')}>
              {unit.insuranceCode ? <span className="mono">{unit.insuranceCode}</span> : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('units.address')}>{unit.address || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('units.contactName')}>{unit.contactName || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('units.contactPhone')}>{unit.contactPhone || '—'}</Descriptions.Item>
          </Descriptions>
          <StoresPanel
            unitId={unit.id}
            unitActive={unit.active}
            stores={detail.data?.stores ?? []}
            canManage={canManageStores}
            onChanged={refresh}
          />
        </>
      )}
    </Drawer>
  );
}
