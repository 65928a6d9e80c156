/**
 * 清源县医疗健康集团 — a fictional but believable county medical community for demos and seed-demo:
 * the lead 县人民医院 with its 中心药库 and 门诊药房, the 县中医院, six 乡镇卫生院 and two 村卫生室 under each
 * (乡村一体化), plus one demo user per role. The county, its division code 360799 and every code below are
 * invented; USCCs and organisation codes carry correct check characters so they pass real validation.
 *
 * Parent and unit references are by code: ids only exist once the seed has created the rows, so the
 * `*Input` helpers at the bottom turn a sample entry into exactly what the operation receives.
 */
import type { OpInput, Role, UnitKind } from '../../core/api/index.js';
import { usccCheckChar } from '../../core/api/codes.js';

/** 行政区划代码 of the fictional county (not assigned to any real county). */
const DIVISION = '360799';

const ORG_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 组织机构代码: 8 characters plus a mod-11 check character ('X' for 10). */
function organisationCode(body8: string): string {
  const sum = [...body8].reduce((acc, ch, i) => acc + ORG_ALPHABET.indexOf(ch) * ORG_WEIGHTS[i]!, 0);
  const check = 11 - (sum % 11);
  return body8 + (check === 10 ? 'X' : check === 11 ? '0' : String(check));
}

/**
 * A public institution's USCC: 登记管理部门 1 (机构编制) + 类别 2 (事业单位) + division + organisation code
 * + the GB 32100 check character, computed rather than typed so it cannot be wrong.
 */
function institutionUscc(orgBody8: string): string {
  const first17 = `12${DIVISION}${organisationCode(orgBody8)}`;
  const check = usccCheckChar(first17);
  if (check === null) throw new Error(`bad USCC body ${first17}`);
  return first17 + check;
}

/** 医保定点机构编码: H + division + a 5-digit serial, as provinces issue them. */
const insuranceCode = (serial: number): string => `H${DIVISION}${String(serial).padStart(5, '0')}`;

export interface SampleStore {
  code: string;
  name: string;
  /** The lead hospital's 中心药库, created by setup.initialize rather than store.create. */
  isCentral: boolean;
}

export interface SampleUnit {
  code: string;
  name: string;
  kind: UnitKind;
  /** Code of the township unit a village clinic belongs to; null for everything else. */
  parentCode: string | null;
  uscc: string;
  insuranceCode: string;
  address: string;
  contactName: string;
  contactPhone: string;
  stores: SampleStore[];
}

export interface SampleUser {
  username: string;
  displayName: string;
  role: Role;
  unitCode: string;
}

export interface CommunitySample {
  community: {
    name: string;
    institutionCode: string;
    bankName: string;
    bankAccountName: string;
    bankAccountNo: string;
  };
  /** The general hospital (总医院), created by setup.initialize. */
  leadUnit: SampleUnit;
  /** Member units in creation order: parents always come before their village clinics. */
  members: SampleUnit[];
  /** The first user is the administrator that setup.initialize creates; the rest go through user.create. */
  users: SampleUser[];
}

const memberStore = (unitCode: string): SampleStore[] => [{ code: `${unitCode}-YF`, name: '药房', isCentral: false }];

interface TownshipRow {
  no: string;
  town: string;
  /** 中心卫生院 for the larger towns, 卫生院 otherwise. */
  central: boolean;
  orgBody: string;
  street: string;
  contactName: string;
  phone: string;
  villages: readonly [village: string, orgBody: string, doctor: string, mobile: string][];
}

// Kept as written: one township per entry reads as a table.
// prettier-ignore
const TOWNSHIPS: readonly TownshipRow[] = [
  {
    no: '01', town: '青石镇', central: true, orgBody: '49173025', street: '青石镇新街 18 号', contactName: '王丽华', phone: '0797-6512120',
    villages: [['石门村', '49173113', '刘德明', '13907970131'], ['柳溪村', '49173121', '张桂兰', '13907970152']],
  },
  {
    no: '02', town: '河口镇', central: true, orgBody: '49173033', street: '河口镇滨江路 6 号', contactName: '李志勇', phone: '0797-6522120',
    villages: [['沙洲村', '49173148', '陈水生', '13907970213'], ['渡头村', '49173156', '黄春梅', '13907970236']],
  },
  {
    no: '03', town: '白云乡', central: false, orgBody: '49173041', street: '白云乡政府路 2 号', contactName: '赵文军', phone: '0797-6532120',
    villages: [['云峰村', '49173164', '赵金财', '13907970318'], ['竹坪村', '49173172', '钟秀珍', '13907970345']],
  },
  {
    no: '04', town: '龙潭镇', central: false, orgBody: '49173068', street: '龙潭镇中山街 45 号', contactName: '孙晓燕', phone: '0797-6542120',
    villages: [['龙泉村', '49173199', '孙有福', '13907970427'], ['新塘村', '49173201', '邱小红', '13907970459']],
  },
  {
    no: '05', town: '松岭乡', central: false, orgBody: '49173076', street: '松岭乡松岭街 9 号', contactName: '周建平', phone: '0797-6552120',
    villages: [['松林村', '49173228', '周树林', '13907970532'], ['岭下村', '49173236', '何玉英', '13907970568']],
  },
  {
    no: '06', town: '桃源镇', central: false, orgBody: '49173084', street: '桃源镇桃源大道 101 号', contactName: '吴海涛', phone: '0797-6562120',
    villages: [['桃花村', '49173244', '吴长生', '13907970614'], ['杨梅村', '49173252', '谢冬梅', '13907970673']],
  },
];

