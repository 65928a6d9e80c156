/** 指标口径: how each figure of the monthly report is computed, shown on the report and its workbook's last sheet. */
export const DEFINITIONS: { figure: string; label: string; text: string }[] = [
  { figure: 'inflow', label: '进货金额', text: '本月进入本单位库房的商品采购入库（108）；成员单位另计总医院调拨入库（101）。按批次购进价（零差率）逐笔计算到分，冲销自动抵减。' },
  { figure: 'formulary', label: '目录内采购占比', text: '进货金额中，在用且属于本单位层级子目录（县/乡/村）的品种所占比例。' },
  { figure: 'vbp', label: '集采完成率', text: '中选产品在协议年度内的已采购量 ÷ 约定采购量（按中选产品汇总）；与协议年度已过时间比较，落后超过预警幅度的产品计为落后。' },
  { figure: 'essential', label: '基本药物占比', text: '本月进货中基本药物的品种数占比（品种 = 目录品规，净进货不为零）与金额占比。' },
  { figure: 'platform', label: '网上采购率', text: '进货金额中，批次首次入库所依据的采购订单为平台采购（非线下、非应急、非无单入库、非其他入库）的比例。' },
  { figure: 'payments', label: '回款天数与逾期', text: '本月付款（银行付款与医保基金直接结算）自验收至付款的平均天数（按金额加权），集采产品单列；月末未付应付款中已过付款期限的金额与笔数，及中小企业逾期金额与逾期利息。' },
  { figure: 'budget', label: '预算执行', text: '成员单位年度预算的已执行金额（本年截至本月末已发出的调拨按成本，减已收退库）÷ 年度预算；已承诺为出报表时已配货未发出的金额；未设预算的单位不计比例。' },
  { figure: 'preparation', label: '院内制剂调拨', text: '本月进货中院内制剂（类别为院内制剂）的金额与数量。' },
  { figure: 'expiry', label: '近效期与过期库存', text: '月末本单位库房的批次结存：有效期早于次月1日的为过期；早于次月1日加近效期最长阈值（默认6个月）的为近效期。按批次成本计。' },
  { figure: 'turnover', label: '库存周转天数', text: '（期初库存金额 + 期末库存金额）÷ 2 ÷（本月出库金额 ÷ 本月天数）。出库为离开本单位库房去往单位以外（患者、供应商、其他单位）的移动。' },
];
