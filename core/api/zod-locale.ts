import { z } from 'zod';

/**
 * Zod's own messages (wrong type, unknown value …) in Chinese; our field rules carry their own.
 * A missing field says so plainly rather than "expected string, received undefined".
 */
export function applyChineseValidationMessages(): void {
  z.config(z.locales.zhCN());
  z.config({
    customError: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? '此项为必填项' : undefined),
  });
}
