/**
 * 医保进销存 3501–3506: the input node and fields of each transaction, as public hospital-side 医保 clients send
 * them (the single-record form `{infno, input: {<node>: {...}}}`; the batch variants 3501A … use arrays of the
 * same fields). Required flags follow the domain brief (§4) for 3503 and the interface tables those clients
 * carry in their comments for the others. `source: 'his'` marks the fields only the HIS knows (patient,
 * prescriber, settlement, prescription): the hub leaves them out and says so in the export note.
 */
export type MedinsReport = '3501' | '3502' | '3503' | '3504' | '3505' | '3506';
export const MEDINS_REPORTS: readonly MedinsReport[] = ['3501', '3502', '3503', '3504', '3505', '3506'];

/** text (字符型, max length) / number (数值型 16,p) / date yyyy-MM-dd / datetime yyyy-MM-dd HH:mm:ss / list (drugtracinfo). */
export type MedinsFieldType = 'text' | 'number' | 'date' | 'datetime' | 'list';

export interface MedinsField {
  name: string;
  label: string;
  type: MedinsFieldType;
  /** Max length of text, or total digits of a number. */
  length?: number;
  /** Decimal places of a number. */
  scale?: number;
  required: boolean;
  /** 'hub': filled from the hub's records; 'his': left out (the HIS knows it). */
  source: 'hub' | 'his';
}

export interface MedinsReportSpec {
  report: MedinsReport;
  title: string;
  /** The node under `input` the record is sent in. */
  node: 'invinfo' | 'purcinfo' | 'selinfo';
  fields: readonly MedinsField[];
}

const t = (name: string, label: string, length: number, required: boolean, source: 'hub' | 'his' = 'hub'): MedinsField => ({ name, label, type: 'text', length, required, source });
const n = (name: string, label: string, scale: 4 | 6, required: boolean): MedinsField => ({ name, label, type: 'number', length: 16, scale, required, source: 'hub' });
const d = (name: string, label: string, required: boolean): MedinsField => ({ name, label, type: 'date', required, source: 'hub' });
const dt = (name: string, label: string, required: boolean): MedinsField => ({ name, label, type: 'datetime', required, source: 'hub' });
const trace: MedinsField = { name: 'drugtracinfo', label: '追溯码信息', type: 'list', required: false, source: 'hub' };

const item = [t('med_list_codg', '医疗目录编码', 50, true), t('fixmedins_hilist_id', '定点医药机构目录编号', 30, true), t('fixmedins_hilist_name', '定点医药机构目录名称', 200, true)];

