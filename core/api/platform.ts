/** 平台配置（平台文件格式）与导出上传平台的文件 (issue 10). */
export const platformOperations = [] as const;
