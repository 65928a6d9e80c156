import { CheckCircleFilled, CloseCircleFilled, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, List, Row, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IntegrityCheck, OpOutput } from '../../../../core/api/index.js';
import { call } from '../../api/client.js';
import { useAction } from '../../api/useAction.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { formatDateTime } from '../../labels.js';

const LAST_RUN_KEY = 'tongcai.integrity.lastRun';

/** The last run this browser saw (time and outcome), so the page says when it was last checked before it is run again. */
function lastRunSeen(): { ranAt: string; ok: boolean } | null {
  try {
    const saved = JSON.parse(localStorage.getItem(LAST_RUN_KEY) ?? 'null') as { ranAt?: unknown; ok?: unknown } | null;
    return saved && typeof saved.ranAt === 'string' && typeof saved.ok === 'boolean' ? { ranAt: saved.ranAt, ok: saved.ok } : null;
  } catch {
    return null;
  }
}

function CheckCard({ check }: { check: IntegrityCheck }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      data-testid={`integrity-${check.key}`}
      title={
        <Flex gap={8} align="center">
          {check.ok ? <CheckCircleFilled style={{ color: '#389e0d' }} /> : <CloseCircleFilled style={{ color: '#cf1322' }} />}
          <span>{check.title}</span>
        </Flex>
      }
      extra={<Tag color={check.ok ? 'success' : 'error'}>{check.ok ? t('ledger.integrity.pass') : t('ledger.integrity.fail')}</Tag>}
      style={{ height: '100%' }}
    >
      <Descriptions size="small" column={1} title={<Typography.Text type="secondary">{t('ledger.integrity.checked')}</Typography.Text>}>
        {check.checked.map((c) => (
          <Descriptions.Item key={c.label} label={c.label}>
            {c.count.toLocaleString('zh-CN')}
          </Descriptions.Item>
        ))}
      </Descriptions>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('ledger.integrity.duration', { ms: check.durationMs })}
      </Typography.Text>
      {!check.ok && (
        <>
          <Typography.Paragraph strong style={{ margin: '8px 0 4px', color: '#cf1322' }}>
            {check.problems.length < check.problemCount
              ? t('ledger.integrity.firstProblems', { shown: check.problems.length, count: check.problemCount })
              : t('ledger.integrity.problems', { count: check.problemCount })}
          </Typography.Paragraph>
          <List
            size="small"
            bordered
            style={{ maxHeight: 180, overflow: 'auto' }}
            dataSource={check.problems}
            renderItem={(p) => <List.Item style={{ fontSize: 12, padding: '4px 8px' }}>{p.message}</List.Item>}
          />
        </>
      )}
      {check.notes.length > 0 && (
        <>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 4px' }}>
            {t('ledger.integrity.notes')}
          </Typography.Paragraph>
          {check.notes.map((n) => (
            <div key={n} style={{ fontSize: 12 }}>
              {n}
            </div>
          ))}
        </>
      )}
    </Card>
  );
}

/** 完整性检查: the audit chain, stock and books verifications, run on the hub, each result a card. */
export function IntegrityPage() {
  const { t } = useTranslation();
  const { busy, run } = useAction();
  const [result, setResult] = useState<OpOutput<'integrity.run'> | null>(null);
  const [lastRun, setLastRun] = useState(lastRunSeen);

  const runAll = () =>
    run(async () => {
      const out = await call('integrity.run', {});
      setResult(out);
      const seen = { ranAt: out.ranAt, ok: out.ok };
      setLastRun(seen);
      localStorage.setItem(LAST_RUN_KEY, JSON.stringify(seen));
    });

  return (
    <>
      <PageHeader
        title={t('nav.integrity')}
        subtitle={t('ledger.integrity.subtitle')}
        actions={
          <>
            <Typography.Text type="secondary" data-testid="integrity-last-run">
              {lastRun ? t('ledger.integrity.lastRun', { at: formatDateTime(lastRun.ranAt) }) : t('ledger.integrity.never')}
            </Typography.Text>
            <Button type="primary" icon={<SafetyCertificateOutlined />} loading={busy} onClick={() => void runAll()} data-testid="integrity-run">
              {t('ledger.integrity.run')}
            </Button>
          </>
        }
      />
      {result ? (
        <Flex vertical gap={12}>
          <Alert type={result.ok ? 'success' : 'error'} showIcon title={result.ok ? t('ledger.integrity.allPass') : t('ledger.integrity.someFail')} data-testid="integrity-outcome" />
          <Row gutter={12}>
            {result.checks.map((check) => (
              <Col span={8} key={check.key}>
                <CheckCard check={check} />
              </Col>
            ))}
          </Row>
        </Flex>
      ) : (
        <Card>
          <Empty description={t('ledger.integrity.hint')} />
        </Card>
      )}
    </>
  );
}
