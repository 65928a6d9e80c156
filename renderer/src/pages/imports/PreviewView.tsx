import { Card, Col, Row, Statistic, Table, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportPreview } from '../../../../core/api/index.js';

/** The import's plan: counts, then the new rows, the changed ones field by field, and the rejected ones. */
export function PreviewView({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  const counts = [
    { key: 'new', label: t('formularyImport.countNew'), value: preview.new, color: '#1763b8' },
    { key: 'changed', label: t('formularyImport.countChanged'), value: preview.changed, color: '#d48806' },
    { key: 'unchanged', label: t('formularyImport.countUnchanged'), value: preview.unchanged, color: '#8c8c8c' },
    { key: 'rejected', label: t('formularyImport.countRejected'), value: preview.rejected.length, color: '#cf1322' },
  ];
  return (
    <>
      <Row gutter={12} style={{ marginBottom: 12 }} data-testid="import-counts">
        {counts.map((c) => (
          <Col span={6} key={c.key}>
            <Card size="small" data-testid={`count-${c.key}`}>
              <Statistic title={c.label} value={c.value} styles={{ content: { color: c.color } }} />
            </Card>
          </Col>
        ))}
      </Row>
      <Tabs
        defaultActiveKey={preview.rejected.length > 0 ? 'rejected' : 'new'}
        items={[
          {
            key: 'new',
            label: t('formularyImport.tabNew', { count: preview.newRows.length }),
            children: (
              <Table
                size="small"
                rowKey="row"
                pagination={{ pageSize: 50, hideOnSinglePage: true }}
                dataSource={preview.newRows}
                columns={[
                  { key: 'row', title: t('formularyImport.row'), dataIndex: 'row', width: 60 },
                  { key: 'name', title: t('formulary.genericName'), dataIndex: 'genericName', width: 180 },
                  { key: 'spec', title: t('formulary.spec'), dataIndex: 'spec', width: 140 },
                  { key: 'manufacturer', title: t('formulary.manufacturer'), dataIndex: 'manufacturer' },
                  { key: 'code', title: t('formulary.insuranceCode'), dataIndex: 'insuranceCode', className: 'mono', width: 230 },
                ]}
              />
            ),
          },
          {
            key: 'changed',
            label: t('formularyImport.tabChanged', { count: preview.changedRows.length }),
            children: (
              <Table
                size="small"
                rowKey={(r) => `${r.row}`}
                pagination={{ pageSize: 30, hideOnSinglePage: true }}
                dataSource={preview.changedRows}
                columns={[
                  { key: 'row', title: t('formularyImport.row'), dataIndex: 'row', width: 60 },
                  { key: 'name', title: t('formulary.genericName'), dataIndex: 'genericName', width: 180 },
                  {
                    key: 'changes',
                    title: `${t('formularyImport.field')}：${t('formularyImport.from')} → ${t('formularyImport.to')}`,
                    render: (_, r) => (
                      <div>
                        {r.changes.map((c) => (
                          <div key={c.field}>
                            <Typography.Text strong>{c.label}</Typography.Text>：
                            <Typography.Text delete type="secondary">
                              {c.from || '（空）'}
                            </Typography.Text>{' '}
                            → <Typography.Text>{c.to || '（空）'}</Typography.Text>
                          </div>
                        ))}
                      </div>
                    ),
                  },
                ]}
              />
            ),
          },
          {
            key: 'rejected',
            label: (
              <span style={{ color: preview.rejected.length > 0 ? '#cf1322' : undefined }}>
                {t('formularyImport.tabRejected', { count: preview.rejected.length })}
              </span>
            ),
            children: (
              <Table
                size="small"
                rowKey={(r) => `${r.row}:${r.column}:${r.reason}`}
                pagination={{ pageSize: 50, hideOnSinglePage: true }}
                dataSource={preview.rejected}
                data-testid="rejected-table"
                columns={[
                  { key: 'row', title: t('formularyImport.row'), dataIndex: 'row', width: 60 },
                  { key: 'column', title: t('formularyImport.column'), dataIndex: 'column', width: 180 },
                  { key: 'reason', title: t('formularyImport.reasonText'), dataIndex: 'reason' },
                ]}
              />
            ),
          },
        ]}
      />
    </>
  );
}
