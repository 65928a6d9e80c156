/**
 * FORMULARY_SAMPLE — about 300 pack presentations (品规) shaped like rows of the NHSA 医保药品分类与代码 总表
 * (domain brief §5), for demos and seed-demo.
 *
 * Generic names, dosage forms, specs, pack sizes, manufacturers and trade names are the real staples of a
 * county hospital's formulary. The codes are NOT real: 医保代码, 批准文号, 本位码 and 注册证号 are generated
 * in the published shapes (segments below), deterministically, so the demo looks right and passes every
 * format check without claiming to be a particular product's registration.
 *
 * 西药 code   X + ATC level 4 (5) + 通用名 (initial + 3) + 剂型 (4) + 规格 (2) + 包装 (2) + 企业 (5)  = 23
 * 中成药 code Z + 分类 (5) + 通用名 (initial + 3) + 剂型 (1) + 规格 (2) + 包装 (2) + 企业 (5)         = 20
 * 耗材 code   C + 分类 (6) + 通用名 (3) + 材质 (2) + 规格型号 (3) + 企业 (5)                        = 20
 * 本位码      86 9 + 企业 (5) + 产品 (4) + 包装 (1) + check digit (mod 10, weights 3/1 from the right,
 *             which reproduces 86900483000019 from the brief's example).
 */
import { itemFields, type ItemFields } from '../../core/api/formulary.js';

export const FORMULARY_CATEGORIES = ['western', 'chinese_patent', 'herbal', 'consumable', 'reagent', 'preparation'] as const;
export type FormularyCategory = (typeof FORMULARY_CATEGORIES)[number];
export type InsuranceClass = '甲' | '乙' | '丙' | '';

/** A row as the 总表 describes it: one pack size over the base unit. */
interface RawRow {
  insuranceCode: string;
  genericName: string;
  tradeName: string;
  dosageForm: string;
  spec: string;
  packMaterial: string;
  baseUnit: string;
  packUnit: string;
  packFactor: number;
  manufacturer: string;
  approvalNo: string;
  standardCode: string;
  holder: string;
  category: FormularyCategory;
  insuranceClass: InsuranceClass;
}

/** One formulary item, its fields exactly as `itemFields` outputs them, plus the prices the seed records. */
export type FormularySampleRow = ItemFields & {
  /** 挂网价 per purchase unit, micro-yuan. */
  listedPriceMicro: number;
  /** 议价 (never above 挂网价), or null. */
  negotiatedPriceMicro: number | null;
  /** 限价 for consumables, or null. */
  limitPriceMicro: number | null;
};

interface Maker {
  name: string;
  /** 省级行政区划 first two digits, used by older 批准文号 (国药准字H13023964 = 河北). */
  province: string;
  /** 5-digit enterprise segment shared by the 医保代码 tail and the 本位码. */
  enterprise: string;
  /** Province abbreviation for class II device registrations (鲁械注准…). */
  abbr?: string;
}

