import { PLATFORM_EXCHANGES, type PlatformExchange, type PlatformExchangeLayout, type PlatformProfile } from '../api/platform.js';
import { fieldsOf } from './fields.js';

/**
 * The two starting profiles (present until an administrator saves their own):
 * - `national`: the national TPS (国家医保 招采子系统), its field names as column titles, the header on row 1;
 * - `sichuan`: 四川 — Chinese column titles under a title row, its order types (0 普通, 1 补录, 3 临时, 4 备案,
 *   5 带量) and order states (0 已保存待提交 … 8 已收货, 9 已撤单, 10 拒绝收货, 11 已退货). Its states 1–7 are not
 *   published (domain.md §4): an administrator adds them to the map when the platform's file shows them.
 */

const SHEETS: Record<PlatformExchange, string> = {
  catalogue_in: '挂网目录',
  orders_out: '采购订单',
  order_feedback_in: '订单回执',
  shipments_in: '配送明细',
  receipt_confirmations_out: '收货确认',
  returns_out: '退货',
  settlements_in: '结算单',
  settlements_out: '结算对账',
};

function layout(exchange: PlatformExchange, title: (field: string, label: string) => string, headerRow: number): PlatformExchangeLayout {
  return {
    sheetName: SHEETS[exchange],
    headerRow,
    columns: fieldsOf(exchange).map((x) => ({ title: title(x.field, x.label), field: x.field })),
    valueMaps: [],
  };
}

const NATIONAL_TITLES = (field: string) => field;

function nationalProfile(): PlatformProfile {
  const exchanges = Object.fromEntries(PLATFORM_EXCHANGES.map((e) => [e, layout(e, NATIONAL_TITLES, 1)])) as PlatformProfile['exchanges'];
  // The national order file has no order type; its line states are the internal codes 1–5 themselves.
  exchanges.orders_out.columns = exchanges.orders_out.columns.filter((c) => c.field !== 'ordType');
  return {
    name: 'national',
    label: '国家医保招采平台（TPS）',
    account: { medinsCode: '', conerName: '', conerTel: '', invottl: '', addresses: [] },
    exchanges,
  };
}

/** Sichuan's titles where they differ from the catalogue's labels. */
const SICHUAN_TITLES: Record<string, string> = {
  hospListId: '医院目录编号',
  prodCode: '产品编号',
  delventpCode: '配送企业统一社会信用代码',
  hospPurcDetlId: '医院明细编号',
  ordDetlId: '订单明细编号',
  ordCode: '订单编号',
  lineState: '订单状态',
  shpId: '配送明细编号',
  ordType: '订单类型',
};

function sichuanProfile(): PlatformProfile {
  const exchanges = Object.fromEntries(
    PLATFORM_EXCHANGES.map((e) => [e, layout(e, (field, label) => SICHUAN_TITLES[field] ?? label, 2)]),
  ) as PlatformProfile['exchanges'];
  exchanges.orders_out.valueMaps = [
    {
      field: 'ordType',
      entries: [
        { internal: 'normal', file: '0' },
        { internal: 'supplement', file: '1' },
        { internal: 'temporary', file: '3' },
        { internal: 'filing', file: '4' },
        { internal: 'vbp', file: '5' },
      ],
    },
  ];
  exchanges.order_feedback_in.valueMaps = [
    {
      field: 'lineState',
      entries: [
        { internal: 'saved', file: '0' },
        { internal: 'received', file: '8' },
        { internal: '5', file: '9' },
        { internal: 'rejected', file: '10' },
        { internal: 'returned', file: '11' },
      ],
    },
  ];
  return {
    name: 'sichuan',
    label: '四川省药械集中采购平台',
    account: { medinsCode: '', conerName: '', conerTel: '', invottl: '', addresses: [] },
    exchanges,
  };
}

export const BUILTIN_PROFILE_NAMES = ['national', 'sichuan'] as const;

/** Fresh copies every call (callers may edit them). */
export function builtinProfiles(): PlatformProfile[] {
  return [nationalProfile(), sichuanProfile()];
}
