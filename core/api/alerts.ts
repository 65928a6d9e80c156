/** 提醒：站内铃铛与企业微信、钉钉、邮箱推送 (issue 10). */
export const alertOperations = [] as const;
