import { Alert, Button, Descriptions, Drawer, Empty, Flex, Result, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Qualification, Supplier } from '../../../../core/api/index.js';
import { useOp } from '../../api/hooks.js';
import { errorMessage } from '../../api/errors.js';
import { ActiveTag } from '../../grid/cells.js';
import { formatDateTime } from '../../labels.js';
import { expiryText, QualificationStateTag } from './supplierShared.js';

/** One supplier in full: its details, 首营资料 with their state, platform codes and (for those who may) the bank account. */
export function SupplierDrawer({ supplierId, onClose, onEdit }: { supplierId: number | null; onClose: () => void; onEdit?: (s: Supplier) => void }) {
  const { t } = useTranslation();
  const detail = useOp('supplier.get', { id: supplierId ?? 0 }, { enabled: supplierId !== null });
  const supplier = detail.data?.supplier;
  const bankVisible = supplier !== undefined && 'bankAccountNo' in supplier;

  return (
    <Drawer
      open={supplierId !== null}
      onClose={onClose}
      size={640}
      title={t('suppliers.detailTitle')}
      destroyOnHidden
      extra={
        supplier && onEdit ? (
          <Button type="primary" onClick={() => onEdit(supplier)}>
            {t('common.edit')}
          </Button>
        ) : undefined
      }
    >
      {detail.isPending && <Skeleton active />}
      {detail.isError && <Result status="warning" title={t('common.loadFailed')} subTitle={errorMessage(detail.error, t)} />}
      {supplier && (
        <div data-testid="supplier-drawer">
          <Flex align="center" gap={8} style={{ marginBottom: 12 }} wrap>
            <span style={{ fontSize: 18, fontWeight: 600 }}>{supplier.name}</span>
            <Space size={4}>
              <Tag color="blue">{t(`suppliers.kind.${supplier.kind}`)}</Tag>
              {supplier.sme && <Tag color="cyan">{t('suppliers.smeTag')}</Tag>}
              <ActiveTag active={supplier.active} />
            </Space>
          </Flex>
          {supplier.alert !== 'valid' && (
            <Alert
              type={supplier.alert === 'expired' ? 'error' : 'warning'}
              showIcon
              style={{ marginBottom: 12 }}
              message={supplier.alertText}
            />
          )}
          <Descriptions size="small" bordered column={2} styles={{ label: { width: 130 } }}>
            <Descriptions.Item label={t('suppliers.uscc')} span={2}>
              <span className="mono">{supplier.uscc}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('suppliers.contactName')}>{supplier.contactName || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('suppliers.contactPhone')}>{supplier.contactPhone || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('suppliers.address')} span={2}>
              {supplier.address || '—'}
            </Descriptions.Item>
            {supplier.note ? (
              <Descriptions.Item label={t('suppliers.note')} span={2}>
                {supplier.note}
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('suppliers.updatedAt')} span={2}>
              {formatDateTime(supplier.updatedAt)}（{t('suppliers.version')} {supplier.version}）
            </Descriptions.Item>
          </Descriptions>

          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('suppliers.qualifications')}
          </Typography.Title>
          <Table<Qualification>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={supplier.qualifications}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('suppliers.noQualifications')} /> }}
            columns={[
              { title: t('suppliers.qualificationKind'), dataIndex: 'kind', width: 150, render: (_v, q) => t(`suppliers.qualificationKinds.${q.kind}`) },
              { title: t('suppliers.qualificationNumber'), dataIndex: 'number', render: (v: string) => <span className="mono">{v}</span> },
              { title: t('suppliers.expiresOn'), dataIndex: 'expiresOn', width: 110, render: (_v, q) => expiryText(t, q) },
              { title: t('suppliers.status'), dataIndex: 'state', width: 120, render: (_v, q) => <QualificationStateTag state={q.state} daysLeft={q.daysLeft} showValid /> },
            ]}
          />

          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('suppliers.platformCodes')}
          </Typography.Title>
          {supplier.platformCodes.length === 0 ? (
            <Typography.Text type="secondary">{t('suppliers.noPlatformCodes')}</Typography.Text>
          ) : (
            <Descriptions size="small" bordered column={1} styles={{ label: { width: 160 } }}>
              {supplier.platformCodes.map((p) => (
                <Descriptions.Item key={p.profile} label={p.profile}>
                  <span className="mono">{p.code}</span>
                </Descriptions.Item>
              ))}
            </Descriptions>
          )}

          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('suppliers.bankSection')}
          </Typography.Title>
          {bankVisible ? (
            <Descriptions size="small" bordered column={1} styles={{ label: { width: 110 } }}>
              <Descriptions.Item label={t('suppliers.bankName')}>{supplier.bankName || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('suppliers.bankAccountName')}>{supplier.bankAccountName || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('suppliers.bankAccountNo')}>
                <span className="mono">{supplier.bankAccountNo || '—'}</span>
              </Descriptions.Item>
            </Descriptions>
          ) : (
            <Typography.Text type="secondary">{t('suppliers.bankHidden')}</Typography.Text>
          )}
        </div>
      )}
    </Drawer>
  );
}
