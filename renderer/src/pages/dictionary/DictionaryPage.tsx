import { CloudUploadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Drawer, Row, Skeleton, Statistic } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DICTIONARY_COLUMNS } from '../../../../core/api/index.js';
import { useOp } from '../../api/hooks.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { formatDateTime } from '../../labels.js';
import { useCan } from '../../session/SessionContext.js';
import { DictionaryImportModal } from './DictionaryImportModal.js';
import { DictionarySearch } from './DictionarySearch.js';

/** The 医保药品代码库: what edition is loaded, search as you type, a row's 26 columns, and a new edition's import. */
export function DictionaryPage() {
  const { t } = useTranslation();
  const canImport = useCan('dictionary.manage');
  const status = useOp('dictionary.status', {});
  const [openCode, setOpenCode] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const s = status.data;

  return (
    <>
      <PageHeader
        title={t('dictionary.title')}
        subtitle={t('dictionary.subtitle')}
        actions={
          canImport && (
            <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => setImporting(true)}>
              {t('dictionary.import')}
            </Button>
          )
        }
      />
      <Row gutter={12} style={{ marginBottom: 12 }} data-testid="dictionary-status">
        <Col span={5}>
          <Card size="small">
            <Statistic title={t('dictionary.rows')} value={s?.rows ?? 0} loading={status.isPending} />
          </Card>
        </Col>
        <Col span={5}>
          <Card size="small">
            <Statistic title={t('dictionary.present')} value={s?.present ?? 0} loading={status.isPending} />
          </Card>
        </Col>
        <Col span={4}>
          <Card size="small">
            <Statistic title={t('dictionary.gone')} value={s?.gone ?? 0} loading={status.isPending} />
          </Card>
        </Col>
        <Col span={10}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic
              title={t('dictionary.edition')}
              value={s?.edition ?? t('dictionary.neverImported')}
              loading={status.isPending}
              styles={{ content: { fontSize: 16 } }}
              suffix={
                s?.importedAt ? (
                  <span
                    style={{ fontSize: 12, color: '#8c8c8c', marginLeft: 8 }}
                  >{`${t('dictionary.importedAt')} ${formatDateTime(s.importedAt)}`}</span>
                ) : null
              }
            />
          </Card>
        </Col>
      </Row>
      <Card size="small">
        <DictionarySearch onOpen={(hit) => setOpenCode(hit.code)} height={Math.max(240, window.innerHeight - 440)} />
      </Card>
      <EntryDrawer code={openCode} onClose={() => setOpenCode(null)} />
      <DictionaryImportModal open={importing} onClose={() => setImporting(false)} />
    </>
  );
}

function EntryDrawer({ code, onClose }: { code: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const entry = useOp('dictionary.get', { code: code ?? '' }, { enabled: code !== null });
  const e = entry.data?.entry;
  return (
    <Drawer open={code !== null} onClose={onClose} size={600} title={t('dictionary.detailTitle')} destroyOnHidden>
      {entry.isPending && code !== null && <Skeleton active />}
      {e && (
        <Descriptions size="small" bordered column={1} styles={{ label: { width: 150 } }}>
          {DICTIONARY_COLUMNS.map(([key, label]) => (
            <Descriptions.Item key={key} label={label}>
              <span className={key === 'code' || key.endsWith('Code') || key.endsWith('No') ? 'mono' : undefined}>{e[key] || '—'}</span>
            </Descriptions.Item>
          ))}
          <Descriptions.Item label={t('dictionary.edition')}>{e.edition}</Descriptions.Item>
        </Descriptions>
      )}
    </Drawer>
  );
}
