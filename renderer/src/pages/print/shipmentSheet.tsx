import { useTranslation } from 'react-i18next';
import { formatYuan, type Shipment } from '../../../../core/api/index.js';
import { formatDateTime } from '../../labels.js';
import { PrintSheet } from './PrintSheet.js';
import { yuanInWords } from './yuanInWords.js';

const STYLE = `
@page { size: A4 landscape; margin: 10mm 8mm; }
.db { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #000; background: #fff;
  max-width: 281mm; margin: 0 auto; padding: 16px 0; font-size: 11.5px; }
.db h1 { text-align: center; font-size: 19px; letter-spacing: 3px; margin: 0 0 2px; }
.db .sub { text-align: center; font-size: 12px; margin-bottom: 8px; }
.db .head { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 3px 14px; margin-bottom: 6px; font-size: 12px; }
.db table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.db th, .db td { border: 1px solid #000; padding: 3px 4px; vertical-align: middle; word-break: break-all; line-height: 1.3; }
.db th { font-weight: 600; background: #f2f2f2; }
.db td.num { text-align: right; font-variant-numeric: tabular-nums; }
.db td.c { text-align: center; }
.db tfoot td { font-weight: 600; }
.db .notes { margin-top: 6px; font-size: 11px; }
.db .sign { display: flex; justify-content: space-between; margin-top: 28px; padding: 0 8px; font-size: 12px; }
.db .sign span.line { display: inline-block; width: 110px; border-bottom: 1px solid #000; margin-left: 6px; }
`;

/**
 * The printed 调拨单 / 拣货单 / 退库单 of one shipment: the delivery note has cost, amount, the total in figures and
 * words and the four signatures (发货人、复核人、承运人、收货人); the pick list has 货位, quantity in packs and the
 * near-minimum flag instead of money.
 */
export function ShipmentSheet({ shipment, mode, community }: { shipment: Shipment; mode: 'delivery' | 'pick' | 'return'; community: string }) {
  const { t } = useTranslation();
  const p = (key: string) => t(`shipments.print.${key}`);
  const pick = mode === 'pick';
  const title = mode === 'pick' ? p('pickTitle') : mode === 'return' ? p('returnTitle') : p('shipmentTitle');
  const signatures = pick ? ['picker', 'checker'] : ['shipper', 'checker', 'carrier', 'receiver'];
  return (
    <PrintSheet className="db" testId={`${mode}-print`} style={STYLE} printLabel={p('print')}>
      <h1>{title}</h1>
      <div className="sub">{community}</div>
      <div className="head">
        <div>
          {p('number')}：<strong>{shipment.number}</strong>
        </div>
        <div>
          {p('date')}：{formatDateTime(shipment.shippedAt ?? shipment.createdAt).slice(0, 10)}
        </div>
        <div>{shipment.requisitionNumber ? `${p('requisition')}：${shipment.requisitionNumber}` : shipment.returnReasonLabel ? `${p('reason')}：${shipment.returnReasonLabel}` : ''}</div>
        <div>
          {p('from')}：{shipment.fromUnitName} · {shipment.fromStoreName}
        </div>
        <div>
          {p('to')}：{shipment.toUnitName} · {shipment.toStoreName}
        </div>
        <div>{shipment.stateLabel}</div>
      </div>
      <table>
        <thead>
          <tr>
            <th style={{ width: '4%' }}>{p('no')}</th>
            <th style={{ width: '16%' }}>{p('item')}</th>
            <th style={{ width: '8%' }}>{p('spec')}</th>
            <th style={{ width: '13%' }}>{p('manufacturer')}</th>
            <th style={{ width: '10%' }}>{p('batch')}</th>
            <th style={{ width: '9%' }}>{p('expiry')}</th>
            {pick && <th style={{ width: '10%' }}>{p('location')}</th>}
            <th style={{ width: '8%' }}>{p('quantity')}</th>
            {pick ? <th style={{ width: '14%' }}>{p('packs')}</th> : <th style={{ width: '9%' }}>{p('price')}</th>}
            {pick ? <th style={{ width: '5%' }}>{p('near')}</th> : <th style={{ width: '9%' }}>{p('amount')}</th>}
            {!pick && <th style={{ width: '5%' }}>{p('codes')}</th>}
          </tr>
        </thead>
        <tbody>
          {shipment.lines.map((l) => (
            <tr key={l.id}>
              <td className="c">{l.lineNo}</td>
              <td>{l.itemName}</td>
              <td>{l.spec}</td>
              <td>{l.manufacturer}</td>
              <td>{l.batchNo}</td>
              <td className="c">{l.expiry}</td>
              {pick && <td>{l.location}</td>}
              <td className="num">
                {l.quantity}
                {l.baseUnit}
              </td>
              {pick ? <td>{l.quantityText}</td> : <td className="num">{`${formatYuan(l.costMicro)}/${l.costUnit}`}</td>}
              {pick ? <td className="c">{l.nearMinimum ? '★' : ''}</td> : <td className="num">{formatYuan(l.amountMicro)}</td>}
              {!pick && <td className="num">{l.codeCount || ''}</td>}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={pick ? 7 : 6}>{p('total')}</td>
            <td className="num">{shipment.totalQuantity}</td>
            {pick ? (
              <td colSpan={2} />
            ) : (
              <>
                <td colSpan={2} className="num">
                  {formatYuan(shipment.totalMicro)}
                </td>
                <td />
              </>
            )}
          </tr>
          {!pick && (
            <tr>
              <td colSpan={10}>
                {p('totalUpper')}：{yuanInWords(shipment.totalMicro)}
              </td>
            </tr>
          )}
        </tfoot>
      </table>
      {!pick && <div className="notes">{p('zeroMargin')}</div>}
      <div className="sign">
        {signatures.map((s) => (
          <span key={s}>
            {p(s)}：<span className="line" />
          </span>
        ))}
      </div>
    </PrintSheet>
  );
}
