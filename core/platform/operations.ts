import type { HandlerMap } from '../handler.js';

/** 平台配置（平台文件格式）与导出上传平台的文件. */
export const platformHandlers: Partial<HandlerMap> = {};
