/** 医保进销存上报 3501–3506 (issue 10). */
export const medinsOperations = [] as const;