const MAKERS = {
  huabei: { name: '华北制药股份有限公司', province: '13', enterprise: '01021' },
  zhongnuo: { name: '石药集团中诺药业（石家庄）有限公司', province: '13', enterprise: '01134' },
  ouyi: { name: '石药集团欧意药业有限公司', province: '13', enterprise: '01156' },
  sisi: { name: '石家庄四药有限公司', province: '13', enterprise: '01178' },
  qilu: { name: '齐鲁制药有限公司', province: '37', enterprise: '03512' },
  xinhua: { name: '山东新华制药股份有限公司', province: '37', enterprise: '03527' },
  lukang: { name: '山东鲁抗医药股份有限公司', province: '37', enterprise: '03541' },
  luoxin: { name: '山东罗欣药业集团股份有限公司', province: '37', enterprise: '03566' },
  qidu: { name: '山东齐都药业有限公司', province: '37', enterprise: '03588' },
  jingwei: { name: '山东京卫制药有限公司', province: '37', enterprise: '03593' },
  yangzijiang: { name: '扬子江药业集团有限公司', province: '32', enterprise: '02611' },
  changzhou4: { name: '常州四药制药有限公司', province: '32', enterprise: '02637' },
  hengrui: { name: '江苏恒瑞医药股份有限公司', province: '32', enterprise: '02645' },
  zhengdatianqing: { name: '正大天晴药业集团股份有限公司', province: '32', enterprise: '02652' },
  astrazeneca: { name: '阿斯利康制药有限公司', province: '32', enterprise: '02668' },
  eisai: { name: '卫材（中国）药业有限公司', province: '32', enterprise: '02679' },
  merck: { name: '默克制药（江苏）有限公司', province: '32', enterprise: '02684' },
  wyeth: { name: '惠氏制药有限公司', province: '32', enterprise: '02691' },
  jinling: { name: '金陵药业股份有限公司南京金陵制药厂', province: '32', enterprise: '02703' },
  qianhong: { name: '常州千红生化制药股份有限公司', province: '32', enterprise: '02715' },
  lianbang: { name: '珠海联邦制药股份有限公司中山分公司', province: '44', enterprise: '04402' },
  baiyunshan: { name: '广州白云山医药集团股份有限公司白云山制药总厂', province: '44', enterprise: '04417' },
  zhijun: { name: '国药集团致君（深圳）制药有限公司', province: '44', enterprise: '04425' },
  salubris: { name: '深圳信立泰药业股份有限公司', province: '44', enterprise: '04438' },
  xinyi: { name: '上海信谊药厂有限公司', province: '31', enterprise: '03107' },
  squibb: { name: '中美上海施贵宝制药有限公司', province: '31', enterprise: '03119' },
  boehringer: { name: '上海勃林格殷格翰药业有限公司', province: '31', enterprise: '03124' },
  shuanghe: { name: '华润双鹤药业股份有限公司', province: '11', enterprise: '00126' },
  jialin: { name: '北京嘉林药业股份有限公司', province: '11', enterprise: '00139' },
  bayer: { name: '拜耳医药保健有限公司', province: '11', enterprise: '00147' },
  novartis: { name: '北京诺华制药有限公司', province: '11', enterprise: '00152' },
  ganli: { name: '甘李药业股份有限公司', province: '11', enterprise: '00168' },
  sililan: { name: '北京斯利安药业有限公司', province: '11', enterprise: '00173' },
  huahai: { name: '浙江华海药业股份有限公司', province: '33', enterprise: '03301' },
  jingxin: { name: '浙江京新药业股份有限公司', province: '33', enterprise: '03314' },
  sanofi: { name: '赛诺菲（杭州）制药有限公司', province: '33', enterprise: '03326' },
  msd: { name: '杭州默沙东制药有限公司', province: '33', enterprise: '03335' },
  huadong: { name: '杭州中美华东制药有限公司', province: '33', enterprise: '03349' },
  kelun: { name: '四川科伦药业股份有限公司', province: '51', enterprise: '05103' },
  pfizer: { name: '辉瑞制药有限公司', province: '21', enterprise: '02104' },
  aojina: { name: '沈阳奥吉娜药业有限公司', province: '21', enterprise: '02118' },
  tianjinsk: { name: '中美天津史克制药有限公司', province: '12', enterprise: '01209' },
  jinyao: { name: '天津金耀药业有限公司', province: '12', enterprise: '01215' },
  novo: { name: '诺和诺德（中国）制药有限公司', province: '12', enterprise: '01227' },
  servier: { name: '施维雅（天津）制药有限公司', province: '12', enterprise: '01236' },
  ipsen: { name: '博福-益普生（天津）制药有限公司', province: '12', enterprise: '01248' },
  janssen: { name: '西安杨森制药有限公司', province: '61', enterprise: '06105' },
  dongyangguang: { name: '宜昌东阳光长江药业股份有限公司', province: '42', enterprise: '04206' },
  yuanda: { name: '远大医药（中国）有限公司', province: '42', enterprise: '04213' },
  wuhanbio: { name: '武汉生物制品研究所有限责任公司', province: '42', enterprise: '04225' },
  dongbao: { name: '通化东宝药业股份有限公司', province: '22', enterprise: '02207' },
  // 中成药
  yiling: { name: '石家庄以岭药业股份有限公司', province: '13', enterprise: '01193' },
  shenwei: { name: '神威药业集团有限公司', province: '13', enterprise: '01205' },
  tasly: { name: '天士力医药集团股份有限公司', province: '12', enterprise: '01253' },
  zhongxin6: { name: '天津中新药业集团股份有限公司第六中药厂', province: '12', enterprise: '01261' },
  hongrentang: { name: '天津宏仁堂药业有限公司', province: '12', enterprise: '01274' },
  tongrentang: { name: '北京同仁堂科技发展股份有限公司制药厂', province: '11', enterprise: '00181' },
  xiuzheng: { name: '修正药业集团股份有限公司', province: '22', enterprise: '02219' },
  huarun999: { name: '华润三九医药股份有限公司', province: '44', enterprise: '04446' },
  guanghua: { name: '广州白云山光华制药股份有限公司', province: '44', enterprise: '04453' },
  baiyunshanhh: { name: '广州白云山和记黄埔中药有限公司', province: '44', enterprise: '04461' },
  dezhong: { name: '佛山德众药业有限公司', province: '44', enterprise: '04479' },
  yunnanbaiyao: { name: '云南白药集团股份有限公司', province: '53', enterprise: '05302' },
  kunyao: { name: '昆药集团股份有限公司', province: '53', enterprise: '05317' },
  buchangsx: { name: '陕西步长制药有限公司', province: '61', enterprise: '06118' },
  buchangsd: { name: '山东步长制药股份有限公司', province: '37', enterprise: '03604' },
  taiji: { name: '太极集团重庆涪陵制药厂有限公司', province: '50', enterprise: '05006' },
  sanjing: { name: '哈药集团三精制药有限公司', province: '23', enterprise: '02303' },
  kuihua: { name: '葵花药业集团（伊春）有限公司', province: '23', enterprise: '02316' },
  jichuan: { name: '济川药业集团有限公司', province: '32', enterprise: '02721' },
  kangyuan: { name: '江苏康缘药业股份有限公司', province: '32', enterprise: '02736' },
  jimin: { name: '江西济民可信金水宝制药有限公司', province: '36', enterprise: '03608' },
  wanxi: { name: '河南宛西制药股份有限公司', province: '41', enterprise: '04109' },
  fuci: { name: '兰州佛慈制药股份有限公司', province: '62', enterprise: '06204' },
  hehuang: { name: '上海和黄药业有限公司', province: '31', enterprise: '03131' },
  mayinglong: { name: '马应龙药业集团股份有限公司', province: '42', enterprise: '04231' },
  qianjin: { name: '株洲千金药业股份有限公司', province: '43', enterprise: '04308' },
  jiuzhitang: { name: '九芝堂股份有限公司', province: '43', enterprise: '04315' },
  tongjitang: { name: '贵州同济堂制药有限公司', province: '52', enterprise: '05205' },
  // 医用耗材
  weigao: { name: '山东威高集团医用高分子制品股份有限公司', province: '37', enterprise: '13701', abbr: '鲁' },
  intco: { name: '英科医疗科技股份有限公司', province: '37', enterprise: '13715', abbr: '鲁' },
  hongda: { name: '江西洪达医疗器械集团有限公司', province: '36', enterprise: '13602', abbr: '赣' },
  kdl: { name: '上海康德莱企业发展集团股份有限公司', province: '31', enterprise: '13103', abbr: '沪' },
  winner: { name: '稳健医疗用品股份有限公司', province: '42', enterprise: '14204', abbr: '鄂' },
  zhende: { name: '振德医疗用品股份有限公司', province: '33', enterprise: '13305', abbr: '浙' },
  tuoren: { name: '河南驼人医疗器械集团有限公司', province: '41', enterprise: '14106', abbr: '豫' },
  linhua: { name: '苏州林华医疗器械股份有限公司', province: '32', enterprise: '13207', abbr: '苏' },
} as const satisfies Record<string, Maker>;

type MakerKey = keyof typeof MAKERS;
/** A manufacturer, optionally with the product's 商品名: 'pfizer:立普妥'. */
type MakerRef = MakerKey | `${MakerKey}:${string}`;

/** 剂型 with an illustrative 4-character segment (the 中成药 code uses its first letter). */
const FORMS = {
  片剂: 'A001',
  分散片: 'A003',
  肠溶片: 'A004',
  缓释片: 'A005',
  控释片: 'A006',
  咀嚼片: 'A007',
  胶囊剂: 'B001',
  肠溶胶囊: 'B002',
  缓释胶囊: 'B003',
  软胶囊: 'B004',
  颗粒剂: 'C001',
  散剂: 'C002',
  丸剂: 'D001',
  滴丸剂: 'D002',
  口服溶液剂: 'E001',
  合剂: 'E002',
  糖浆剂: 'E003',
  酊剂: 'E004',
  注射剂: 'F001',
  注射用无菌粉末: 'F002',
  吸入制剂: 'G001',
  气雾剂: 'G002',
  软膏剂: 'H001',
} as const;
type Form = keyof typeof FORMS;

interface Presentation {
  spec: string;
  baseUnit: string;
  packUnit: string;
  material: string;
  /** Base units per pack; each factor is its own presentation and code. */
  factors: readonly number[];
}

/** One spec in one packaging; most oral solids come in 铝塑 boxes. */
const p = (spec: string, baseUnit: string, factors: readonly number[], material = '铝塑', packUnit = '盒'): Presentation => ({
  spec,
  baseUnit,
  packUnit,
  material,
  factors,
});
/** Bottled tablets (100 片/瓶 and the like). */
const bottle = (spec: string, factors: readonly number[], baseUnit = '片'): Presentation =>
  p(spec, baseUnit, factors, '高密度聚乙烯瓶', '瓶');
/** Ampoules, ten to a box unless told. */
const amp = (spec: string, factors: readonly number[] = [10]): Presentation => p(spec, '支', factors, '玻璃安瓿');
/** Large-volume infusions, each bag or bottle its own pack. */
const bag = (spec: string): Presentation => p(spec, '袋', [1], '非PVC多层共挤膜', '袋');
const infusionBottle = (spec: string): Presentation => p(spec, '瓶', [1], '聚丙烯输液瓶', '瓶');
const vial = (spec: string, factors: readonly number[] = [1, 10]): Presentation => p(spec, '瓶', factors, '西林瓶');

