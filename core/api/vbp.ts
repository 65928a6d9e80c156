/** 集采监测：约定量完成进度、预测与结余 (issue 10). */
export const vbpOperations = [] as const;
