/** The texts of the 医保 stock reports screens, zh-CN first; en-US keeps the same keys (its type is zh-CN's, widened). */
export const medinsZh = {
  title: '医保进销存上报',
};

export const medinsEn: typeof medinsZh = {
  title: '医保 stock reports',
};
