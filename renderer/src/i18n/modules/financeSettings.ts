/** The texts of the financeSettings screens, zh-CN first; en-US keeps the same keys (its type is zh-CN's, widened). */
export const financeSettingsZh = {
  title: '付款规则与格式',
};

type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };

export const financeSettingsEn: Texts<typeof financeSettingsZh> = {
  title: 'Payment rules and formats',
};
