import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, Input, Row, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { formularySetPlatformIds, type Item, type PlatformIdentity } from '../../../../core/api/index.js';
import { useOpMutation } from '../../api/hooks.js';
import { FormModal } from '../../forms/FormModal.js';
import { useSubmit } from '../../forms/useSubmit.js';

interface PlatformValues {
  platformIds: PlatformIdentity[];
}

/** The item's product id on each procurement platform and the distributors allowed to deliver it there. */
export function PlatformIdsModal({ item, onClose }: { item: Item; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PlatformValues>();
  const save = useOpMutation('formulary.setPlatformIds', ['formulary.get', 'formulary.list']);

  const { submit: send } = useSubmit(form);
  const submit = (values: PlatformValues) =>
    send({
      schema: formularySetPlatformIds.input,
      input: { itemId: item.id, platformIds: values.platformIds ?? [] },
      send: (data) => save.mutateAsync(data),
      success: t('itemDetail.platformSaved'),
    });

  return (
    <FormModal
      open
      title={`${t('itemDetail.editPlatformIds')} · ${item.genericName}`}
      form={form}
      initialValues={{ platformIds: item.platformIds }}
      onSubmit={submit}
      onClose={onClose}
      width={720}
    >
      <Form.List name="platformIds">
        {(platforms, { add, remove }) => (
          <Space direction="vertical" style={{ width: '100%' }} size={12}>
            {platforms.map((platform) => (
              <Card
                key={platform.key}
                size="small"
                extra={
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    onClick={() => remove(platform.name)}
                    aria-label={t('itemDetail.remove')}
                  />
                }
                title={
                  <Row gutter={12} style={{ paddingTop: 8 }}>
                    <Col span={10}>
                      <Form.Item name={[platform.name, 'profile']} label={t('itemDetail.profile')}>
                        <Input placeholder="national-tps" />
                      </Form.Item>
                    </Col>
                    <Col span={14}>
                      <Form.Item name={[platform.name, 'productId']} label={t('itemDetail.productId')}>
                        <Input className="mono" />
                      </Form.Item>
                    </Col>
                  </Row>
                }
              >
                <Form.List name={[platform.name, 'distributors']}>
                  {(distributors, d) => (
                    <>
                      {distributors.map((row) => (
                        <Row key={row.key} gutter={8} align="top">
                          <Col span={13}>
                            <Form.Item name={[row.name, 'name']} label={t('itemDetail.distributorName')}>
                              <Input />
                            </Form.Item>
                          </Col>
                          <Col span={9}>
                            <Form.Item name={[row.name, 'code']} label={t('itemDetail.distributorCode')}>
                              <Input className="mono" />
                            </Form.Item>
                          </Col>
                          <Col span={2} style={{ paddingTop: 30 }}>
                            <Button type="text" icon={<DeleteOutlined />} onClick={() => d.remove(row.name)} />
                          </Col>
                        </Row>
                      ))}
                      <Button size="small" icon={<PlusOutlined />} onClick={() => d.add({ name: '', code: '' })}>
                        {t('itemDetail.addDistributor')}
                      </Button>
                    </>
                  )}
                </Form.List>
              </Card>
            ))}
            <Button block type="dashed" icon={<PlusOutlined />} onClick={() => add({ profile: '', productId: '', distributors: [] })}>
              {t('itemDetail.addPlatform')}
            </Button>
          </Space>
        )}
      </Form.List>
    </FormModal>
  );
}