interface Drug {
  category: 'western' | 'chinese_patent';
  /** ATC level 4 for 西药 (J01CA), the 医保目录 group for 中成药 (A12AA = 内科·祛瘀剂). */
  classCode: string;
  /** Initial letter of the generic name (English for 西药, pinyin for 中成药). */
  initial: string;
  name: string;
  form: Form;
  insuranceClass: InsuranceClass;
  approvalKind: 'H' | 'S' | 'Z';
  presentations: readonly Presentation[];
  makers: readonly MakerRef[];
}

function x(
  classCode: string,
  initial: string,
  name: string,
  form: Form,
  insuranceClass: InsuranceClass,
  presentations: readonly Presentation[],
  makers: readonly MakerRef[],
  approvalKind: 'H' | 'S' = 'H',
): Drug {
  return { category: 'western', classCode, initial, name, form, insuranceClass, approvalKind, presentations, makers };
}

function z(
  classCode: string,
  initial: string,
  name: string,
  form: Form,
  insuranceClass: InsuranceClass,
  presentations: readonly Presentation[],
  makers: readonly MakerRef[],
): Drug {
  return { category: 'chinese_patent', classCode, initial, name, form, insuranceClass, approvalKind: 'Z', presentations, makers };
}

// Kept as written: one product per line reads as a table.
// prettier-ignore
const WESTERN: readonly Drug[] = [
  // 抗感染
  x('J01CA', 'A', '阿莫西林胶囊', '胶囊剂', '甲', [p('0.25g', '粒', [24, 36])], ['huabei', 'lianbang']),
  x('J01CR', 'A', '阿莫西林克拉维酸钾片', '片剂', '乙', [p('0.375g(2:1)', '片', [6, 12]), p('0.625g(4:1)', '片', [6])], ['lianbang']),
  x('J01DC', 'C', '头孢呋辛酯片', '片剂', '甲', [p('0.25g', '片', [6, 12])], ['zhijun', 'baiyunshan']),
  x('J01DC', 'C', '头孢克洛胶囊', '胶囊剂', '乙', [p('0.25g', '粒', [6, 12])], ['qilu']),
  x('J01DD', 'C', '头孢克肟分散片', '分散片', '乙', [p('0.1g', '片', [6, 10])], ['baiyunshan']),
  x('J01DB', 'C', '头孢拉定胶囊', '胶囊剂', '甲', [p('0.25g', '粒', [24])], ['huabei', 'ouyi']),
  x('J01DD', 'C', '注射用头孢曲松钠', '注射用无菌粉末', '甲', [vial('1.0g')], ['qilu', 'luoxin']),
  x('J01DB', 'C', '注射用头孢唑林钠', '注射用无菌粉末', '甲', [vial('0.5g', [10])], ['huabei']),
  x('J01CE', 'B', '注射用青霉素钠', '注射用无菌粉末', '甲', [vial('0.48g(80万单位)', [10]), vial('0.96g(160万单位)', [10])], ['huabei', 'lukang']),
  x('J01FA', 'A', '阿奇霉素片', '片剂', '甲', [p('0.25g', '片', [6])], ['pfizer:希舒美', 'zhijun']),
  x('J01FA', 'A', '注射用阿奇霉素', '注射用无菌粉末', '乙', [vial('0.5g')], ['luoxin']),
  x('J01MA', 'L', '左氧氟沙星片', '片剂', '乙', [p('0.5g', '片', [4, 6])], ['yangzijiang']),
  x('J01MA', 'L', '左氧氟沙星氯化钠注射液', '注射剂', '乙', [p('100ml:0.5g', '瓶', [1], '玻璃输液瓶', '瓶')], ['kelun', 'yangzijiang']),
  x('P01AB', 'M', '甲硝唑片', '片剂', '甲', [bottle('0.2g', [100]), p('0.2g', '片', [21])], ['xinhua']),
  x('J01XD', 'M', '甲硝唑氯化钠注射液', '注射剂', '甲', [p('100ml:0.5g', '瓶', [1], '玻璃输液瓶', '瓶')], ['kelun', 'shuanghe']),
  x('J01FF', 'C', '克林霉素磷酸酯注射液', '注射剂', '乙', [amp('2ml:0.3g')], ['luoxin']),
  x('J05AH', 'O', '磷酸奥司他韦胶囊', '胶囊剂', '乙', [p('75mg', '粒', [10])], ['dongyangguang:可威']),
  x('J05AB', 'A', '阿昔洛韦片', '片剂', '甲', [p('0.1g', '片', [24])], ['huabei']),
  x('J02AC', 'F', '氟康唑胶囊', '胶囊剂', '甲', [p('50mg', '粒', [12]), p('0.15g', '粒', [1])], ['yangzijiang']),
  // 心血管
  x('C08CA', 'N', '硝苯地平缓释片(Ⅱ)', '缓释片', '甲', [p('20mg', '片', [30])], ['yangzijiang', 'xinyi']),
  x('C08CA', 'N', '硝苯地平控释片', '控释片', '乙', [p('30mg', '片', [7, 14])], ['bayer:拜新同']),
  x('C08CA', 'A', '苯磺酸氨氯地平片', '片剂', '甲', [p('5mg', '片', [7, 28])], ['pfizer:络活喜', 'yangzijiang', 'huahai']),
  x('C08CA', 'F', '非洛地平缓释片', '缓释片', '乙', [p('5mg', '片', [10, 20])], ['astrazeneca:波依定']),
  x('C09AA', 'C', '卡托普利片', '片剂', '甲', [bottle('25mg', [100])], ['shuanghe']),
  x('C09AA', 'E', '马来酸依那普利片', '片剂', '甲', [p('10mg', '片', [16, 32])], ['yangzijiang']),
  x('C09CA', 'V', '缬沙坦胶囊', '胶囊剂', '乙', [p('80mg', '粒', [7, 28])], ['novartis:代文', 'huahai']),
  x('C09CA', 'I', '厄贝沙坦片', '片剂', '乙', [p('0.15g', '片', [7, 14])], ['sanofi:安博维', 'huahai']),
  x('C09CA', 'L', '氯沙坦钾片', '片剂', '乙', [p('50mg', '片', [7])], ['msd:科素亚', 'huahai']),
  x('C07AB', 'M', '酒石酸美托洛尔片', '片剂', '甲', [p('25mg', '片', [20])], ['astrazeneca:倍他乐克', 'shuanghe']),
  x('C07AB', 'M', '琥珀酸美托洛尔缓释片', '缓释片', '乙', [p('47.5mg', '片', [7])], ['astrazeneca:倍他乐克']),
  x('C07AB', 'B', '富马酸比索洛尔片', '片剂', '乙', [p('5mg', '片', [10])], ['merck:康忻']),
  x('C03AA', 'H', '氢氯噻嗪片', '片剂', '甲', [bottle('25mg', [100])], ['xinyi']),
  x('C03CA', 'F', '呋塞米片', '片剂', '甲', [bottle('20mg', [100])], ['xinyi']),
  x('C03CA', 'F', '呋塞米注射液', '注射剂', '甲', [amp('2ml:20mg')], ['jinyao']),
  x('C03DA', 'S', '螺内酯片', '片剂', '甲', [bottle('20mg', [100])], ['xinyi']),
  x('C10AA', 'A', '阿托伐他汀钙片', '片剂', '乙', [p('10mg', '片', [7, 14]), p('20mg', '片', [7])], ['pfizer:立普妥', 'jialin:阿乐']),
  x('C10AA', 'R', '瑞舒伐他汀钙片', '片剂', '乙', [p('10mg', '片', [7, 28])], ['astrazeneca:可定', 'jingxin']),
  x('C10AA', 'S', '辛伐他汀片', '片剂', '甲', [p('20mg', '片', [14])], ['msd:舒降之', 'huahai']),
  x('B01AC', 'A', '阿司匹林肠溶片', '肠溶片', '甲', [p('100mg', '片', [30]), bottle('25mg', [100])], ['bayer:拜阿司匹灵', 'aojina']),
  x('B01AC', 'C', '硫酸氢氯吡格雷片', '片剂', '乙', [p('75mg', '片', [7, 28])], ['sanofi:波立维', 'salubris:泰嘉']),
  x('C01DA', 'I', '单硝酸异山梨酯缓释片', '缓释片', '乙', [p('40mg', '片', [7, 14])], ['qilu']),
  x('C01DA', 'N', '硝酸甘油片', '片剂', '甲', [p('0.5mg', '片', [100], '棕色玻璃瓶', '瓶')], ['xinyi']),
  x('C01AA', 'D', '地高辛片', '片剂', '甲', [bottle('0.25mg', [100])], ['xinyi']),
  x('B01AA', 'W', '华法林钠片', '片剂', '甲', [bottle('2.5mg', [60])], ['xinyi', 'qilu']),
  // 内分泌
  x('A10BA', 'M', '盐酸二甲双胍片', '片剂', '甲', [p('0.5g', '片', [20, 60])], ['squibb:格华止', 'shuanghe']),
  x('A10BA', 'M', '盐酸二甲双胍缓释片', '缓释片', '甲', [p('0.5g', '片', [30])], ['squibb:格华止', 'yangzijiang']),
  x('A10BB', 'G', '格列美脲片', '片剂', '乙', [p('2mg', '片', [30])], ['sanofi:亚莫利', 'yangzijiang']),
  x('A10BB', 'G', '格列齐德缓释片', '缓释片', '乙', [p('30mg', '片', [30])], ['servier:达美康']),
  x('A10BF', 'A', '阿卡波糖片', '片剂', '甲', [p('50mg', '片', [30])], ['bayer:拜唐苹', 'huadong:卡博平']),
  x('A10AB', 'I', '重组人胰岛素注射液', '注射剂', '甲', [p('3ml:300单位(笔芯)', '支', [1], '玻璃笔芯')], ['dongbao:甘舒霖R', 'novo:诺和灵R'], 'S'),
  x('A10AD', 'I', '精蛋白人胰岛素混合注射液(30R)', '注射剂', '甲', [p('3ml:300单位(笔芯)', '支', [1], '玻璃笔芯')], ['dongbao:甘舒霖30R', 'novo:诺和灵30R'], 'S'),
  x('A10AE', 'I', '甘精胰岛素注射液', '注射剂', '乙', [p('3ml:300单位(预填充)', '支', [1], '预填充注射笔')], ['ganli:长秀霖', 'dongbao'], 'S'),
  x('H03AA', 'L', '左甲状腺素钠片', '片剂', '甲', [p('50μg', '片', [100])], ['merck:优甲乐']),
  x('H02AB', 'M', '甲泼尼龙片', '片剂', '甲', [p('4mg', '片', [24])], ['pfizer:美卓乐']),
  x('H02AB', 'P', '醋酸泼尼松片', '片剂', '甲', [bottle('5mg', [100])], ['xinyi', 'jinyao']),
  x('H02AB', 'D', '地塞米松磷酸钠注射液', '注射剂', '甲', [amp('1ml:5mg')], ['jinyao', 'xinhua']),
  // 消化
  x('A02BC', 'O', '奥美拉唑肠溶胶囊', '肠溶胶囊', '甲', [p('20mg', '粒', [14])], ['luoxin', 'changzhou4']),
  x('A02BC', 'O', '注射用奥美拉唑钠', '注射用无菌粉末', '乙', [vial('40mg')], ['luoxin', 'astrazeneca:洛赛克']),
  x('A02BC', 'R', '雷贝拉唑钠肠溶片', '肠溶片', '乙', [p('10mg', '片', [7, 14])], ['eisai:波利特']),
  x('A02BC', 'P', '泮托拉唑钠肠溶片', '肠溶片', '乙', [p('40mg', '片', [7])], ['yangzijiang', 'qilu']),
  x('A02AD', 'H', '铝碳酸镁咀嚼片', '咀嚼片', '乙', [p('0.5g', '片', [20])], ['bayer:达喜']),
  x('A07BC', 'M', '蒙脱石散', '散剂', '甲', [p('3g', '袋', [10], '复合膜袋')], ['ipsen:思密达']),
  x('A03FA', 'D', '多潘立酮片', '片剂', '甲', [p('10mg', '片', [30, 42])], ['janssen:吗丁啉']),
  x('A03FA', 'M', '枸橼酸莫沙必利片', '片剂', '乙', [p('5mg', '片', [24])], ['luoxin']),
  x('A07FA', 'B', '双歧杆菌三联活菌胶囊', '胶囊剂', '乙', [p('210mg', '粒', [24, 36])], ['xinyi:培菲康'], 'S'),
  // 呼吸与抗过敏
  x('R05CB', 'A', '盐酸氨溴索片', '片剂', '甲', [p('30mg', '片', [20, 40])], ['boehringer:沐舒坦']),
  x('R05CB', 'A', '盐酸氨溴索口服溶液', '口服溶液剂', '乙', [p('100ml:0.6g', '瓶', [1], '棕色玻璃瓶', '瓶')], ['boehringer:沐舒坦']),
  x('R05CB', 'A', '盐酸氨溴索注射液', '注射剂', '乙', [amp('2ml:15mg')], ['boehringer:沐舒坦', 'jinyao']),
  x('R03DC', 'M', '孟鲁司特钠片', '片剂', '乙', [p('10mg', '片', [5])], ['msd:顺尔宁', 'qilu']),
  x('R03DC', 'M', '孟鲁司特钠咀嚼片', '咀嚼片', '乙', [p('5mg', '片', [5])], ['msd:顺尔宁']),
  x('R03AC', 'S', '硫酸沙丁胺醇吸入气雾剂', '气雾剂', '甲', [p('100μg×200揿', '支', [1], '铝制耐压容器')], ['jingwei']),
  x('R03BA', 'B', '吸入用布地奈德混悬液', '吸入制剂', '乙', [p('2ml:1mg', '支', [5, 30], '低密度聚乙烯安瓿')], ['zhengdatianqing']),
  x('R06AX', 'L', '氯雷他定片', '片剂', '乙', [p('10mg', '片', [6])], ['bayer:开瑞坦', 'yangzijiang']),
  x('R06AE', 'C', '盐酸西替利嗪片', '片剂', '乙', [p('10mg', '片', [12])], ['yangzijiang']),
  // 解热镇痛
  x('M01AE', 'I', '布洛芬缓释胶囊', '缓释胶囊', '乙', [p('0.3g', '粒', [20])], ['tianjinsk:芬必得', 'xinhua']),
  x('M01AE', 'I', '布洛芬片', '片剂', '甲', [bottle('0.2g', [100]), p('0.1g', '片', [24])], ['xinhua']),
  x('N02BE', 'P', '对乙酰氨基酚片', '片剂', '甲', [p('0.5g', '片', [12])], ['xinhua', 'squibb:百服宁']),
  x('M01AB', 'D', '双氯芬酸钠缓释片', '缓释片', '乙', [p('75mg', '片', [10])], ['novartis:扶他林', 'qilu']),
  x('M01AH', 'C', '塞来昔布胶囊', '胶囊剂', '乙', [p('0.2g', '粒', [6, 10])], ['pfizer:西乐葆']),
  // 维生素、矿物质、神经
  x('B03BA', 'M', '甲钴胺片', '片剂', '乙', [p('0.5mg', '片', [20])], ['eisai:弥可保']),
  x('A11DA', 'V', '维生素B1片', '片剂', '甲', [bottle('10mg', [100])], ['xinyi', 'huabei']),
  x('A11GA', 'V', '维生素C片', '片剂', '甲', [bottle('0.1g', [100])], ['huabei', 'xinyi']),
  x('B03BB', 'F', '叶酸片', '片剂', '甲', [p('0.4mg', '片', [31, 93])], ['sililan:斯利安']),
  x('B03AA', 'F', '琥珀酸亚铁片', '片剂', '甲', [p('0.1g', '片', [24])], ['jinling:速力菲']),
  x('A12AX', 'C', '碳酸钙D3片', '片剂', '乙', [bottle('600mg(以钙计)/125IU', [60])], ['wyeth:钙尔奇']),
  x('N05CD', 'E', '艾司唑仑片', '片剂', '甲', [p('1mg', '片', [20])], ['changzhou4']),
  x('N07CA', 'F', '盐酸氟桂利嗪胶囊', '胶囊剂', '甲', [p('5mg', '粒', [20])], ['janssen:西比灵']),
  x('A12BA', 'P', '氯化钾缓释片', '缓释片', '甲', [p('0.5g', '片', [24])], ['xinhua']),
  // 输液
  x('B05XA', 'S', '氯化钠注射液', '注射剂', '甲', [bag('100ml:0.9g'), bag('250ml:2.25g'), infusionBottle('500ml:4.5g')], ['kelun', 'sisi', 'shuanghe']),
  x('B05BA', 'G', '葡萄糖注射液', '注射剂', '甲', [bag('250ml:12.5g'), infusionBottle('500ml:25g'), amp('20ml:10g', [5])], ['kelun', 'sisi']),
  x('B05BB', 'G', '葡萄糖氯化钠注射液', '注射剂', '甲', [infusionBottle('500ml:葡萄糖25g与氯化钠4.5g')], ['kelun', 'qidu']),
  x('B05BB', 'R', '复方氯化钠注射液', '注射剂', '甲', [infusionBottle('500ml')], ['kelun', 'shuanghe']),
  x('B05BB', 'S', '乳酸钠林格注射液', '注射剂', '甲', [infusionBottle('500ml')], ['kelun']),
  x('B05XA', 'P', '氯化钾注射液', '注射剂', '甲', [amp('10ml:1.5g')], ['jinyao', 'shuanghe']),
  x('B05XA', 'S', '碳酸氢钠注射液', '注射剂', '甲', [amp('10ml:0.5g', [5]), infusionBottle('250ml:12.5g')], ['sisi', 'kelun']),
  x('V07AB', 'W', '灭菌注射用水', '注射剂', '甲', [p('5ml', '支', [50], '塑料安瓿')], ['kelun']),
  // 急救与其他注射剂
  x('N01BB', 'L', '盐酸利多卡因注射液', '注射剂', '甲', [amp('5ml:0.1g', [5])], ['shuanghe', 'jinyao']),
  x('B01AB', 'H', '肝素钠注射液', '注射剂', '甲', [amp('2ml:12500单位')], ['qianhong']),
  x('A03BA', 'A', '硫酸阿托品注射液', '注射剂', '甲', [amp('1ml:0.5mg')], ['jinyao']),
  x('C01CA', 'E', '盐酸肾上腺素注射液', '注射剂', '甲', [amp('1ml:1mg')], ['yuanda']),
  x('A03FA', 'M', '盐酸甲氧氯普胺注射液', '注射剂', '甲', [amp('1ml:10mg')], ['jinyao']),
  x('H01BB', 'O', '缩宫素注射液', '注射剂', '甲', [amp('1ml:10单位')], ['shuanghe']),
  x('A03BA', 'A', '盐酸消旋山莨菪碱注射液', '注射剂', '甲', [amp('1ml:10mg')], ['jinyao']),
  x('B02BA', 'V', '维生素K1注射液', '注射剂', '甲', [amp('1ml:10mg')], ['jinyao']),
  x('J06AA', 'T', '破伤风抗毒素', '注射剂', '甲', [amp('1500国际单位', [1])], ['wuhanbio'], 'S'),
];

