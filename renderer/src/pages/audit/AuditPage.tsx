import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { App, Button, Card, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../../core/api/index.js';
import { call, exportUrl } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { useOp } from '../../api/hooks.js';
import { DataGrid } from '../../grid/DataGrid.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { auditColumns } from './auditColumns.js';
import { AuditFilters, EMPTY_FILTER, toAuditInput } from './AuditFilters.js';
import { QuickSearch } from '../../grid/QuickSearch.js';

const auditRowId = (e: AuditEntry) => String(e.seq);

export function AuditPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [filter, setFilter] = useState(() => toAuditInput(EMPTY_FILTER));
  const [quick, setQuick] = useState('');
  const [verifying, setVerifying] = useState(false);
  const list = useOp('audit.list', filter);
  const columns = useMemo(() => auditColumns(t), [t]);

  const verify = async () => {
    setVerifying(true);
    try {
      const result = await call('audit.verify', {});
      if (result.ok) {
        modal.success({
          title: t('audit.verifyOk'),
          content: t('audit.verifyOkDetail', { count: result.checked }),
          okText: t('common.confirm'),
        });
      } else {
        modal.error({
          title: t('audit.verifyBad'),
          content: t('audit.verifyBadDetail', {
            count: result.checked,
            seq: result.firstBad?.seq ?? '?',
            reason: result.firstBad?.reason ?? '',
          }),
          okText: t('common.confirm'),
        });
      }
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setVerifying(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        subtitle={t('audit.subtitle')}
        actions={
          <>
            <QuickSearch value={quick} onChange={setQuick} width={220} />
            <Button icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void verify()}>
              {verifying ? t('audit.verifying') : t('audit.verify')}
            </Button>
            {/* A plain link: the browser streams the hub's xlsx straight to a file, with the session cookie. */}
            <Button type="primary" icon={<DownloadOutlined />} href={exportUrl('audit.list', filter)} download>
              {t('audit.export')}
            </Button>
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }} styles={{ body: { padding: '12px 16px' } }}>
        <AuditFilters onApply={(values) => setFilter(toAuditInput(values))} />
      </Card>
      <DataGrid<AuditEntry>
        testId="audit-grid"
        rows={list.data?.entries}
        columns={columns}
        rowId={auditRowId}
        quickFilter={quick}
        loading={list.isPending}
        height="calc(100vh - 262px)"
      />
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
        {t('audit.shown', { shown: list.data?.entries.length ?? 0, total: list.data?.total ?? 0 })}
      </Typography.Text>
    </>
  );
}
