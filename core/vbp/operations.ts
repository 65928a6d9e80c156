import type { HandlerMap } from '../handler.js';

/** 集采监测：约定量完成进度、预测与结余. */
export const vbpHandlers: Partial<HandlerMap> = {};
