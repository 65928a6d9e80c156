import { Alert, Checkbox, Col, Form, Input, Radio, Row } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { changeRequestDecide, type ChangeRequest } from '../../../../core/api/index.js';
import { ApiError } from '../../api/client.js';
import { useOpMutation } from '../../api/hooks.js';
import { FormModal } from '../../forms/FormModal.js';
import { useSubmit } from '../../forms/useSubmit.js';
import { changeKindLabel } from '../formulary/labels.js';

interface DecideValues {
  approve: boolean;
  resolutionNo: string;
  resolutionDate: string;
  note: string;
  confirmOverwrite: boolean;
}

/** The pharmacy officer records the 药事会 decision; an approval is applied to the formulary at once. */
export function DecideModal({ request, onClose }: { request: ChangeRequest; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<DecideValues>();
  const decide = useOpMutation('changeRequest.decide', ['changeRequest.list', 'formulary.list', 'formulary.versions', 'formulary.get']);

  // The item was changed after the request was proposed: the hub names what an approval would set back,
  // and the officer must confirm the overwrite before it is applied.
  const [conflict, setConflict] = useState<string | null>(null);
  const { submit: send } = useSubmit(form);
  const submit = (values: DecideValues) =>
    send({
      schema: changeRequestDecide.input,
      input: { id: request.id, ...values },
      send: async (data) => {
        try {
          return await decide.mutateAsync(data);
        } catch (error) {
          if (error instanceof ApiError && error.code === 'CONFLICT' && error.fields.some((f) => f.path.startsWith('item.'))) setConflict(error.message);
          throw error;
        }
      },
      success: t('changeRequest.decided'),
    });

  return (
    <FormModal
      open
      title={t('changeRequest.decideTitle', { number: request.number })}
      form={form}
      initialValues={{ approve: true, resolutionNo: '', resolutionDate: new Date().toLocaleDateString('sv-SE'), note: '', confirmOverwrite: false }}
      onSubmit={submit}
      onClose={onClose}
      width={560}
    >
      <div style={{ marginBottom: 12, color: '#595959' }}>
        {changeKindLabel(t, request.kind)} · {request.itemName} · {request.proposerUnitName}
      </div>
      <Form.Item name="approve" label={t('changeRequest.decision')}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={[
            { value: true, label: t('changeRequest.approve') },
            { value: false, label: t('changeRequest.reject') },
          ]}
        />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="resolutionNo" label={t('changeRequest.resolutionNo')}>
            <Input maxLength={40} placeholder="YSH-2026-05" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="resolutionDate" label={t('changeRequest.resolutionDate')}>
            <Input placeholder="YYYY-MM-DD" maxLength={10} className="mono" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="note" label={t('changeRequest.note')}>
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
      {conflict && <Alert type="warning" showIcon title={conflict} style={{ marginBottom: 12 }} data-testid="decide-conflict" />}
      <Form.Item name="confirmOverwrite" valuePropName="checked" hidden={!conflict}>
        <Checkbox>{t('changeRequest.confirmOverwrite')}</Checkbox>
      </Form.Item>
    </FormModal>
  );
}
