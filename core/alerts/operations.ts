import type { HandlerMap } from '../handler.js';

/** 提醒：站内铃铛与企业微信、钉钉、邮箱推送. */
export const alertHandlers: Partial<HandlerMap> = {};
