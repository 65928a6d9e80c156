/**
 * Checks of the codes Chinese procurement documents carry (domain brief §5). Pure functions, shared by
 * the hub's validation and the renderer's forms.
 */

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The GB 32100-2015 check character for the first 17 characters of a USCC, or null if they are malformed. */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17[i]!);
    if (value < 0) return null;
    sum += value * USCC_WEIGHTS[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET[check]!;
}

/** 统一社会信用代码: 18 characters of 0-9A-HJ-NPQRTUWXY whose last is the mod-31 check character. */
export function isValidUscc(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  return usccCheckChar(code.slice(0, 17)) === code[17];
}

/** Full-width digits, letters and spaces (common in pasted or Excel data) to their ASCII forms. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** 医保药品代码: 西药 X + 22 characters, 中成药 Z + 19. No check digit is published. */
export function isDrugInsuranceCode(code: string): boolean {
  return /^X[A-Z]\d{2}[A-Z]{2}[A-Z0-9]{17}$/.test(code) || /^Z[A-Z0-9]{19}$/.test(code);
}

/** 医保医用耗材代码: C + 19 characters, or the 27-character extended form. */
export function isConsumableInsuranceCode(code: string): boolean {
  return /^C[0-9A-Z]{19}([0-9A-Z]{7})?$/.test(code);
}

/** 批准文号: 国药准字 + H/Z/S/J (+ optional C/J) + 8 digits. */
export function isDrugApprovalNo(text: string): boolean {
  return /^国药准字[HZSJ][CJ]?\d{8}$/.test(text);
}

/** 医疗器械注册证号 / 备案号, e.g. 国械注准20193130123. */
export function isDeviceRegistrationNo(text: string): boolean {
  return /^[\u4e00-\u9fa5]{1,2}械注[准进许]\d{4}[123]\d{2}\d{4}$/.test(text);
}

/** 药品本位码: 14 digits starting 86. */
export function isStandardCode(code: string): boolean {
  return /^86\d{12}$/.test(code);
}

/** 药品追溯码: 20 digits, of which the first 7 identify the product. */
export function isTraceCode(code: string): boolean {
  return /^\d{20}$/.test(code);
}

/** GS1 mod-10 check digit of a GTIN (8, 12, 13 or 14 digits including the check digit). */
export function isValidGtin(gtin: string): boolean {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(gtin)) return false;
  const digits = gtin.split('').map(Number);
  const check = digits.pop()!;
  const sum = digits.reverse().reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}
