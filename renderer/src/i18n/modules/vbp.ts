/** The texts of the vbp monitoring screens, zh-CN first; en-US keeps the same keys (its type is zh-CN's, widened). */
export const vbpZh = {
  title: '集采监测',
};

export const vbpEn: typeof vbpZh = {
  title: 'VBP monitoring',
};
