import { FORMULARY_IMPORT_FIELDS, type FormularyImportField } from '../../../../core/api/index.js';

export type ColumnChoice = Partial<Record<FormularyImportField, number>>;

/** Header words real files use for each field, besides the field's own label. */
const SYNONYMS: Partial<Record<FormularyImportField, string[]>> = {
  insuranceCode: ['医保编码', '国家医保代码', '医保药品代码', '药品代码', '医保耗材代码'],
  genericName: ['药品名称', '通用名称', '品名', '注册名称', '名称'],
  tradeName: ['商品名称'],
  spec: ['规格型号', '药品规格'],
  manufacturer: ['生产厂家', '厂家', '生产企业名称'],
  holder: ['上市药品持有人', '持有人'],
  approvalNo: ['批准文号', '注册证号', '批准文号/注册证编号'],
  standardCode: ['本位码'],
  baseUnit: ['最小单位', '制剂单位', '单位'],
  packFactor: ['包装数量', '转换比'],
  packUnit: ['包装单位'],
  essential: ['基药', '基本药物'],
  insuranceClass: ['甲乙类', '医保甲乙类'],
  listedPrice: ['挂网价格', '挂网价(元)'],
  negotiatedPrice: ['议价(元)', '采购价'],
};

const normalise = (s: string) => s.replace(/[\s（）()元]/g, '').toLowerCase();

/** A first guess from the header row: a column whose header is the field's label or a common synonym. */
export function guessMapping(header: readonly string[]): ColumnChoice {
  const byText = new Map<string, number>();
  header.forEach((h, i) => {
    const key = normalise(h);
    if (key && !byText.has(key)) byText.set(key, i);
  });
  const choice: ColumnChoice = {};
  const used = new Set<number>();
  for (const field of FORMULARY_IMPORT_FIELDS) {
    for (const word of [field.label, ...(SYNONYMS[field.key] ?? [])]) {
      const index = byText.get(normalise(word));
      if (index !== undefined && !used.has(index)) {
        choice[field.key] = index;
        used.add(index);
        break;
      }
    }
  }
  return choice;
}

/** A saved mapping names columns by header text; find them in this file's header. */
export function applySaved(saved: Record<string, string>, header: readonly string[]): ColumnChoice {
  const choice: ColumnChoice = {};
  for (const [field, text] of Object.entries(saved)) {
    const index = header.findIndex((h) => normalise(h) === normalise(text));
    if (index >= 0) choice[field as FormularyImportField] = index;
  }
  return choice;
}

/** For importMapping.save: each mapped field → its column's header text. */
export function toSaved(choice: ColumnChoice, header: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(choice)
      .filter(([, index]) => index !== undefined && (header[index] ?? '').trim() !== '')
      .map(([field, index]) => [field, (header[index!] ?? '').trim()]),
  );
}

export function missingRequired(choice: ColumnChoice): string[] {
  return FORMULARY_IMPORT_FIELDS.filter((f) => f.required && choice[f.key] === undefined).map((f) => f.label);
}
