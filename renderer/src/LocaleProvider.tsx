import { App as AntApp, ConfigProvider } from 'antd';
import enUSAntd from 'antd/locale/en_US';
import zhCNAntd from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { i18n } from './i18n/index.js';
import { theme } from './theme.js';

function AntdLocale({ children }: { children: ReactNode }) {
  const { i18n: active, t } = useTranslation();
  const zh = active.language !== 'en-US';
  useEffect(() => {
    dayjs.locale(zh ? 'zh-cn' : 'en');
    document.documentElement.lang = active.language;
    document.title = t('app.name');
  }, [zh, active.language, t]);
  return (
    <ConfigProvider locale={zh ? zhCNAntd : enUSAntd} theme={theme}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/** Language for our strings, Ant Design's components and dates, switched together. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  return (
    <I18nextProvider i18n={i18n}>
      <AntdLocale>{children}</AntdLocale>
    </I18nextProvider>
  );
}
