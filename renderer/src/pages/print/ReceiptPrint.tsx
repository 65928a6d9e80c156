import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatYuan, type ReceiptLine } from '../../../../core/api/index.js';
import { useOp } from '../../api/hooks.js';
import { FullPageSpin } from '../../layout/FullPageSpin.js';
import { PrintSheet } from './PrintSheet.js';
import { yuanInWords } from './yuanInWords.js';

/** A quantity as the record prints it: whole packs (10), else base units written out (5粒). */
const qty = (line: ReceiptLine, base: number) => (base % line.packFactor === 0 ? String(base / line.packFactor) : `${base}${line.baseUnit}`);
const temp = (tenths: number | null) => (tenths === null ? '' : `${(tenths / 10).toFixed(1)}°C`);

const STYLE = `
@page { size: A4 landscape; margin: 10mm 8mm; }
.rk { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #000; background: #fff;
  max-width: 281mm; margin: 0 auto; padding: 16px 0; font-size: 11px; }
.rk h1 { text-align: center; font-size: 19px; letter-spacing: 3px; margin: 0 0 2px; }
.rk .sub { text-align: center; font-size: 12px; margin-bottom: 8px; }
.rk .head { display: grid; grid-template-columns: 1.4fr 1fr 1fr 1fr; gap: 3px 14px; margin-bottom: 6px; font-size: 12px; }
.rk table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.rk th, .rk td { border: 1px solid #000; padding: 2px 3px; vertical-align: middle; word-break: break-all; line-height: 1.3; }
.rk th { font-weight: 600; background: #f2f2f2; font-size: 10.5px; }
.rk td.num { text-align: right; font-variant-numeric: tabular-nums; }
.rk td.c { text-align: center; }
.rk td.d { text-align: center; white-space: nowrap; font-size: 10px; letter-spacing: -0.2px; }
.rk tfoot td { font-weight: 600; }
.rk .notes { margin-top: 6px; font-size: 11px; }
.rk .codes { margin-top: 8px; font-size: 9px; font-family: "Noto Sans Mono CJK SC", monospace; column-count: 2; column-gap: 16px; }
.rk .codes h2 { font-size: 12px; margin: 0 0 4px; column-span: all; font-family: inherit; }
.rk .codes p { margin: 0 0 4px; break-inside: avoid; }
.rk .sign { display: flex; justify-content: space-between; margin-top: 24px; padding: 0 8px; font-size: 12px; }
.rk .sign span.line { display: inline-block; width: 110px; border-bottom: 1px solid #000; margin-left: 6px; text-align: center; }
`;

