import type { HandlerMap } from '../../handler.js';

/** 导入平台数据：目录、订单回执、配送明细、结算单（预览后整批提交）. */
export const platformImportHandlers: Partial<HandlerMap> = {};
