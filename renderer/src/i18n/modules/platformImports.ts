/** The texts of the platform imports screens, zh-CN first; en-US keeps the same keys (its type is zh-CN's, widened). */
export const platformImportsZh = {
  title: '导入平台数据',
};

export const platformImportsEn: typeof platformImportsZh = {
  title: 'Platform imports',
};