export const MEDINS_SPECS: Readonly<Record<MedinsReport, MedinsReportSpec>> = {
  '3501': {
    report: '3501',
    title: '商品盘存信息',
    node: 'invinfo',
    fields: [
      ...item,
      t('rx_flag', '处方药标志', 3, true),
      d('invdate', '盘存日期', true),
      n('inv_cnt', '库存数量', 4, true),
      t('manu_lotnum', '生产批号', 30, false),
      t('fixmedins_bchno', '定点医药机构批次流水号', 30, true),
      d('manu_date', '生产日期', true),
      d('expy_end', '有效期止', true),
      t('memo', '备注', 500, false),
      trace,
    ],
  },
  '3502': {
    report: '3502',
    title: '商品库存变更',
    node: 'invinfo',
    fields: [
      item[0]!,
      t('inv_chg_type', '库存变更类型', 6, true),
      item[1]!,
      item[2]!,
      t('fixmedins_bchno', '定点医药机构批次流水号', 30, true),
      n('pric', '单价', 6, true),
      n('cnt', '数量', 4, true),
      t('rx_flag', '处方药标志', 3, true),
      dt('inv_chg_time', '库存变更时间', true),
      t('inv_chg_opter_name', '库存变更经办人姓名', 50, false),
      t('memo', '备注', 500, false),
      t('trdn_flag', '拆零标志', 3, false),
      trace,
    ],
  },
  '3503': {
    report: '3503',
    title: '商品采购',
    node: 'purcinfo',
    fields: [
      ...item,
      t('dynt_no', '随货单号', 50, false),
      t('fixmedins_bchno', '定点医药机构批次流水号', 30, true),
      t('spler_name', '供应商名称', 200, true),
      t('spler_pmtno', '供应商许可证号', 50, false),
      t('manu_lotnum', '生产批号', 30, true),
      t('prodentp_name', '生产厂家名称', 200, true),
      t('aprvno', '批准文号', 100, true),
      d('manu_date', '生产日期', true),
      d('expy_end', '有效期止', true),
      n('finl_trns_pric', '最终成交单价', 6, false),
      n('purc_retn_cnt', '采购/退货数量', 4, true),
      t('purc_invo_codg', '采购发票编码', 50, false),
      t('purc_invo_no', '采购发票号', 50, false),
      t('rx_flag', '处方药标志', 3, true),
      dt('purc_retn_stoin_time', '采购/退货入库时间', true),
      t('purc_retn_opter_name', '采购/退货经办人姓名', 50, true),
      t('prod_geay_flag', '商品赠送标志', 3, false),
      t('memo', '备注', 500, false),
    ],
  },
  '3504': {
    report: '3504',
    title: '商品采购退货',
    node: 'purcinfo',
    fields: [
      ...item,
      t('fixmedins_bchno', '定点医药机构批次流水号', 30, true),
      t('spler_name', '供应商名称', 200, true),
      t('spler_pmtno', '供应商许可证号', 50, false),
      d('manu_date', '生产日期', true),
      d('expy_end', '有效期止', false),
      n('finl_trns_pric', '最终成交单价', 6, false),
      n('purc_retn_cnt', '采购/退货数量', 4, true),
      t('purc_invo_codg', '采购发票编码', 50, false),
      t('purc_invo_no', '采购发票号', 50, false),
      t('rx_flag', '处方药标志', 3, true),
      dt('purc_retn_stoin_time', '采购/退货入库时间', true),
      t('purc_retn_opter_name', '采购/退货经办人姓名', 50, true),
      t('memo', '备注', 500, false),
      t('medins_prod_purc_no', '商品采购流水号', 50, false),
    ],
  },
  '3505': {
    report: '3505',
    title: '商品销售',
    node: 'selinfo',
    fields: [
      ...item,
      t('fixmedins_bchno', '定点医药机构批次流水号', 30, true),
      t('prsc_dr_cert_type', '开方医师证件类型', 6, false, 'his'),
      t('prsc_dr_certno', '开方医师证件号码', 50, false, 'his'),
      t('prsc_dr_name', '开方医师姓名', 50, true, 'his'),
      t('phar_cert_type', '药师证件类型', 6, false, 'his'),
      t('phar_certno', '药师证件号码', 50, false, 'his'),
      t('phar_name', '药师姓名', 50, true, 'his'),
      t('phar_prac_cert_no', '药师执业资格证号', 50, true, 'his'),
      t('hi_feesetl_type', '医保费用结算类型', 6, true, 'his'),
      t('setl_id', '结算ID', 30, false, 'his'),
      t('mdtrt_sn', '就医流水号', 30, true, 'his'),
      t('psn_no', '人员编号', 30, false, 'his'),
      t('psn_cert_type', '人员证件类型', 6, true, 'his'),
      t('certno', '证件号码', 50, false, 'his'),
      t('psn_name', '人员姓名', 50, false, 'his'),
      t('manu_lotnum', '生产批号', 30, true),
      d('manu_date', '生产日期', true),
      d('expy_end', '有效期止', false),
      t('rx_flag', '处方药标志', 3, true),
      t('trdn_flag', '拆零标志', 3, true),
      n('finl_trns_pric', '最终成交单价', 6, false),
      t('rxno', '处方号', 40, false, 'his'),
      t('rx_circ_flag', '外购处方标志', 3, false, 'his'),
      t('rtal_docno', '零售单据号', 40, true),
      t('stoout_no', '销售出库单据号', 40, false),
      t('bchno', '批次号', 30, false),
      t('drug_prod_barc', '药品条形码', 30, false),
      t('shelf_posi', '货架位', 20, false),
      n('sel_retn_cnt', '销售/退货数量', 4, true),
      dt('sel_retn_time', '销售/退货时间', true),
      t('sel_retn_opter_name', '销售/退货经办人姓名', 50, true),
      t('memo', '备注', 500, false),
    ],
  },
  '3506': {
    report: '3506',
    title: '商品销售退货',
    node: 'selinfo',
    fields: [
      ...item,
      t('fixmedins_bchno', '定点医药机构批次流水号', 30, true),
      t('setl_id', '结算ID', 30, false, 'his'),
      t('psn_no', '人员编号', 30, false, 'his'),
      t('psn_cert_type', '人员证件类型', 6, true, 'his'),
      t('certno', '证件号码', 50, false, 'his'),
      t('psn_name', '人员姓名', 50, false, 'his'),
      t('manu_lotnum', '生产批号', 30, true),
      d('manu_date', '生产日期', true),
      d('expy_end', '有效期止', false),
      t('rx_flag', '处方药标志', 3, true),
      t('trdn_flag', '拆零标志', 3, true),
      n('finl_trns_pric', '最终成交单价', 6, false),
      n('sel_retn_cnt', '销售/退货数量', 4, true),
      dt('sel_retn_time', '销售/退货时间', true),
      t('sel_retn_opter_name', '销售/退货经办人姓名', 50, true),
      t('memo', '备注', 500, false),
      t('medins_prod_sel_no', '商品销售流水号', 50, false),
    ],
  },
};

const HUB_FIELDS = new Map<MedinsReport, MedinsField[]>();

/** The fields the hub fills (the HIS's are left out of records, xlsx and checks); computed once per report. */
export function hubFields(report: MedinsReport): MedinsField[] {
  let fields = HUB_FIELDS.get(report);
  if (!fields) HUB_FIELDS.set(report, (fields = MEDINS_SPECS[report].fields.filter((f) => f.source === 'hub')));
  return fields;
}

/** What the export note says about the fields left to the HIS. */
export const HIS_NOTE =
  '3505/3506 为本系统记录的消耗出库（按期间汇总）及其冲销；患者、开方医师、药师、结算、处方等字段（人员编号、就医流水号、结算ID、处方号等）由 HIS 在发药时上报，本导出不含这些字段。';