/** 中成药 groups follow the 医保目录 order: ZA 内科 (A01 解表 … A12 祛瘀), ZB 外科, ZD 妇科, ZF 耳鼻喉, ZG 骨伤. */
// Kept as written: one product per line reads as a table.
// prettier-ignore
const CHINESE_PATENT: readonly Drug[] = [
  z('A01AA', 'G', '感冒清热颗粒', '颗粒剂', '甲', [p('每袋装12g', '袋', [10], '复合膜袋'), p('每袋装6g(无蔗糖)', '袋', [10], '复合膜袋')], ['tongrentang']),
  z('A01BA', 'L', '连花清瘟胶囊', '胶囊剂', '甲', [p('每粒装0.35g', '粒', [24, 36, 48])], ['yiling']),
  z('A01BA', 'L', '连花清瘟颗粒', '颗粒剂', '甲', [p('每袋装6g', '袋', [10], '复合膜袋')], ['yiling']),
  z('A01BA', 'G', '感冒灵颗粒', '颗粒剂', '', [p('每袋装10g', '袋', [9], '复合膜袋')], ['huarun999:999']),
  z('A01BA', 'X', '小儿豉翘清热颗粒', '颗粒剂', '乙', [p('每袋装2g', '袋', [6], '复合膜袋')], ['jichuan']),
  z('A01CA', 'X', '小柴胡颗粒', '颗粒剂', '甲', [p('每袋装10g', '袋', [10], '复合膜袋'), p('每袋装4g(无蔗糖)', '袋', [9], '复合膜袋')], ['guanghua']),
  z('A01BA', 'Y', '银翘解毒片', '片剂', '甲', [p('每片重0.52g', '片', [36])], ['tongrentang']),
  z('A02AA', 'H', '藿香正气水', '酊剂', '甲', [p('每支装10ml', '支', [10], '玻璃管')], ['taiji']),
  z('A02AA', 'H', '藿香正气口服液', '合剂', '甲', [p('每支装10ml', '支', [5, 10], '玻璃管')], ['taiji']),
  z('A02AA', 'H', '藿香正气软胶囊', '软胶囊', '甲', [p('每粒装0.45g', '粒', [24])], ['shenwei']),
  z('A04AA', 'B', '板蓝根颗粒', '颗粒剂', '甲', [p('每袋装10g', '袋', [20], '复合膜袋'), p('每袋装5g(相当于饮片7g)', '袋', [20], '复合膜袋')], ['baiyunshanhh', 'xiuzheng']),
  z('A04AA', 'S', '双黄连口服液', '合剂', '甲', [p('每支装10ml', '支', [6, 10], '玻璃管')], ['sanjing']),
  z('A04AA', 'P', '蒲地蓝消炎口服液', '合剂', '乙', [p('每支装10ml', '支', [10], '玻璃管')], ['jichuan']),
  z('A04AA', 'N', '牛黄解毒片', '片剂', '甲', [p('每片重0.27g', '片', [24])], ['tongrentang']),
  z('A04AA', 'Q', '清开灵软胶囊', '软胶囊', '乙', [p('每粒装0.4g', '粒', [24])], ['shenwei']),
  z('A04BA', 'H', '黄连上清片', '片剂', '甲', [p('每片重0.31g', '片', [24])], ['tongrentang']),
  z('A05AA', 'F', '附子理中丸', '丸剂', '甲', [p('每8丸相当于原药材3g', '丸', [200], '塑料瓶', '瓶')], ['tongrentang']),
  z('A06AA', 'J', '急支糖浆', '糖浆剂', '甲', [p('每瓶装100ml', '瓶', [1], '棕色玻璃瓶', '瓶'), p('每瓶装200ml', '瓶', [1], '棕色玻璃瓶', '瓶')], ['taiji']),
  z('A06AA', 'X', '小儿肺热咳喘颗粒', '颗粒剂', '乙', [p('每袋装3g', '袋', [6], '复合膜袋')], ['kuihua']),
  z('A07AA', 'A', '安宫牛黄丸', '丸剂', '甲', [p('每丸重3g', '丸', [1], '蜡壳')], ['tongrentang']),
  z('A09AA', 'B', '补中益气丸', '丸剂', '甲', [p('每8丸相当于原药材3g', '丸', [200], '塑料瓶', '瓶')], ['fuci']),
  z('A09BA', 'L', '六味地黄丸', '丸剂', '甲', [p('每8丸重1.44g', '丸', [200], '塑料瓶', '瓶')], ['wanxi:仲景', 'tongrentang', 'jiuzhitang']),
  z('A09BA', 'Q', '杞菊地黄丸', '丸剂', '甲', [p('每8丸相当于原药材3g', '丸', [200], '塑料瓶', '瓶')], ['tongrentang']),
  z('A09CA', 'S', '参松养心胶囊', '胶囊剂', '乙', [p('每粒装0.4g', '粒', [36, 60])], ['yiling']),
  z('A09CA', 'W', '稳心颗粒', '颗粒剂', '乙', [p('每袋装9g', '袋', [9], '复合膜袋'), p('每袋装5g(无蔗糖)', '袋', [9], '复合膜袋')], ['buchangsd']),
  z('A09DA', 'J', '金水宝胶囊', '胶囊剂', '乙', [p('每粒装0.33g', '粒', [72])], ['jimin']),
  z('A09DA', 'B', '百令胶囊', '胶囊剂', '乙', [p('每粒装0.5g', '粒', [42]), p('每粒装0.2g', '粒', [84])], ['huadong']),
  z('A11AA', 'Y', '云南白药胶囊', '胶囊剂', '甲', [p('每粒装0.25g', '粒', [16, 32])], ['yunnanbaiyao']),
  z('A12AA', 'F', '复方丹参滴丸', '滴丸剂', '甲', [p('每丸重27mg', '丸', [150, 180], '塑料瓶')], ['tasly']),
  z('A12AA', 'S', '速效救心丸', '滴丸剂', '甲', [p('每粒重40mg', '粒', [60], '塑料瓶', '瓶'), p('每粒重40mg', '粒', [180], '塑料瓶')], ['zhongxin6']),
  z('A12AA', 'T', '通心络胶囊', '胶囊剂', '甲', [p('每粒装0.26g', '粒', [30, 40, 84])], ['yiling']),
  z('A12AA', 'N', '脑心通胶囊', '胶囊剂', '乙', [p('每粒装0.4g', '粒', [48, 72])], ['buchangsx:步长']),
  z('A12AA', 'X', '血府逐瘀胶囊', '胶囊剂', '乙', [p('每粒装0.4g', '粒', [24, 48])], ['hongrentang']),
  z('A12AA', 'S', '麝香保心丸', '丸剂', '甲', [p('每丸重22.5mg', '丸', [42], '塑料瓶')], ['hehuang']),
  z('A12AA', 'X', '血塞通软胶囊', '软胶囊', '乙', [p('每粒装0.33g(含三七总皂苷60mg)', '粒', [24])], ['kunyao']),
  z('A13AA', 'X', '逍遥丸', '丸剂', '甲', [p('每8丸相当于原药材3g', '丸', [200], '塑料瓶', '瓶')], ['fuci', 'jiuzhitang']),
  z('A13AA', 'X', '香砂养胃丸', '丸剂', '乙', [p('每8丸相当于原药材3g', '丸', [200], '塑料瓶', '瓶')], ['fuci']),
  z('A14AA', 'B', '保和丸', '丸剂', '甲', [p('每8丸相当于原药材3g', '丸', [200], '塑料瓶', '瓶')], ['tongrentang']),
  z('B01AA', 'M', '马应龙麝香痔疮膏', '软膏剂', '甲', [p('每支装10g', '支', [1], '铝管'), p('每支装20g', '支', [1], '铝管')], ['mayinglong']),
  z('D01AA', 'G', '桂枝茯苓胶囊', '胶囊剂', '甲', [p('每粒装0.31g', '粒', [60])], ['kangyuan']),
  z('D01AA', 'F', '妇科千金片', '片剂', '甲', [p('每片重0.32g', '片', [72])], ['qianjin']),
  z('F01AA', 'B', '鼻炎康片', '片剂', '甲', [p('每片重0.37g(含马来酸氯苯那敏1mg)', '片', [24, 48])], ['dezhong']),
  z('G01AA', 'X', '仙灵骨葆胶囊', '胶囊剂', '乙', [p('每粒装0.5g', '粒', [40])], ['tongjitang']),
];

