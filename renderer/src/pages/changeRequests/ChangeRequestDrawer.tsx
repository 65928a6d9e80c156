import { Descriptions, Drawer, Result, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChangeRequest } from '../../../../core/api/index.js';
import { formatDateTime } from '../../labels.js';
import { FlagTags, LevelTags } from '../formulary/FlagTags.js';
import { CHANGE_STATUS_COLOR, categoryLabel, changeKindLabel, changeStatusLabel, packChainText } from '../formulary/labels.js';
import { BatchRows } from './BatchRows.js';

const or = (v: ReactNode) => (v === null || v === undefined || v === '' ? '—' : v);

/** One request as recorded: who asked for what and why, and what the 药事会 decided. */
export function ChangeRequestDrawer({
  request,
  missing = false,
  onClose,
}: {
  request: ChangeRequest | null;
  /** The address names a request the list does not have (none such, or not the caller's to see). */
  missing?: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const p = request?.proposal;
  return (
    <Drawer
      open={request !== null || missing}
      onClose={onClose}
      size={620}
      title={request ? `${t('changeRequest.detail')} · ${request.number}` : ''}
      destroyOnHidden
      data-testid="change-request-drawer"
    >
      {missing && <Result status="404" title="404" subTitle={t('changeRequest.notFound')} />}
      {request && (
        <>
          <Descriptions size="small" bordered column={2} styles={{ label: { width: 110 } }}>
            <Descriptions.Item label={t('changeRequest.kind')}>{changeKindLabel(t, request.kind)}</Descriptions.Item>
            <Descriptions.Item label={t('changeRequest.status')}>
              <Tag color={CHANGE_STATUS_COLOR[request.status]}>{changeStatusLabel(t, request.status)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('changeRequest.item')} span={2}>
              {or(request.itemName)}
            </Descriptions.Item>
            <Descriptions.Item label={t('changeRequest.proposer')}>{request.proposedBy}</Descriptions.Item>
            <Descriptions.Item label={t('changeRequest.unit')}>{request.proposerUnitName}</Descriptions.Item>
            <Descriptions.Item label={t('changeRequest.proposedAt')} span={2}>
              {formatDateTime(request.proposedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('changeRequest.reason')} span={2}>
              {request.reason}
            </Descriptions.Item>
            <Descriptions.Item label={t('changeRequest.resolutionNo')}>{or(request.resolutionNo)}</Descriptions.Item>
            <Descriptions.Item label={t('changeRequest.resolutionDate')}>{or(request.resolutionDate)}</Descriptions.Item>
            <Descriptions.Item label={t('changeRequest.decidedBy')}>{or(request.decidedBy)}</Descriptions.Item>
            <Descriptions.Item label={t('changeRequest.appliedVersion')}>
              {request.appliedVersion ? `v${request.appliedVersion}` : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('changeRequest.note')} span={2}>
              {or(request.decisionNote)}
            </Descriptions.Item>
          </Descriptions>
          {p && (
            <Descriptions
              title={t('changeRequest.proposalTitle')}
              size="small"
              bordered
              column={2}
              style={{ marginTop: 20 }}
              styles={{ label: { width: 110 } }}
            >
              {p.genericName !== undefined && <Descriptions.Item label={t('formulary.genericName')}>{p.genericName}</Descriptions.Item>}
              {p.spec !== undefined && <Descriptions.Item label={t('formulary.spec')}>{p.spec}</Descriptions.Item>}
              {p.manufacturer !== undefined && (
                <Descriptions.Item label={t('formulary.manufacturer')} span={2}>
                  {p.manufacturer}
                </Descriptions.Item>
              )}
              {p.category !== undefined && (
                <Descriptions.Item label={t('formulary.category')}>{categoryLabel(t, p.category)}</Descriptions.Item>
              )}
              {p.insuranceCode !== undefined && (
                <Descriptions.Item label={t('formulary.insuranceCode')}>
                  <span className="mono">{or(p.insuranceCode)}</span>
                </Descriptions.Item>
              )}
              {p.baseUnit !== undefined && (
                <Descriptions.Item label={t('itemDetail.packChain')} span={2}>
                  {packChainText(p.baseUnit, p.packs ?? [])}
                </Descriptions.Item>
              )}
              {p.genericName !== undefined && (
                <Descriptions.Item label={t('formulary.flags')} span={2}>
                  <FlagTags
                    item={{
                      essential: p.essential ?? false,
                      vbp: p.vbp ?? null,
                      insuranceClass: p.insuranceClass ?? '',
                      highAlert: p.highAlert ?? false,
                      controlledClass: p.controlledClass ?? '',
                      antibacterialTier: p.antibacterialTier ?? '',
                      coldChain: p.coldChain ?? false,
                      storageTempMin: p.storageTempMin ?? null,
                      storageTempMax: p.storageTempMax ?? null,
                      highValue: p.highValue ?? false,
                      category: p.category ?? 'western',
                    }}
                  />
                </Descriptions.Item>
              )}
              {p.levels && (
                <Descriptions.Item label={t('formulary.levels')} span={2}>
                  <LevelTags levels={p.levels} />
                </Descriptions.Item>
              )}
            </Descriptions>
          )}
          {request.kind === 'batch' && <BatchRows requestId={request.id} />}
        </>
      )}
    </Drawer>
  );
}