/** 药品购进验收记录 (入库验收单): every field of the domain brief §4, A4 landscape, from the browser or the desktop. */
export function ReceiptPrint() {
  const { t } = useTranslation();
  const { receiptId } = useParams({ strict: false });
  const got = useOp('receipt.get', { id: receiptId ?? 0 }, { enabled: receiptId !== undefined });
  const community = useOp('community.get', {});
  if (!got.data || !community.data) return <FullPageSpin />;
  const { receipt } = got.data;
  const c = community.data.community;
  const p = (key: string) => t(`receiving.print.${key}`);
  const inspectors = [...new Set(receipt.lines.flatMap((l) => [l.inspectorName]).filter(Boolean))].join('、');
  const reviewers = [...new Set(receipt.lines.map((l) => l.secondInspectorName).filter(Boolean))].join('、');
  const notes = receipt.lines.flatMap((l) => [
    ...(l.rejectedQuantity ? [`${p('no')} ${l.lineNo}：${p('reject')} ${qty(l, l.rejectedQuantity)}${l.packUnit}，${l.rejectReason}`] : []),
    ...(l.shortExpiryReason ? [`${p('no')} ${l.lineNo}：${p('shortExpiry')}：${l.shortExpiryReason}`] : []),
  ]);
  const codeLines = receipt.lines.filter((l) => l.traceCodes.length > 0);
  return (
    <PrintSheet className="rk" testId="receipt-print" style={STYLE} printLabel={p('print')}>
      <h1>{p('title')}</h1>
      <div className="sub">
        {c.name}
        {'\u3000'}
        {receipt.unitName}
      </div>
      <div className="head">
        <div>
          {p('supplier')}：<strong>{receipt.supplierName}</strong>
        </div>
        <div>
          {p('number')}：<strong>{receipt.number}</strong>
        </div>
        <div>
          {p('arrivedOn')}：{receipt.arrivedOn}
        </div>
        <div>
          {p('acceptedOn')}：{receipt.acceptedOn ?? '—'}
        </div>
        <div>
          {p('store')}：{receipt.unitName} · {receipt.storeName}
        </div>
        <div>
          {receipt.orderNumber ? `${p('order')}：${receipt.orderNumber}` : `${p('unplanned')}：${receipt.unplannedReason}`}
        </div>
        <div>
          {p('state')}：{receipt.stateLabel}
        </div>
        <div>{receipt.note ? `${p('note')}：${receipt.note}` : ''}</div>
      </div>
      <table>
        <colgroup>
          {[3, 9, 4, 6, 8, 9, 6, 6.5, 6.5, 3, 4, 5, 5, 5.5, 6, 8, 3.5, 4, 4, 5].map((w, i) => (
            <col key={i} style={{ width: `${w}%` }} />
          ))}
        </colgroup>
        <thead>
          <tr>
            <th>{p('no')}</th>
            <th>{p('genericName')}</th>
            <th>{p('dosageForm')}</th>
            <th>{p('spec')}</th>
            <th>{p('approvalNo')}</th>
            <th>{p('manufacturer')}</th>
            <th>{p('batch')}</th>
            <th>{p('production')}</th>
            <th>{p('expiry')}</th>
            <th>{p('unit')}</th>
            <th>{p('arrived')}</th>
            <th>{p('accepted')}</th>
            <th>{p('price')}</th>
            <th>{p('amount')}</th>
            <th>{p('deliveryNote')}</th>
            <th>{p('invoices')}</th>
            <th>{p('codes')}</th>
            <th>{p('temp')}</th>
            <th>{p('conclusion')}</th>
            <th>{p('inspector')}</th>
          </tr>
        </thead>
        <tbody>
          {receipt.lines.map((l) => (
            <tr key={l.id}>
              <td className="c">{l.lineNo}</td>
              <td>{l.genericName}</td>
              <td>{l.dosageForm}</td>
              <td>{l.spec}</td>
              <td>{l.approvalNo}</td>
              <td>{l.manufacturer}</td>
              <td>{l.batchNo}</td>
              <td className="d">{l.productionDate ?? ''}</td>
              <td className="d">{l.expiry}</td>
              <td className="c">{l.packUnit}</td>
              <td className="num">{qty(l, l.arrivedQuantity)}</td>
              <td className="num">{qty(l, l.acceptedQuantity)}</td>
              <td className="num">{formatYuan(l.priceMicro)}</td>
              <td className="num">{formatYuan(l.amountMicro)}</td>
              <td>{l.deliveryNoteNo}</td>
              <td>{[l.distributorInvoiceNo, l.manufacturerInvoiceNo].filter(Boolean).join(' / ')}</td>
              <td className="num">{l.traceCodeCount || ''}</td>
              <td className="c">{temp(l.arrivalTempTenths)}</td>
              <td className="c">{l.conclusionLabel}</td>
              <td className="c">{[l.inspectorName, l.secondInspectorName].filter(Boolean).join('、')}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={2}>{p('total')}</td>
            <td colSpan={11}>
              {p('totalUpper')}：{yuanInWords(receipt.totalMicro)}
            </td>
            <td className="num">{formatYuan(receipt.totalMicro)}</td>
            <td colSpan={2} />
            <td className="num">{receipt.traceCodeCount || ''}</td>
            <td colSpan={3} />
          </tr>
        </tfoot>
      </table>
      {notes.length > 0 && (
        <div className="notes">
          {notes.map((n) => (
            <div key={n}>{n}</div>
          ))}
        </div>
      )}
      <div className="sign">
        <div>
          {p('signInspector')}：<span className="line">{inspectors}</span>
        </div>
        <div>
          {p('signReviewer')}：<span className="line">{reviewers}</span>
        </div>
        <div>
          {p('signKeeper')}：<span className="line" />
        </div>
        <div>
          {p('signDate')}：<span className="line">{receipt.acceptedOn ?? ''}</span>
        </div>
      </div>
      {codeLines.length > 0 && (
        <div className="codes" data-testid="receipt-print-codes">
          <h2>{p('codesList')}</h2>
          {codeLines.map((l) => (
            <p key={l.id}>
              <strong>
                {l.lineNo}. {l.genericName} {l.spec} {p('batch')} {l.batchNo}（{l.traceCodes.length}）：
              </strong>
              {l.traceCodes.join('  ')}
            </p>
          ))}
        </div>
      )}
    </PrintSheet>
  );
}
