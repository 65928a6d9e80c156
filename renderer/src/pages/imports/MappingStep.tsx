import { SaveOutlined } from '@ant-design/icons';
import { App, Button, Col, Dropdown, Flex, Input, Row, Select, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { FORMULARY_IMPORT_FIELDS } from '../../../../core/api/index.js';
import { errorMessage } from '../../api/errors.js';
import { useOp, useOpMutation } from '../../api/hooks.js';
import { applySaved, toSaved, type ColumnChoice } from './mapping.js';
import { columnLetter } from './upload.js';

type Field = (typeof FORMULARY_IMPORT_FIELDS)[number];

/** Each formulary field → one source column (required ones marked), and named mappings to load or save. */
export function MappingStep({
  header,
  headerRow,
  choice,
  onChange,
}: {
  header: string[];
  headerRow: number;
  choice: ColumnChoice;
  onChange: (choice: ColumnChoice) => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const saved = useOp('importMapping.list', {});
  const save = useOpMutation('importMapping.save', ['importMapping.list']);
  const options = header.map((h, i) => ({ value: i, label: `${columnLetter(i)} · ${h || '（空）'}` }));

  const saveAs = () => {
    let name = '';
    modal.confirm({
      title: t('formularyImport.mappingSave'),
      icon: <SaveOutlined />,
      content: (
        <Input
          autoFocus
          aria-label={t('formularyImport.mappingName')}
          placeholder={t('formularyImport.mappingName')}
          maxLength={40}
          onChange={(e) => (name = e.target.value)}
        />
      ),
      okText: t('common.save'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await save.mutateAsync({ name, headerRow, mapping: toSaved(choice, header) });
          void message.success(t('formularyImport.mappingSaved', { name: name.trim() }));
        } catch (error) {
          void message.error(errorMessage(error, t));
          throw error;
        }
      },
    });
  };

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Dropdown
          disabled={(saved.data?.mappings.length ?? 0) === 0}
          menu={{
            items: (saved.data?.mappings ?? []).map((m) => ({ key: m.name, label: m.name })),
            onClick: ({ key }) => {
              const m = saved.data?.mappings.find((x) => x.name === key);
              if (!m) return;
              const next = applySaved(m.mapping, header);
              onChange(next);
              void message.info(t('formularyImport.mappingLoaded', { name: m.name, count: Object.keys(next).length }));
            },
          }}
        >
          <Button>{t('formularyImport.mappingLoad')}</Button>
        </Dropdown>
        <Button icon={<SaveOutlined />} onClick={saveAs}>
          {t('formularyImport.mappingSave')}
        </Button>
      </Space>
      <Row gutter={[24, 10]} data-testid="mapping-table">
        {FORMULARY_IMPORT_FIELDS.map((f: Field) => (
          <Col span={12} key={f.key}>
            <Flex align="center" gap={8}>
              <span style={{ width: 150, flex: 'none', textAlign: 'right' }}>
                {f.label}
                {f.required && (
                  <Tag color="red" style={{ marginInlineStart: 6, marginInlineEnd: 0 }}>
                    {t('formularyImport.required')}
                  </Tag>
                )}
              </span>
              <Select<number>
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                style={{ flex: 1, minWidth: 0 }}
                aria-label={f.label}
                status={f.required && choice[f.key] === undefined ? 'error' : undefined}
                placeholder={t('formularyImport.notMapped')}
                value={choice[f.key]}
                options={options}
                onChange={(index) => {
                  const next = { ...choice };
                  if (index === undefined || index === null) delete next[f.key];
                  else next[f.key] = index;
                  onChange(next);
                }}
              />
            </Flex>
          </Col>
        ))}
      </Row>
    </>
  );
}
