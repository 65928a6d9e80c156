/** The texts of the platform profiles and exports screens, zh-CN first; en-US keeps the same keys (its type is zh-CN's, widened). */
export const platformZh = {
  title: '平台配置与导出',
};

export const platformEn: typeof platformZh = {
  title: 'Platform profiles and exports',
};
