/** The texts of the vbp monitoring screens, zh-CN first; en-US keeps the same keys (its type is zh-CN's, widened). */
export const vbpZh = {
  title: '集采监测',
  subtitle: '各中选品种约定采购量的完成进度（按协议年度）、年底预测与结余留用',
  itemForm: {
    yearStart: '协议年度起始日',
    yearStartHint: '不填则按自然年（1 月 1 日起）',
    referencePrice: '集采前参考价（元）',
    referencePriceHint: '用于计算结余留用；与中选价同一包装',
  },
};

export const vbpEn: typeof vbpZh = {
  title: 'VBP monitoring',
  subtitle: 'Progress of each VBP product against its agreed annual volume, the year-end projection and the savings',
  itemForm: {
    yearStart: 'Agreement year starts',
    yearStartHint: 'Blank: the calendar year (from January 1)',
    referencePrice: 'Pre-VBP reference price (¥)',
    referencePriceHint: 'For the retained savings; per the same pack as the agreed price',
  },
};
