/** The texts of the alerts screens, zh-CN first; en-US keeps the same keys (its type is zh-CN's, widened). */
export const alertsZh = {
  title: '提醒',
};

export const alertsEn: typeof alertsZh = {
  title: 'Alerts',
};