interface DeviceVariant {
  spec: string;
  baseUnit: string;
  packUnit: string;
  factor: number;
}

interface Device {
  /** 医保耗材分类 segment (一级/二级/三级), illustrative. */
  classCode: string;
  name: string;
  materialCode: string;
  packMaterial: string;
  /** 管理类别: II 类 registered by the province (鲁械注准), III 类 by NMPA (国械注准). */
  riskClass: 2 | 3;
  /** 《医疗器械分类目录》 subject code: 14 注输护理防护, 08 呼吸麻醉, 22 临床检验. */
  catalog: string;
  variants: readonly DeviceVariant[];
  makers: readonly MakerKey[];
}

const v = (spec: string, baseUnit: string, factor: number, packUnit = '盒'): DeviceVariant => ({ spec, baseUnit, packUnit, factor });

// Kept as written: one product per line reads as a table.
// prettier-ignore
const CONSUMABLES: readonly Device[] = [
  {
    classCode: '130101', name: '一次性使用无菌注射器', materialCode: '01', packMaterial: '纸塑包装', riskClass: 3, catalog: '14',
    variants: [v('1ml 带针 0.45×16 RW LB', '支', 100), v('5ml 带针 0.7×32 TW LB', '支', 100), v('10ml 带针 0.8×38 TW LB', '支', 100)],
    makers: ['weigao', 'kdl'],
  },
  {
    classCode: '130102', name: '一次性使用无菌注射针', materialCode: '01', packMaterial: '纸塑包装', riskClass: 3, catalog: '14',
    variants: [v('0.45×16 RW LB', '支', 100)], makers: ['hongda'],
  },
  {
    classCode: '130201', name: '一次性使用输液器 带针', materialCode: '01', packMaterial: '纸塑包装', riskClass: 3, catalog: '14',
    variants: [v('重力输液式 0.7mm 针', '套', 200, '箱')], makers: ['weigao', 'hongda'],
  },
  {
    classCode: '130202', name: '一次性使用精密过滤输液器 带针', materialCode: '01', packMaterial: '纸塑包装', riskClass: 3, catalog: '14',
    variants: [v('过滤孔径 5μm 0.7mm 针', '套', 200, '箱')], makers: ['weigao'],
  },
  {
    classCode: '130301', name: '一次性使用静脉留置针', materialCode: '01', packMaterial: '吸塑包装', riskClass: 3, catalog: '14',
    variants: [v('22G 密闭式 Y 型', '支', 50), v('24G 密闭式 Y 型', '支', 50)], makers: ['linhua', 'weigao'],
  },
  {
    classCode: '130501', name: '一次性使用静脉血样采集针', materialCode: '01', packMaterial: '纸塑包装', riskClass: 3, catalog: '14',
    variants: [v('0.7×25 TW 软连接', '支', 100)], makers: ['kdl'],
  },
  {
    classCode: '150101', name: '一次性使用真空采血管', materialCode: '01', packMaterial: '托盘', riskClass: 2, catalog: '22',
    variants: [v('5ml 促凝 红帽', '支', 100), v('2ml EDTA-K2 紫帽', '支', 100)], makers: ['kdl'],
  },
  {
    classCode: '140101', name: '医用外科口罩', materialCode: '03', packMaterial: '纸盒', riskClass: 2, catalog: '14',
    variants: [v('17.5cm×9.5cm 平面耳挂式 灭菌', '只', 50)], makers: ['winner', 'zhende'],
  },
  {
    classCode: '140201', name: '一次性使用医用橡胶检查手套', materialCode: '04', packMaterial: '纸盒', riskClass: 2, catalog: '14',
    variants: [v('M 号 无粉 非灭菌', '只', 100)], makers: ['intco'],
  },
  {
    classCode: '140301', name: '医用纱布块', materialCode: '02', packMaterial: '纸塑包装', riskClass: 2, catalog: '14',
    variants: [v('7.5cm×7.5cm-8P 灭菌', '块', 10, '包')], makers: ['zhende', 'winner'],
  },
  {
    classCode: '140501', name: '医用输液贴', materialCode: '03', packMaterial: '纸塑包装', riskClass: 2, catalog: '14',
    variants: [v('6cm×7cm 灭菌', '片', 100)], makers: ['zhende'],
  },
  {
    classCode: '130401', name: '一次性使用导尿管', materialCode: '04', packMaterial: '纸塑包装', riskClass: 2, catalog: '14',
    variants: [v('双腔 Fr16 乳胶涂硅', '根', 10)], makers: ['weigao'],
  },
  {
    classCode: '140401', name: '一次性使用鼻氧管', materialCode: '01', packMaterial: '纸塑包装', riskClass: 2, catalog: '08',
    variants: [v('双鼻塞 2m', '根', 50)], makers: ['tuoren'],
  },
];

