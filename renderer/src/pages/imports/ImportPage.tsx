import { InboxOutlined } from '@ant-design/icons';
import { useNavigate } from '@tanstack/react-router';
import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, Result, Space, Spin, Steps, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportPreview, OpOutput } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { guessMapping, missingRequired, type ColumnChoice } from './mapping.js';
import { MappingStep } from './MappingStep.js';
import { PreviewView } from './PreviewView.js';
import { SheetStep, type Inspected } from './SheetStep.js';
import { uploadFile } from './upload.js';

type Committed = OpOutput<'formularyImport.commit'>;

interface Wizard {
  step: number;
  uploadId: number | null;
  inspected: Inspected | null;
  sheet: string;
  headerRow: number;
  choice: ColumnChoice;
  preview: ImportPreview | null;
  committed: Committed | null;
}

const START: Wizard = { step: 0, uploadId: null, inspected: null, sheet: '', headerRow: 1, choice: {}, preview: null, committed: null };

/**
 * 目录导入: upload → sheet and header row → column mapping → preview → commit → result. Everything before
 * the commit only reads; cancelling at any step drops the wizard's state and the formulary is untouched.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const [w, setW] = useState<Wizard>(START);
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  // The 药事会 resolution that adopted the file: the import is recorded as one batch 目录变更申请 under it.
  const [resolutionNo, setResolutionNo] = useState('');
  const [resolutionDate, setResolutionDate] = useState('');
  const [resolutionError, setResolutionError] = useState<string | null>(null);
  const [skip, setSkip] = useState(false);
  const update = (patch: Partial<Wizard>) => setW((prev) => ({ ...prev, ...patch }));

  const sheet = w.inspected?.sheets.find((s) => s.name === w.sheet);
  const header = sheet?.preview[w.headerRow - 1] ?? [];
  const source =
    w.uploadId === null
      ? null
      : { uploadId: w.uploadId, sheet: w.sheet, headerRow: w.headerRow, mapping: w.choice as Record<string, number> };

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };

  const upload = (file: File) =>
    run(async () => {
      const uploadId = await uploadFile(file);
      const inspected = await call('formularyImport.inspect', { uploadId });
      const first = inspected.sheets[0];
      update({ step: 1, uploadId, inspected, sheet: first?.name ?? '', headerRow: first?.headerRow ?? 1 });
      // The encoding only means something for csv (UTF-8, UTF-8 with BOM or GBK, as the hub detected it).
      const isCsv = /\.csv$/i.test(inspected.filename);
      void message.success(
        isCsv
          ? t('formularyImport.uploadedCsv', { filename: inspected.filename, encoding: inspected.encoding })
          : t('formularyImport.uploaded', { filename: inspected.filename }),
      );
    });

  const toMapping = () => update({ step: 2, choice: Object.keys(w.choice).length > 0 ? w.choice : guessMapping(header) });

  const toPreview = () => {
    const missing = missingRequired(w.choice);
    if (missing.length > 0) return void message.error(t('formularyImport.mappingMissing', { fields: missing.join('、') }));
    if (!source) return;
    void run(async () => update({ step: 3, preview: await call('formularyImport.preview', source) }));
  };

  const commit = () => {
    if (!source) return;
    if (!reason.trim()) return setReasonError(t('formularyImport.reasonRequired'));
    setReasonError(null);
    if (!resolutionNo.trim() || !/^\d{4}-\d{2}-\d{2}$/.test(resolutionDate)) return setResolutionError(t('formularyImport.resolutionRequired'));
    setResolutionError(null);
    void run(async () => {
      const committed = await call('formularyImport.commit', { ...source, skipRejected: skip, reason, resolutionNo, resolutionDate });
      update({ step: 5, committed, preview: committed });
    });
  };

  const cancel = () =>
    modal.confirm({
      title: t('formularyImport.cancel'),
      content: t('formularyImport.cancelConfirm'),
      okText: t('common.confirm'),
      cancelText: t('common.back'),
      onOk: () => {
        setW(START);
        setReason('');
        setResolutionNo('');
        setResolutionDate('');
        setSkip(false);
        void message.info(t('formularyImport.cancelled'));
      },
    });

  const rejected = w.preview?.rejected.length ?? 0;
  const nothing = w.preview !== null && w.preview.new + w.preview.changed === 0;
  const commitBlocked = (rejected > 0 && !skip) || nothing;

  const steps = [
    t('formularyImport.stepUpload'),
    t('formularyImport.stepSheet'),
    t('formularyImport.stepMapping'),
    t('formularyImport.stepPreview'),
    t('formularyImport.stepCommit'),
  ];

  return (
    <>
      <PageHeader title={t('formularyImport.title')} subtitle={t('formularyImport.subtitle')} />
      <Card>
        <Steps
          current={Math.min(w.step, 4)}
          status={w.step === 5 ? 'finish' : 'process'}
          items={steps.map((title) => ({ title }))}
          style={{ marginBottom: 24 }}
          size="small"
        />
        <Spin spinning={busy}>
          {w.step === 0 && (
            <Upload.Dragger
              accept=".xlsx,.csv"
              showUploadList={false}
              beforeUpload={(file) => {
                void upload(file);
                return false;
              }}
              data-testid="import-upload"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('formularyImport.uploadHint')}</p>
              <p className="ant-upload-hint">{t('formularyImport.uploadFormats')}</p>
            </Upload.Dragger>
          )}
          {w.step === 1 && w.inspected && (
            <SheetStep
              inspected={w.inspected}
              sheetName={w.sheet}
              headerRow={w.headerRow}
              onChange={(s, headerRow) => update({ sheet: s, headerRow, choice: {} })}
            />
          )}
          {w.step === 2 && (
            <MappingStep header={header} headerRow={w.headerRow} choice={w.choice} onChange={(choice) => update({ choice })} />
          )}
          {(w.step === 3 || w.step === 4) && w.preview && <PreviewView preview={w.preview} />}
          {w.step === 4 && (
            <Form layout="vertical" style={{ maxWidth: 640, marginTop: 16 }}>
              <Form.Item label={t('formularyImport.reason')} validateStatus={reasonError ? 'error' : undefined} help={reasonError}>
                <Input
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  maxLength={200}
                  placeholder={t('formularyImport.reasonPlaceholder')}
                  aria-label={t('formularyImport.reason')}
                />
              </Form.Item>
              <Form.Item
                label={t('formularyImport.resolution')}
                validateStatus={resolutionError ? 'error' : undefined}
                help={resolutionError ?? t('formularyImport.resolutionHelp')}
              >
                <Space.Compact block>
                  <Input
                    value={resolutionNo}
                    onChange={(e) => setResolutionNo(e.target.value)}
                    maxLength={40}
                    placeholder={t('formularyImport.resolutionNoPlaceholder')}
                    aria-label={t('formularyImport.resolutionNo')}
                    style={{ width: '60%' }}
                  />
                  <Input
                    type="date"
                    value={resolutionDate}
                    onChange={(e) => setResolutionDate(e.target.value)}
                    aria-label={t('formularyImport.resolutionDate')}
                    style={{ width: '40%' }}
                  />
                </Space.Compact>
              </Form.Item>
              {rejected > 0 && (
                <Form.Item>
                  <Checkbox checked={skip} onChange={(e) => setSkip(e.target.checked)}>
                    {t('formularyImport.skipRejected')}
                  </Checkbox>
                </Form.Item>
              )}
              {rejected > 0 && !skip && <Alert type="warning" showIcon title={t('formularyImport.commitBlocked')} />}
              {nothing && <Alert type="info" showIcon title={t('formularyImport.nothingToImport')} />}
            </Form>
          )}
          {w.step === 5 && w.committed && (
            <Result
              status={w.committed.committed ? 'success' : 'info'}
              title={w.committed.committed ? t('formularyImport.done') : t('formularyImport.notCommitted')}
              subTitle={
                w.committed.committed
                  ? [
                      t('formularyImport.doneDetail', {
                        version: w.committed.version,
                        new: w.committed.new,
                        changed: w.committed.changed,
                        skipped: w.committed.rejected.length,
                      }),
                      w.committed.requestNumber ? t('formularyImport.doneRequest', { number: w.committed.requestNumber }) : '',
                    ].join(' ')
                  : undefined
              }
              extra={[
                <Button key="again" onClick={() => setW(START)}>
                  {t('formularyImport.again')}
                </Button>,
                <Button key="formulary" type="primary" onClick={() => void navigate({ to: '/formulary' })}>
                  {t('formularyImport.toFormulary')}
                </Button>,
              ]}
            />
          )}
        </Spin>
        {w.step > 0 && w.step < 5 && (
          <Flex justify="space-between" style={{ marginTop: 20 }}>
            <Button danger onClick={cancel}>
              {t('formularyImport.cancel')}
            </Button>
            <Space>
              {w.step > 1 && <Button onClick={() => update({ step: w.step - 1 })}>{t('common.back')}</Button>}
              {w.step === 1 && (
                <Button type="primary" onClick={toMapping}>
                  {t('common.next')}
                </Button>
              )}
              {w.step === 2 && (
                <Button type="primary" onClick={toPreview}>
                  {t('common.next')}
                </Button>
              )}
              {w.step === 3 && (
                <Button type="primary" onClick={() => update({ step: 4 })}>
                  {t('common.next')}
                </Button>
              )}
              {w.step === 4 && (
                <Button type="primary" disabled={commitBlocked} loading={busy} onClick={commit}>
                  {t('formularyImport.commit')}
                </Button>
              )}
            </Space>
          </Flex>
        )}
      </Card>
    </>
  );
}
