import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Progress, Typography, Upload } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { readNdjson } from './ndjson.js';

interface ImportState {
  stage: 'idle' | 'read' | 'write' | 'done' | 'failed';
  rows: number;
  /** Rows read, once reading is over: the denominator of the write stage. */
  total: number;
  text: string;
}

const IDLE: ImportState = { stage: 'idle', rows: 0, total: 0, text: '' };
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/**
 * Uploads the NHSA workbook to /api/op/dictionary.import and follows the hub's NDJSON progress stream
 * ({stage, rows} lines, then the result or an error). Reading is the first half of the bar, writing the second.
 */
export function DictionaryImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [state, setState] = useState<ImportState>(IDLE);
  const running = state.stage === 'read' || state.stage === 'write';

  const start = async (file: File) => {
    // A rough size → rows estimate keeps the read half of the bar moving; 总表 rows are ~400 bytes zipped.
    const estimate = Math.max(1_000, file.size / 40);
    setState({ stage: 'read', rows: 0, total: 0, text: '' });
    try {
      const response = await fetch(`/api/op/dictionary.import?filename=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/octet-stream', accept: 'application/x-ndjson' },
        body: file,
      });
      if (!response.body || (!response.ok && !(response.headers.get('content-type') ?? '').includes('ndjson'))) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
      }
      let finished = false;
      await readNdjson(response.body, (m) => {
        const error = m.error as { message?: string } | string | undefined;
        if (error) {
          finished = true;
          setState((s) => ({
            ...s,
            stage: 'failed',
            text: t('dictionary.importFailed', { message: typeof error === 'string' ? error : (error.message ?? '') }),
          }));
        } else if (m.stage === 'read' || m.stage === 'write') {
          const stage = m.stage;
          // Once writing starts, the rows read so far are the whole: the write half counts against them.
          setState((s) => ({
            ...s,
            stage,
            rows: num(m.rows),
            total: stage === 'read' ? Math.max(estimate, num(m.rows)) : s.stage === 'read' ? Math.max(1, s.rows) : s.total,
          }));
        } else if (m.done || m.result) {
          finished = true;
          const r = (m.result ?? m) as Record<string, unknown>;
          const rows = num(r.added) + num(r.changed) + num(r.unchanged);
          setState({
            stage: 'done',
            rows,
            total: rows,
            text: t('dictionary.importDone', { added: num(r.added), updated: num(r.changed), gone: num(r.gone), rows }),
          });
        }
      });
      if (!finished) throw new Error(t('errors.unknown'));
      await client.invalidateQueries({ queryKey: ['dictionary.status'] });
      await client.invalidateQueries({ queryKey: ['dictionary.search'] });
    } catch (error) {
      setState((s) => ({
        ...s,
        stage: 'failed',
        text: t('dictionary.importFailed', { message: error instanceof Error ? error.message : '' }),
      }));
    }
  };

  const percent =
    state.stage === 'done'
      ? 100
      : state.stage === 'write'
        ? 50 + Math.min(49, Math.round((state.rows / Math.max(1, state.total)) * 50))
        : state.stage === 'read'
          ? Math.min(49, Math.round((state.rows / Math.max(1, state.total || 1)) * 50))
          : 0;

  return (
    <Modal
      open={open}
      title={t('dictionary.importTitle')}
      onCancel={running ? undefined : () => (setState(IDLE), onClose())}
      closable={!running}
      mask={{ closable: false }}
      footer={
        <Button disabled={running} onClick={() => (setState(IDLE), onClose())}>
          {t('common.close')}
        </Button>
      }
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('dictionary.importHint')}</Typography.Paragraph>
      <Upload
        accept=".xlsx"
        showUploadList={false}
        disabled={running}
        beforeUpload={(file) => {
          void start(file);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} disabled={running} type="primary">
          {t('dictionary.importChoose')}
        </Button>
      </Upload>
      {state.stage !== 'idle' && (
        <div style={{ marginTop: 16 }} data-testid="dictionary-import-progress">
          <Progress percent={percent} status={state.stage === 'failed' ? 'exception' : state.stage === 'done' ? 'success' : 'active'} />
          {running && (
            <Typography.Text type="secondary">{`${t('dictionary.importing')} ${t('dictionary.importRows', { rows: state.rows })}`}</Typography.Text>
          )}
          {state.stage === 'done' && <Alert type="success" showIcon title={state.text} />}
          {state.stage === 'failed' && <Alert type="error" showIcon title={state.text} />}
        </div>
      )}
    </Modal>
  );
}