/** FNV-1a: a stable hash so generated numbers never change between runs or machines. */
function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function makerOf(ref: MakerRef): { key: MakerKey; maker: Maker; tradeName: string } {
  const [key, tradeName = ''] = ref.split(':') as [MakerKey, string?];
  return { key, maker: MAKERS[key], tradeName };
}

/** 批准文号: about a third new-style (20 + year 02–24 + serial, like H20067255), the rest province-coded. */
function drugApprovalNo(kind: 'H' | 'S' | 'Z', maker: Maker, seed: string): string {
  const h = stableHash(seed);
  if (h % 3 === 0) return `国药准字${kind}20${pad(2 + (h % 23), 2)}${pad((h >>> 8) % 10_000, 4)}`;
  return `国药准字${kind}${maker.province}${pad(h % 1_000_000, 6)}`;
}

/** EAN-style mod-10 check digit (weights 3,1,3… from the right). */
export function standardCodeCheckDigit(first13: string): number {
  let sum = 0;
  for (let i = 0; i < first13.length; i++) {
    const digit = Number(first13[first13.length - 1 - i]);
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

function standardCode(maker: Maker, product: number, packDigit: number): string {
  const first13 = `869${maker.enterprise}${pad(product, 4)}${packDigit}`;
  return first13 + String(standardCodeCheckDigit(first13));
}

function deviceRegistrationNo(device: Device, maker: Maker, seed: string): string {
  const h = stableHash(seed);
  const authority = device.riskClass === 3 ? '国' : maker.abbr;
  if (!authority) throw new Error(`${maker.name} has no province abbreviation for a class II registration`);
  const year = 2016 + (h % 8);
  return `${authority}械注准${year}${device.riskClass}${device.catalog}${pad((h >>> 8) % 10_000, 4)}`;
}

function drugRows(drugs: readonly Drug[], productSerials: Map<MakerKey, number>): RawRow[] {
  const rows: RawRow[] = [];
  drugs.forEach((drug, drugIndex) => {
    const nameCode = `${drug.initial}${pad(drugIndex + 1, 3)}`;
    const formCode = drug.category === 'western' ? FORMS[drug.form] : FORMS[drug.form].charAt(0);
    const prefix = drug.category === 'western' ? 'X' : 'Z';
    drug.presentations.forEach((pres, specIndex) => {
      for (const ref of drug.makers) {
        const { key, maker, tradeName } = makerOf(ref);
        const product = productSerials.get(key) ?? 0;
        productSerials.set(key, product + 1);
        const approvalNo = drugApprovalNo(drug.approvalKind, maker, `${drug.name}|${pres.spec}|${key}`);
        pres.factors.forEach((factor, packIndex) => {
          rows.push({
            insuranceCode: `${prefix}${drug.classCode}${nameCode}${formCode}${pad(specIndex + 1, 2)}${pad(packIndex + 1, 2)}${maker.enterprise}`,
            genericName: drug.name,
            tradeName,
            dosageForm: drug.form,
            spec: pres.spec,
            packMaterial: pres.material,
            baseUnit: pres.baseUnit,
            packUnit: pres.packUnit,
            packFactor: factor,
            manufacturer: maker.name,
            approvalNo,
            standardCode: standardCode(maker, product, packIndex + 1),
            holder: maker.name,
            category: drug.category,
            insuranceClass: drug.insuranceClass,
          });
        });
      }
    });
  });
  return rows;
}

function consumableRows(devices: readonly Device[]): RawRow[] {
  const rows: RawRow[] = [];
  devices.forEach((device, deviceIndex) => {
    device.variants.forEach((variant, variantIndex) => {
      for (const key of device.makers) {
        const maker: Maker = MAKERS[key];
        rows.push({
          insuranceCode: `C${device.classCode}${pad(deviceIndex + 1, 3)}${device.materialCode}${pad(variantIndex + 1, 3)}${maker.enterprise}`,
          genericName: device.name,
          tradeName: '',
          // 医用耗材 have no 剂型; the NHSA consumables table has 规格型号 instead.
          dosageForm: '',
          spec: variant.spec,
          packMaterial: device.packMaterial,
          baseUnit: variant.baseUnit,
          packUnit: variant.packUnit,
          packFactor: variant.factor,
          manufacturer: maker.name,
          approvalNo: deviceRegistrationNo(device, maker, `${device.name}|${key}`),
          standardCode: '',
          holder: maker.name,
          category: 'consumable',
          insuranceClass: '',
        });
      }
    });
  });
  return rows;
}

function buildSample(): FormularySampleRow[] {
  // One 本位码 product serial per manufacturer across both drug tables, so no two products share one.
  const productSerials = new Map<MakerKey, number>();
  return [...drugRows(WESTERN, productSerials), ...drugRows(CHINESE_PATENT, productSerials), ...consumableRows(CONSUMABLES)].map(toItem);
}

const INJECTION_FORMS = new Set(['注射剂', '注射用无菌粉末']);
const ORAL_FORMS = new Set(['片剂', '分散片', '肠溶片', '缓释片', '控释片', '咀嚼片', '胶囊剂', '肠溶胶囊', '缓释胶囊', '软胶囊', '颗粒剂', '散剂', '丸剂', '滴丸剂', '口服溶液剂', '合剂', '糖浆剂']);
/** 抗菌药物分级 (illustrative, as a county list would put it): all others are 非限制使用级. */
const RESTRICTED_ANTIBACTERIALS = new Set(['阿莫西林克拉维酸钾片', '头孢克洛胶囊', '头孢克肟分散片', '注射用头孢曲松钠', '注射用阿奇霉素', '左氧氟沙星片', '左氧氟沙星氯化钠注射液', '克林霉素磷酸酯注射液', '氟康唑胶囊']);
const PSYCHOTROPIC_2 = new Set(['艾司唑仑片']);
/** 国家组织药品集采 中选 products in the sample: generic name and winning manufacturer. */
const VBP: Record<string, { maker: string; batch: string }> = {
  苯磺酸氨氯地平片: { maker: '扬子江药业集团有限公司', batch: '第一批国家组织药品集采' },
  阿托伐他汀钙片: { maker: '北京嘉林药业股份有限公司', batch: '第一批国家组织药品集采' },
  硫酸氢氯吡格雷片: { maker: '深圳信立泰药业股份有限公司', batch: '第一批国家组织药品集采' },
  盐酸二甲双胍片: { maker: '华润双鹤药业股份有限公司', batch: '第二批国家组织药品集采' },
  瑞舒伐他汀钙片: { maker: '浙江京新药业股份有限公司', batch: '第一批国家组织药品集采' },
  厄贝沙坦片: { maker: '浙江华海药业股份有限公司', batch: '第一批国家组织药品集采' },
};
const INSURANCE_CLASS = { 甲: 'A', 乙: 'B', 丙: 'C', '': '' } as const;

/** 挂网价 per purchase unit, rounded to the fen: 1.50–81.49 yuan, stable per code. */
function listedPrice(code: string): number {
  return (150 + (stableHash(code) % 8000)) * 10_000;
}

/** The flags, levels, packs and prices a county formulary would give the 总表 row. */
function toItem(raw: RawRow): FormularySampleRow {
  const { packUnit, packFactor, insuranceClass, ...identity } = raw;
  const atc = raw.category === 'western' ? raw.insuranceCode.slice(1, 6) : '';
  const antibacterial = /^J0[12]|^P01AB/.test(atc);
  const insulin = raw.genericName.includes('胰岛素');
  const injection = INJECTION_FORMS.has(raw.dosageForm);
  const controlled = PSYCHOTROPIC_2.has(raw.genericName);
  const device = raw.category === 'consumable';
  const oral = ORAL_FORMS.has(raw.dosageForm);
  const restricted = RESTRICTED_ANTIBACTERIALS.has(raw.genericName);
  const levels =
    injection || controlled
      ? { county: true, township: false, village: false }
      : device || (oral && insuranceClass === '甲' && !restricted)
        ? { county: true, township: true, village: true }
        : { county: true, township: true, village: false };
  const packs = packUnit === raw.baseUnit ? [] : [{ unit: packUnit, factor: packFactor }, ...(packUnit === '盒' && oral ? [{ unit: '件', factor: 200 }] : [])];
  const listed = listedPrice(raw.insuranceCode);
  const vbpTerms = VBP[raw.genericName]?.maker === raw.manufacturer ? VBP[raw.genericName]! : null;
  const h = stableHash(`${raw.insuranceCode}|price`);
  const vbpPrice = vbpTerms ? Math.max(10_000, Math.floor(listed / 3 / 10_000) * 10_000) : null;
  // Through the contract, so the sample is exactly what the hub would store (full-width brackets folded…).
  const fields = itemFields.parse({
    ...identity,
    insuranceClass: INSURANCE_CLASS[insuranceClass],
    packs,
    purchaseUnit: packUnit,
    issueUnit: device ? raw.baseUnit : packUnit,
    essential: insuranceClass === '甲' && !device,
    highAlert: insulin || raw.genericName === '氯化钾注射液',
    controlledClass: controlled ? 'psychotropic2' : '',
    antibacterialTier: antibacterial ? (restricted ? 'restricted' : 'unrestricted') : '',
    coldChain: insulin || raw.genericName === '双歧杆菌三联活菌胶囊',
    storageTempMin: insulin || raw.genericName === '双歧杆菌三联活菌胶囊' ? 2 : null,
    storageTempMax: insulin || raw.genericName === '双歧杆菌三联活菌胶囊' ? 8 : null,
    highValue: false,
    udiDi: '',
    preparationUnitId: null,
    vbp: vbpTerms && vbpPrice !== null
      ? // The agreed volume a county community buys in a year (40–59 packs); the pre-集采 reference price is the 挂网价 the
        // product had before it was 中选 (about three times the agreed price), for the 结余留用 savings.
        { batch: vbpTerms.batch, agreedPriceMicro: vbpPrice, referencePriceMicro: listed, annualVolume: packFactor * (40 + (h % 20)), unitVolumes: [] }
      : null,
    levels,
  });
  return {
    ...fields,
    listedPriceMicro: vbpPrice ?? listed,
    // About a third negotiated 5 % below the listed price, to the fen.
    negotiatedPriceMicro: !vbpTerms && h % 3 === 0 ? Math.floor((listed * 95) / 100 / 10_000) * 10_000 : null,
    limitPriceMicro: device ? Math.floor((listed * 110) / 100 / 10_000) * 10_000 : null,
  };
}

export const FORMULARY_SAMPLE: readonly FormularySampleRow[] = buildSample();
