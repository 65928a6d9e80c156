import { CopyOutlined, KeyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export interface OneTimePassword {
  /** Already-translated first line: who was created or reset. */
  headline: string;
  password: string;
}

/** Shows a one-time password exactly once; closing the modal forgets it. */
export function OneTimePasswordModal({ value, onClose }: { value: OneTimePassword | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value?.password ?? '');
      void message.success(t('common.copied'));
    } catch {
      void message.warning(t('common.copyFailed'));
    }
  };
  return (
    <Modal
      open={value !== null}
      title={
        <Flex gap={8} align="center">
          <KeyOutlined />
          {t('users.otpTitle')}
        </Flex>
      }
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('common.close')}
        </Button>
      }
      destroyOnHidden
    >
      {value && (
        <>
          <Typography.Paragraph style={{ marginTop: 12 }}>{value.headline}</Typography.Paragraph>
          <Flex
            align="center"
            justify="space-between"
            gap={12}
            style={{ background: '#f5f7fa', border: '1px solid #e5e8ee', borderRadius: 6, padding: '12px 16px', marginBottom: 16 }}
          >
            <Flex vertical>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('users.otpLabel')}
              </Typography.Text>
              <Typography.Text className="mono" style={{ fontSize: 22, letterSpacing: 1 }} data-testid="one-time-password">
                {value.password}
              </Typography.Text>
            </Flex>
            <Button icon={<CopyOutlined />} onClick={() => void copy()}>
              {t('common.copy')}
            </Button>
          </Flex>
          <Alert type="warning" showIcon title={t('users.otpHint')} />
        </>
      )}
    </Modal>
  );
}
