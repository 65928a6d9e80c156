import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatYuan, type RequisitionLine } from '../../../../core/api/index.js';
import { useOp } from '../../api/hooks.js';
import { FullPageSpin } from '../../layout/FullPageSpin.js';
import { formatDateTime } from '../../labels.js';
import { PrintSheet } from './PrintSheet.js';
import { yuanInWords } from './yuanInWords.js';

/** A quantity as the sheet prints it: whole issue packs (10), else base units written out (5粒). */
const qty = (line: RequisitionLine, base: number | null) => (base === null ? '' : base % line.issuePackFactor === 0 ? String(base / line.issuePackFactor) : `${base}${line.baseUnit}`);

const STYLE = `
@page { size: A4 portrait; margin: 12mm 10mm; }
.ql { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #000; background: #fff;
  max-width: 190mm; margin: 0 auto; padding: 16px 0; font-size: 11px; }
.ql h1 { text-align: center; font-size: 19px; letter-spacing: 3px; margin: 0 0 2px; }
.ql .sub { text-align: center; font-size: 12px; margin-bottom: 8px; }
.ql .head { display: grid; grid-template-columns: 1.3fr 1fr 1fr; gap: 3px 14px; margin-bottom: 6px; font-size: 12px; }
.ql table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.ql th, .ql td { border: 1px solid #000; padding: 2px 3px; vertical-align: middle; word-break: break-all; line-height: 1.3; }
.ql th { font-weight: 600; background: #f2f2f2; font-size: 10.5px; }
.ql td.num { text-align: right; font-variant-numeric: tabular-nums; }
.ql td.c { text-align: center; }
.ql tfoot td { font-weight: 600; }
.ql .sign { display: flex; justify-content: space-between; margin-top: 28px; padding: 0 4px; font-size: 12px; }
.ql .sign span.line { display: inline-block; width: 90px; border-bottom: 1px solid #000; margin-left: 6px; }
`;

/** 药品请领单 for signing: A4 portrait, the lines with requested, approved and shipped quantities, and the signatures. */
export function RequisitionPrint() {
  const { t } = useTranslation();
  const { requisitionId } = useParams({ strict: false });
  const got = useOp('requisition.get', { id: requisitionId ?? 0 }, { enabled: requisitionId !== undefined });
  const community = useOp('community.get', {});
  if (!got.data || !community.data) return <FullPageSpin />;
  const { requisition: r } = got.data;
  const p = (key: string) => t(`requisitions.print.${key}`);
  const approver = [...r.events].reverse().find((e) => e.transition === 'approve')?.actorName ?? '';
  return (
    <PrintSheet className="ql" testId="requisition-print" style={STYLE} printLabel={p('print')}>
      <h1>{p('title')}</h1>
      <div className="sub">
        {community.data.community.name}
        {'\u3000'}
        {r.unitName}
      </div>
      <div className="head">
        <span>
          {p('number')}：{r.number}
        </span>
        <span>
          {p('store')}：{r.storeName}
        </span>
        <span>
          {p('state')}：{r.stateLabel}
        </span>
        <span>
          {p('unit')}：{r.unitName}
        </span>
        <span>
          {p('date')}：{formatDateTime(r.submittedAt ?? r.createdAt)}
        </span>
        <span />
      </div>
      <table>
        <colgroup>
          <col style={{ width: '6%' }} />
          <col style={{ width: '11%' }} />
          <col style={{ width: '19%' }} />
          <col style={{ width: '11%' }} />
          <col style={{ width: '15%' }} />
          <col style={{ width: '6%' }} />
          <col style={{ width: '7%' }} />
          <col style={{ width: '7%' }} />
          <col style={{ width: '7%' }} />
          <col style={{ width: '11%' }} />
        </colgroup>
        <thead>
          <tr>
            {['no', 'code', 'item', 'spec', 'manufacturer', 'unitCol', 'requested', 'approved', 'shipped', 'amount'].map((k) => (
              <th key={k}>{p(k)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {r.lines.map((l) => (
            <tr key={l.id}>
              <td className="c">{l.lineNo}</td>
              <td>{l.itemCode}</td>
              <td>
                {l.itemName}
                {l.approveReason ? `（${p('reason')}：${l.approveReason}）` : ''}
              </td>
              <td>{l.spec}</td>
              <td>{l.manufacturer}</td>
              <td className="c">{l.issueUnit}</td>
              <td className="num">{qty(l, l.requested)}</td>
              <td className="num">{qty(l, l.approved)}</td>
              <td className="num">{qty(l, l.shipped)}</td>
              <td className="num">{formatYuan(l.amountMicro)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={6}>
              {p('inWords')}：{yuanInWords(r.valueMicro)}
            </td>
            <td colSpan={3} className="c">
              {p('total')}
            </td>
            <td className="num">{formatYuan(r.valueMicro)}</td>
          </tr>
        </tfoot>
      </table>
      <div className="sign">
        <span>
          {p('requester')}
          <span className="line">{r.createdBy}</span>
        </span>
        <span>
          {p('reviewer')}
          <span className="line">{approver}</span>
        </span>
        <span>
          {p('issuer')}
          <span className="line" />
        </span>
        <span>
          {p('receiver')}
          <span className="line" />
        </span>
      </div>
    </PrintSheet>
  );
}
