import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Descriptions, Drawer, Empty, Flex, Result, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYuan, PRICE_KINDS, type Item, type Price } from '../../../../core/api/index.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { formatDateTime } from '../../labels.js';
import { useCan } from '../../session/SessionContext.js';
import type { ProposeStart } from '../changeRequests/ProposeModal.js';
import { FlagTags, ItemStatusTag, LevelTags } from './FlagTags.js';
import {
  antibacterialLabel,
  categoryLabel,
  controlledLabel,
  insuranceClassLabel,
  packChainText,
  priceKindLabel,
  priceText,
} from './labels.js';
import { PlatformIdsModal } from './PlatformIdsModal.js';
import { SetPriceModal } from './SetPriceModal.js';

const or = (text: string | null | undefined): ReactNode => (text ? text : '—');
const mono = (text: string) => (text ? <span className="mono">{text}</span> : '—');

function Section({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <section style={{ marginTop: 20 }}>
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra}
      </Flex>
      {children}
    </section>
  );
}

/** One formulary item in full: every field by section, its prices with history, and its platform identities. */
export function ItemDetailDrawer({
  itemId,
  onClose,
  onPropose,
}: {
  itemId: number | null;
  onClose: () => void;
  onPropose: (start: ProposeStart) => void;
}) {
  const { t } = useTranslation();
  const canManage = useCan('formulary.manage');
  const canPropose = useCan('formulary.propose');
  const [dialog, setDialog] = useState<'price' | 'platform' | null>(null);
  const detail = useOp('formulary.get', { id: itemId ?? 0 }, { enabled: itemId !== null });
  const item = detail.data?.item;
  const prices = detail.data?.prices ?? [];

  return (
    <Drawer
      open={itemId !== null}
      onClose={onClose}
      size={680}
      title={t('itemDetail.title')}
      destroyOnHidden
      data-testid="item-drawer"
      extra={
        item && canPropose ? (
          <Button icon={<EditOutlined />} onClick={() => onPropose({ kind: 'change', item })}>
            {t('itemDetail.proposeChange')}
          </Button>
        ) : undefined
      }
    >
      {detail.isPending && itemId !== null && <Skeleton active />}
      {detail.isError && <Result status="warning" title={t('common.loadFailed')} subTitle={errorMessage(detail.error, t)} />}
      {item && (
        <>
          <Flex align="center" gap={8} wrap>
            <span style={{ fontSize: 18, fontWeight: 600 }}>{item.genericName}</span>
            {item.tradeName && <Typography.Text type="secondary">（{item.tradeName}）</Typography.Text>}
            <ItemStatusTag status={item.status} />
          </Flex>
          <div style={{ marginTop: 6 }}>
            <FlagTags item={item} />
          </div>

          <Section title={t('itemDetail.basic')}>
            <Descriptions size="small" bordered column={2} styles={{ label: { width: 128, whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label={t('formulary.code')}>{mono(item.code)}</Descriptions.Item>
              <Descriptions.Item label={t('formulary.category')}>{categoryLabel(t, item.category)}</Descriptions.Item>
              <Descriptions.Item label={t('formulary.dosageForm')}>{or(item.dosageForm)}</Descriptions.Item>
              <Descriptions.Item label={t('formulary.spec')}>{item.spec}</Descriptions.Item>
              <Descriptions.Item label={t('formulary.manufacturer')} span={2}>
                {item.manufacturer}
              </Descriptions.Item>
              <Descriptions.Item label={t('formulary.holder')} span={2}>
                {or(item.holder)}
              </Descriptions.Item>
              <Descriptions.Item label={t('formulary.insuranceCode')} span={2}>
                {mono(item.insuranceCode)}
              </Descriptions.Item>
              <Descriptions.Item label={t('formulary.approvalNo')}>{mono(item.approvalNo)}</Descriptions.Item>
              <Descriptions.Item label={t('formulary.standardCode')}>{mono(item.standardCode)}</Descriptions.Item>
            </Descriptions>
          </Section>

          <Section title={t('itemDetail.packs')}>
            <Descriptions size="small" bordered column={2} styles={{ label: { width: 128, whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label={t('itemDetail.packChain')} span={2}>
                {packChainText(item.baseUnit, item.packs)}
              </Descriptions.Item>
              <Descriptions.Item label={t('formulary.packMaterial')} span={2}>
                {or(item.packMaterial)}
              </Descriptions.Item>
              <Descriptions.Item label={t('formulary.baseUnit')}>{item.baseUnit}</Descriptions.Item>
              <Descriptions.Item label={t('formulary.purchaseUnit')}>{item.purchaseUnit}</Descriptions.Item>
              <Descriptions.Item label={t('formulary.issueUnit')}>{item.issueUnit}</Descriptions.Item>
            </Descriptions>
          </Section>

          <Section title={t('itemDetail.identifiers')}>
            <Descriptions size="small" bordered column={2} styles={{ label: { width: 128, whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label={t('formulary.essential')}>{item.essential ? t('common.yes') : t('common.no')}</Descriptions.Item>
              <Descriptions.Item label={t('formulary.insuranceClassLabel')}>
                {insuranceClassLabel(t, item.insuranceClass)}
              </Descriptions.Item>
              <Descriptions.Item label={t('formulary.highAlert')}>{item.highAlert ? t('common.yes') : t('common.no')}</Descriptions.Item>
              <Descriptions.Item label={t('formulary.controlledClassLabel')}>{controlledLabel(t, item.controlledClass)}</Descriptions.Item>
              <Descriptions.Item label={t('formulary.antibacterialTierLabel')}>
                {antibacterialLabel(t, item.antibacterialTier)}
              </Descriptions.Item>
              <Descriptions.Item label={t('formulary.coldChain')}>
                {item.coldChain ? `${t('common.yes')}（${item.storageTempMin ?? '?'}–${item.storageTempMax ?? '?'}℃）` : t('common.no')}
              </Descriptions.Item>
              {item.highValue && (
                <Descriptions.Item label={t('formulary.udiDi')} span={2}>
                  {mono(item.udiDi)}
                </Descriptions.Item>
              )}
              {item.vbp && (
                <>
                  <Descriptions.Item label={t('formulary.vbpBatch')} span={2}>
                    {item.vbp.batch}
                  </Descriptions.Item>
                  {/* 中选价 and the reference price are per the purchase unit (core/api/formulary.ts vbpTerms); the volume in base units. */}
                  <Descriptions.Item label={t('formulary.vbpPrice2')}>
                    {t('formulary.perUnit', { price: formatYuan(item.vbp.agreedPriceMicro), unit: item.purchaseUnit })}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('formulary.vbpAnnualVolume')}>{`${item.vbp.annualVolume} ${item.baseUnit}`}</Descriptions.Item>
                  {item.vbp.referencePriceMicro !== undefined && (
                    <Descriptions.Item label={t('vbp.itemForm.referencePrice')}>
                      {t('formulary.perUnit', { price: formatYuan(item.vbp.referencePriceMicro), unit: item.purchaseUnit })}
                    </Descriptions.Item>
                  )}
                  <Descriptions.Item label={t('vbp.itemForm.yearStart')}>{item.vbp.yearStart ?? t('vbp.itemForm.yearStartHint')}</Descriptions.Item>
                </>
              )}
            </Descriptions>
          </Section>

          <Section title={t('itemDetail.levels')}>
            <LevelTags levels={item.levels} />
          </Section>

          <Section
            title={t('itemDetail.prices')}
            extra={
              canManage && (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog('price')}>
                  {t('itemDetail.setPrice')}
                </Button>
              )
            }
          >
            <Descriptions size="small" bordered column={2} styles={{ label: { width: 128, whiteSpace: 'nowrap' } }}>
              {PRICE_KINDS.map((kind) => (
                <Descriptions.Item key={kind} label={priceKindLabel(t, kind)}>
                  {item.currentPrices[kind]
                    ? `${priceText(t, item.currentPrices[kind])}（${item.currentPrices[kind].effectiveFrom} 起）`
                    : '—'}
                </Descriptions.Item>
              ))}
            </Descriptions>
            <Typography.Text strong style={{ display: 'block', margin: '12px 0 6px' }}>
              {t('itemDetail.priceHistory')}
            </Typography.Text>
            <Table<Price>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={[...prices].sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom) || b.id - a.id)}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('itemDetail.noPrices')} /> }}
              columns={[
                { key: 'kind', title: t('itemDetail.priceKind'), width: 80, render: (_, p) => priceKindLabel(t, p.kind) },
                { key: 'price', title: t('itemDetail.price'), width: 110, align: 'right', render: (_, p) => priceText(t, p) },
                { key: 'from', title: t('itemDetail.effectiveFrom'), width: 100, dataIndex: 'effectiveFrom' },
                { key: 'note', title: t('itemDetail.note'), dataIndex: 'note', ellipsis: true },
                {
                  key: 'by',
                  title: t('itemDetail.recordedBy'),
                  width: 90,
                  render: (_, p) => <Typography.Text title={formatDateTime(p.recordedAt)}>{p.recordedBy}</Typography.Text>,
                },
              ]}
            />
          </Section>

          <Section
            title={t('itemDetail.platformIds')}
            extra={
              canManage && (
                <Button size="small" icon={<EditOutlined />} onClick={() => setDialog('platform')}>
                  {t('itemDetail.editPlatformIds')}
                </Button>
              )
            }
          >
            {item.platformIds.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('itemDetail.noPlatformIds')} />
            ) : (
              <Table
                size="small"
                rowKey="profile"
                pagination={false}
                dataSource={item.platformIds}
                columns={[
                  { key: 'profile', title: t('itemDetail.profile'), dataIndex: 'profile', width: 130 },
                  { key: 'productId', title: t('itemDetail.productId'), dataIndex: 'productId', className: 'mono', width: 160 },
                  {
                    key: 'distributors',
                    title: t('itemDetail.distributors'),
                    render: (_, p: Item['platformIds'][number]) => (
                      <Space size={[4, 4]} wrap>
                        {p.distributors.map((d) => (
                          <Tag key={d.code}>{`${d.name} · ${d.code}`}</Tag>
                        ))}
                      </Space>
                    ),
                  },
                ]}
              />
            )}
          </Section>
          {dialog === 'price' && <SetPriceModal item={item} onClose={() => setDialog(null)} />}
          {dialog === 'platform' && <PlatformIdsModal item={item} onClose={() => setDialog(null)} />}
        </>
      )}
    </Drawer>
  );
}
