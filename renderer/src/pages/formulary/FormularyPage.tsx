import { DownloadOutlined, PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Segmented, Select, Typography } from 'antd';
import type { GridApi } from 'ag-grid-community';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpInput, UnitLevel } from '../../../../core/api/index.js';
import { exportUrl } from '../../api/client.js';
import { useOp } from '../../api/hooks.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { formatDateTime } from '../../labels.js';
import { useCan } from '../../session/SessionContext.js';
import { ProposeModal, type ProposeStart } from '../changeRequests/ProposeModal.js';
import { formularyColumns, type FormularyRow } from './formularyColumns.js';
import { FormularyGrid } from './FormularyGrid.js';
import { ItemDetailDrawer } from './ItemDetailDrawer.js';
import { LayoutMenu } from './LayoutMenu.js';
import { useDrawerRoute } from '../../layout/useDrawerRoute.js';

type LevelChoice = 'all' | UnitLevel;

export function FormularyPage() {
  const { t } = useTranslation();
  const canManage = useCan('formulary.manage');
  const canPropose = useCan('formulary.propose');
  const [level, setLevel] = useState<LevelChoice>('all');
  const [version, setVersion] = useState<number | undefined>(undefined);
  const [quick, setQuick] = useState('');
  // /formulary/items/<id> opens the item's drawer over the grid; this page stays mounted, so closing it
  // (or the back button) finds the grid with the same filters, level, version and scroll.
  const drawer = useDrawerRoute('itemId', '/formulary');
  const openId = drawer.id;
  const [proposing, setProposing] = useState<ProposeStart | null>(null);
  const [api, setApi] = useState<GridApi<FormularyRow> | null>(null);
  const [displayed, setDisplayed] = useState(0);

  // A member pharmacist's level is decided by the hub from their unit; the switch is for those who see all.
  const input: OpInput<'formulary.list'> = { ...(canManage && level !== 'all' ? { level } : {}), ...(version ? { version } : {}) };
  // 4,000 items: comparing each refetch with the last, object by object, costs more than it saves.
  const list = useOp('formulary.list', input, { structuralSharing: false });
  const versions = useOp('formulary.versions', {});
  const columns = useMemo(() => formularyColumns(t), [t]);
  const onDisplayed = useCallback((n: number) => setDisplayed(n), []);
  const items = list.data?.items;
  const latest = versions.data?.versions.reduce((max, v) => Math.max(max, v.version), 0) ?? 0;
  const past = version !== undefined && version !== latest;

  return (
    <>
      <PageHeader
        title={t('formulary.title')}
        subtitle={canManage ? t('formulary.subtitle') : t('formulary.ownSubtitle')}
        actions={
          <>
            <Input
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('formulary.searchPlaceholder')}
              value={quick}
              onChange={(e) => setQuick(e.target.value)}
              style={{ width: 230 }}
              aria-label={t('common.search')}
              data-testid="formulary-quick"
            />
            <LayoutMenu api={api} />
            <Button icon={<DownloadOutlined />} href={exportUrl('formulary.catalogue', input)} download>
              {t('formulary.export')}
            </Button>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
            {canPropose && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setProposing({ kind: 'add' })}>
                {t('formulary.propose')}
              </Button>
            )}
          </>
        }
      />
      <div style={{ display: 'flex', gap: 12, alignItems: 'center', marginBottom: 12, flexWrap: 'wrap' }}>
        {canManage && (
          <Segmented<LevelChoice>
            value={level}
            onChange={setLevel}
            data-testid="formulary-level"
            options={[
              { value: 'all', label: t('formulary.levelAll') },
              { value: 'county', label: t('formulary.levelCounty') },
              { value: 'township', label: t('formulary.levelTownship') },
              { value: 'village', label: t('formulary.levelVillage') },
            ]}
          />
        )}
        <Select<number | 'current'>
          value={version ?? 'current'}
          onChange={(v) => setVersion(v === 'current' ? undefined : v)}
          style={{ width: 300 }}
          aria-label={t('formulary.version')}
          loading={versions.isPending}
          options={[
            { value: 'current', label: t('formulary.versionCurrent') },
            ...[...(versions.data?.versions ?? [])]
              .sort((a, b) => b.version - a.version)
              .map((v) => ({
                value: v.version,
                label: t('formulary.versionOption', {
                  version: v.version,
                  date: formatDateTime(v.createdAt).slice(0, 10),
                  count: v.itemCount,
                }),
              })),
          ]}
        />
        {past && <Alert type="info" showIcon title={t('formulary.versionPast', { version })} style={{ padding: '2px 10px' }} />}
      </div>
      <FormularyGrid
        rows={items}
        columns={columns}
        quickFilter={quick}
        loading={list.isPending}
        selectedId={openId}
        onReady={setApi}
        onDisplayed={onDisplayed}
      />
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }} data-testid="formulary-count">
        {t('formulary.shown', { shown: displayed, count: items?.length ?? 0 })}
      </Typography.Text>
      <ItemDetailDrawer itemId={openId} onClose={drawer.close} onPropose={(start) => setProposing(start)} />
      {proposing && <ProposeModal start={proposing} onClose={() => setProposing(null)} />}
    </>
  );
}
