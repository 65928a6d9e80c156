import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Form, Input, InputNumber, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PackLevel } from '../../../../core/api/index.js';
import { packChainText } from './labels.js';

/**
 * The base unit and the pack levels above it, smallest first, each with how many of the level below it
 * holds; the chain ("1 件 = 200 盒 = 4800 片") is shown as it is typed so a wrong factor is seen at once.
 */
export function PackLevelsEditor({ prefix }: { prefix: string }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const baseUnit = (Form.useWatch([prefix, 'baseUnit'], form) as string | undefined) ?? '';
  const packs = (Form.useWatch([prefix, 'packs'], form) as Partial<PackLevel>[] | undefined) ?? [];
  const chain = packChainText(
    baseUnit.trim(),
    packs.map((p) => ({ unit: p?.unit ?? '?', factor: p?.factor ?? Number.NaN })),
  );

  return (
    <>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name={[prefix, 'baseUnit']} label={t('formulary.baseUnit')}>
            <Input maxLength={8} placeholder="片" />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item label={t('itemForm.packLevels')} extra={t('itemForm.packHint')}>
            <Typography.Text data-testid="pack-chain" strong>
              {chain || t('itemForm.packChainEmpty')}
            </Typography.Text>
          </Form.Item>
        </Col>
      </Row>
      <Form.List name={[prefix, 'packs']}>
        {(levels, { add, remove }, { errors }) => (
          <>
            {/* The list's own problems ("包装单位不能重复") land on the list, not on one row. */}
            <Form.ErrorList errors={errors} />
            {levels.map((level, index) => {
              const lower = (index === 0 ? baseUnit : packs[index - 1]?.unit) || '?';
              return (
                <Row key={level.key} gutter={12} align="top">
                  <Col span={8}>
                    <Form.Item name={[level.name, 'unit']} label={index === 0 ? t('itemForm.packUnit') : undefined}>
                      <Input maxLength={8} placeholder={index === 0 ? '盒' : '件'} aria-label={`${t('itemForm.packUnit')} ${index + 1}`} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name={[level.name, 'factor']} label={index === 0 ? t('itemForm.packFactor') : undefined}>
                      <InputNumber
                        min={1}
                        precision={0}
                        style={{ width: '100%' }}
                        addonAfter={lower}
                        aria-label={`${t('itemForm.packFactor')} ${index + 1}`}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={2} style={{ paddingTop: index === 0 ? 30 : 0 }}>
                    <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(level.name)} aria-label={t('itemDetail.remove')} />
                  </Col>
                </Row>
              );
            })}
            {levels.length < 4 && (
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ unit: '', factor: null })} style={{ marginBottom: 16 }}>
                {t('itemForm.addPackLevel')}
              </Button>
            )}
          </>
        )}
      </Form.List>
    </>
  );
}
