import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Select, Typography } from 'antd';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANGE_KINDS, CHANGE_STATUSES, type ChangeKind, type ChangeRequest } from '../../../../core/api/index.js';
import { errorMessage } from '../../api/errors.js';
import { useOp, useOpMutation } from '../../api/hooks.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { useCan, useSessionUser } from '../../session/SessionContext.js';
import { changeKindLabel, changeStatusLabel } from '../formulary/labels.js';
import { ChangeRequestDrawer } from './ChangeRequestDrawer.js';
import { changeRequestColumns } from './changeRequestColumns.js';
import { DecideModal } from './DecideModal.js';
import { ProposeModal } from './ProposeModal.js';
import { QuickSearch } from '../../grid/QuickSearch.js';
import { useDrawerRoute } from '../../layout/useDrawerRoute.js';

type Status = (typeof CHANGE_STATUSES)[number];
const requestRowId = (r: ChangeRequest) => String(r.id);

export function ChangeRequestsPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const user = useSessionUser();
  const canDecide = useCan('formulary.manage');
  const canPropose = useCan('formulary.propose');
  const [status, setStatus] = useState<Status | undefined>(undefined);
  const [kind, setKind] = useState<ChangeKind | undefined>(undefined);
  const [quick, setQuick] = useState('');
  const [proposing, setProposing] = useState(false);
  const [deciding, setDeciding] = useState<ChangeRequest | null>(null);
  const navigate = useNavigate();
  // /change-requests/<id> opens that request's drawer over the grid.
  const drawer = useDrawerRoute('requestId', '/change-requests');
  const openId = drawer.id;
  const list = useOp('changeRequest.list', status ? { status } : {});
  const withdraw = useOpMutation('changeRequest.withdraw', ['changeRequest.list']);
  const rows = useMemo(() => (list.data?.requests ?? []).filter((r) => !kind || r.kind === kind), [list.data, kind]);
  // Looked up in the whole list, not the filtered rows, so an address opened directly always finds its request.
  const opened = list.data?.requests.find((r) => r.id === openId) ?? null;
  const missing = openId !== null && list.isSuccess && opened === null;

  const columns = useMemo(
    () =>
      changeRequestColumns(t, {
        canDecide,
        // The hub decides who may withdraw; the button shows only on the proposer's own open requests.
        canWithdraw: (r) => canPropose && r.status === 'submitted' && (r.proposedBy === user.displayName || r.proposedBy === user.username),
        open: (r) => void navigate({ to: '/change-requests/$requestId', params: { requestId: r.id }, state: { overList: true } }),
        decide: setDeciding,
        withdraw: (r) =>
          modal.confirm({
            title: t('changeRequest.withdrawConfirm', { number: r.number }),
            okText: t('changeRequest.withdraw'),
            okButtonProps: { danger: true },
            cancelText: t('common.cancel'),
            onOk: () =>
              withdraw
                .mutateAsync({ id: r.id })
                .then(() => void message.success(t('changeRequest.withdrawn')))
                .catch((error: unknown) => void message.error(errorMessage(error, t))),
          }),
      }),
    [t, canDecide, canPropose, user, modal, message, withdraw, navigate],
  );

  return (
    <>
      <PageHeader
        title={t('changeRequest.title')}
        subtitle={t('changeRequest.subtitle')}
        actions={
          <>
            <Select<Status | 'all'>
              value={status ?? 'all'}
              onChange={(v) => setStatus(v === 'all' ? undefined : v)}
              style={{ width: 120 }}
              aria-label={t('changeRequest.status')}
              options={[
                { value: 'all', label: t('changeRequest.allStatuses') },
                ...CHANGE_STATUSES.map((s) => ({ value: s, label: changeStatusLabel(t, s) })),
              ]}
            />
            <Select<ChangeKind | 'all'>
              value={kind ?? 'all'}
              onChange={(v) => setKind(v === 'all' ? undefined : v)}
              style={{ width: 140 }}
              aria-label={t('changeRequest.kind')}
              options={[
                { value: 'all', label: t('changeRequest.allKinds') },
                ...CHANGE_KINDS.map((k) => ({ value: k, label: changeKindLabel(t, k) })),
              ]}
            />
            <QuickSearch value={quick} onChange={setQuick} width={200} />
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
            {canPropose && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setProposing(true)}>
                {t('changeRequest.propose')}
              </Button>
            )}
          </>
        }
      />
      <DataGrid<ChangeRequest>
        testId="change-requests-grid"
        rows={rows}
        columns={columns}
        rowId={requestRowId}
        quickFilter={quick}
        loading={list.isPending}
        selectedId={openId === null ? null : String(openId)}
      />
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
        {t('common.total', { count: rows.length })}
      </Typography.Text>
      <ChangeRequestDrawer request={opened} missing={missing} onClose={drawer.close} />
      {proposing && <ProposeModal start={{ kind: 'add' }} onClose={() => setProposing(false)} />}
      {deciding && <DecideModal request={deciding} onClose={() => setDeciding(null)} />}
    </>
  );
}