function townshipUnits(): SampleUnit[] {
  const units: SampleUnit[] = [];
  TOWNSHIPS.forEach((t, ti) => {
    const code = `QY-WS${t.no}`;
    units.push({
      code,
      name: `清源县${t.town}${t.central ? '中心卫生院' : '卫生院'}`,
      kind: 'township_hospital',
      parentCode: null,
      uscc: institutionUscc(t.orgBody),
      insuranceCode: insuranceCode(11 + ti),
      address: `清源县${t.street}`,
      contactName: t.contactName,
      contactPhone: t.phone,
      stores: memberStore(code),
    });
    t.villages.forEach(([village, orgBody, doctor, mobile], vi) => {
      const clinicCode = `QY-CS${t.no}${String(vi + 1).padStart(2, '0')}`;
      units.push({
        code: clinicCode,
        name: `清源县${t.town}${village}卫生室`,
        kind: 'village_clinic',
        parentCode: code,
        uscc: institutionUscc(orgBody),
        insuranceCode: insuranceCode(101 + ti * 10 + vi),
        address: `清源县${t.town}${village}村委会旁`,
        contactName: doctor,
        contactPhone: mobile,
        stores: memberStore(clinicCode),
      });
    });
  });
  return units;
}

export const COMMUNITY_SAMPLE: CommunitySample = {
  community: {
    name: '清源县医疗健康集团',
    institutionCode: insuranceCode(1),
    bankName: '中国农业银行清源县支行',
    bankAccountName: '清源县人民医院',
    bankAccountNo: '1438010104001887526',
  },
  leadUnit: {
    code: 'QY-XRMYY',
    name: '清源县人民医院',
    kind: 'county_hospital',
    parentCode: null,
    uscc: institutionUscc('49172996'),
    insuranceCode: insuranceCode(1),
    address: '清源县城关镇人民路 88 号',
    contactName: '林秀英',
    contactPhone: '0797-6321120',
    stores: [
      { code: 'QY-XRMYY-YK', name: '中心药库', isCentral: true },
      { code: 'QY-XRMYY-MZ', name: '门诊药房', isCentral: false },
    ],
  },
  members: [
    {
      code: 'QY-ZYY',
      name: '清源县中医院',
      kind: 'county_hospital',
      parentCode: null,
      uscc: institutionUscc('49173009'),
      insuranceCode: insuranceCode(2),
      address: '清源县城关镇杏林路 36 号',
      contactName: '郭明远',
      contactPhone: '0797-6335120',
      stores: memberStore('QY-ZYY'),
    },
    ...townshipUnits(),
  ],
  users: [
    { username: 'admin', displayName: '周志强', role: 'admin', unitCode: 'QY-XRMYY' },
    { username: 'caigou', displayName: '林秀英', role: 'pharmacy_officer', unitCode: 'QY-XRMYY' },
    { username: 'kuguan', displayName: '陈国平', role: 'storekeeper', unitCode: 'QY-XRMYY' },
    { username: 'caiwu', displayName: '刘芳', role: 'finance', unitCode: 'QY-XRMYY' },
    // The second finance user: payment batches and excepted invoice lines need an approver who did not prepare them.
    { username: 'caiwu.shenhe', displayName: '张敏', role: 'finance', unitCode: 'QY-XRMYY' },
    { username: 'yaoshi.qingshi', displayName: '王丽华', role: 'member_pharmacist', unitCode: 'QY-WS01' },
    // 石门村卫生室's village doctor, whose requisitions 青石镇中心卫生院 reviews (乡村一体化).
    { username: 'yaoshi.shimen', displayName: '刘德明', role: 'member_pharmacist', unitCode: 'QY-CS0101' },
    { username: 'shenji', displayName: '黄文斌', role: 'auditor', unitCode: 'QY-XRMYY' },
  ],
};

/** Every unit, lead first, in an order where a parent precedes its children. */
export function allSampleUnits(sample: CommunitySample = COMMUNITY_SAMPLE): SampleUnit[] {
  return [sample.leadUnit, ...sample.members];
}

/**
 * The setup wizard's input. The password is the caller's: the sample never ships one (no default
 * passwords, even in a demo); so is the hub's one-time setup code. setup.initialize takes no 医保编码, so
 * follow it with unit.update.
 */
export function setupInitializeInput(
  adminPassword: string,
  setupCode: string,
  sample: CommunitySample = COMMUNITY_SAMPLE,
): OpInput<'setup.initialize'> {
  const lead = sample.leadUnit;
  const central = lead.stores.find((s) => s.isCentral);
  const admin = sample.users.find((u) => u.role === 'admin');
  if (!central || !admin) throw new Error('the sample needs a central store and an administrator');
  return {
    setupCode,
    community: sample.community,
    leadUnit: {
      code: lead.code,
      name: lead.name,
      uscc: lead.uscc,
      address: lead.address,
      contactName: lead.contactName,
      contactPhone: lead.contactPhone,
    },
    centralStore: { code: central.code, name: central.name },
    admin: { username: admin.username, displayName: admin.displayName, password: adminPassword },
  };
}

/** unit.create / unit.update fields for a sample unit, once its parent's id is known. */
export function unitFieldsInput(unit: SampleUnit, parentId: number | null): OpInput<'unit.create'> {
  return {
    code: unit.code,
    name: unit.name,
    kind: unit.kind,
    parentId,
    uscc: unit.uscc,
    insuranceCode: unit.insuranceCode,
    address: unit.address,
    contactName: unit.contactName,
    contactPhone: unit.contactPhone,
  };
}

export function storeCreateInput(store: SampleStore, unitId: number): OpInput<'store.create'> {
  return { unitId, code: store.code, name: store.name };
}

export function userCreateInput(user: SampleUser, unitId: number): OpInput<'user.create'> {
  return { username: user.username, displayName: user.displayName, role: user.role, unitId };
}
