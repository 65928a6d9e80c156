import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatPacks, formatYuan, type Order } from '../../../../core/api/index.js';
import { useOp } from '../../api/hooks.js';
import { FullPageSpin } from '../../layout/FullPageSpin.js';
import { PrintSheet } from './PrintSheet.js';
import { yuanInWords } from './yuanInWords.js';

/** Whole packs as the order shows them: 10 (盒); a remainder in base units is written out. */
const packsText = (line: Order['lines'][number]) =>
  line.quantity % line.packFactor === 0 ? String(line.quantity / line.packFactor) : `${line.quantity}${line.baseUnit}`;

const STYLE = `
@page { size: A4 landscape; margin: 12mm 10mm; }
.po { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #000; background: #fff;
  max-width: 277mm; margin: 0 auto; padding: 16px 0; font-size: 12px; }
.po h1 { text-align: center; font-size: 20px; letter-spacing: 4px; margin: 0 0 2px; }
.po .sub { text-align: center; font-size: 12px; margin-bottom: 10px; }
.po .head { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3px 16px; margin-bottom: 8px; }
.po .head div span:first-child { color: #333; }
.po table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.po th, .po td { border: 1px solid #000; padding: 3px 4px; vertical-align: middle; word-break: break-all; }
.po th { font-weight: 600; background: #f2f2f2; }
.po td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.po td.c { text-align: center; }
.po tfoot td { font-weight: 600; }
.po .sign { display: flex; justify-content: space-between; margin-top: 28px; padding: 0 8px; }
.po .sign div { min-width: 200px; }
.po .sign span.line { display: inline-block; width: 120px; border-bottom: 1px solid #000; margin-left: 6px; }
`;

/** 药品采购订单, printed A4 landscape from the browser or the desktop window. */
export function OrderPrint() {
  const { t } = useTranslation();
  const { orderId } = useParams({ strict: false });
  const got = useOp('purchaseOrder.get', { id: orderId ?? 0 }, { enabled: orderId !== undefined });
  const community = useOp('community.get', {});
  if (!got.data || !community.data) return <FullPageSpin />;
  const { order } = got.data;
  const c = community.data.community;
  const p = (key: string) => t(`purchasing.print.${key}`);
  return (
    <PrintSheet className="po" testId="order-print" style={STYLE} printLabel={p('print')}>
      <h1>{p('title')}</h1>
      <div className="sub">
        {c.name}
        {'\u3000'}
        {p('institution')}：{c.institutionCode || '—'}
      </div>
      <div className="head">
        <div>
          <span>{p('number')}：</span>
          <strong>{order.number}</strong>
        </div>
        <div>
          <span>{p('date')}：</span>
          {order.orderDate}
        </div>
        <div>
          <span>{p('state')}：</span>
          {order.stateLabel}
        </div>
        <div>
          <span>{p('supplier')}：</span>
          {order.supplierName}
        </div>
        <div>
          <span>{p('uscc')}：</span>
          {order.supplierUscc}
        </div>
        <div>
          <span>{p('channel')}：</span>
          {t(`purchasing.channel.${order.channel}`)}
          {order.channelReason && `（${order.channelReason}）`}
        </div>
        <div>
          <span>{p('store')}：</span>
          {order.unitName} · {order.storeName}
          {order.direct && `（${t('purchasing.detail.direct')}）`}
        </div>
        <div>
          <span>{p('expectedOn')}：</span>
          {order.expectedOn ?? '—'}
        </div>
        <div>
          <span>{p('platformProfile')}：</span>
          {order.platformProfile || '—'}
          {order.orderCode && ` · ${order.orderCode}`}
        </div>
      </div>
      <table>
        <colgroup>
          <col style={{ width: '3.5%' }} />
          <col style={{ width: '13%' }} />
          <col style={{ width: '6.5%' }} />
          <col style={{ width: '9%' }} />
          <col style={{ width: '9%' }} />
          <col style={{ width: '13%' }} />
          <col style={{ width: '7%' }} />
          <col style={{ width: '6%' }} />
          <col style={{ width: '5%' }} />
          <col style={{ width: '8%' }} />
          <col style={{ width: '9%' }} />
          <col style={{ width: '4%' }} />
          <col style={{ width: '7%' }} />
        </colgroup>
        <thead>
          <tr>
            <th>#</th>
            <th>{p('genericName')}</th>
            <th>{p('dosageForm')}</th>
            <th>{p('spec')}</th>
            <th>{p('pack')}</th>
            <th>{p('manufacturer')}</th>
            <th>{p('platformCode')}</th>
            <th>{p('quantity')}</th>
            <th>{p('unit')}</th>
            <th>{p('price')}</th>
            <th>{p('amount')}</th>
            <th>{p('vbp')}</th>
            <th>{p('memo')}</th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.id}>
              <td className="c">{line.lineNo}</td>
              <td>{line.genericName}</td>
              <td>{line.dosageForm}</td>
              <td>{line.spec}</td>
              <td>{formatPacks(line.baseUnit, line.packs)}</td>
              <td>{line.manufacturer}</td>
              <td>{line.platformProductId}</td>
              <td className="num">{packsText(line)}</td>
              <td className="c">{line.packUnit}</td>
              <td className="num">{formatYuan(line.priceMicro)}</td>
              <td className="num">{formatYuan(line.amountMicro)}</td>
              <td className="c">{line.vbp ? p('yes') : ''}</td>
              <td>{[line.memo, line.priceReason].filter(Boolean).join('；')}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={2}>{p('total')}</td>
            <td colSpan={8}>
              {p('totalUpper')}：{yuanInWords(order.totalMicro)}
              {'\u3000'}（{t('purchasing.print.page', { count: order.lines.length })}）
            </td>
            <td className="num">{formatYuan(order.totalMicro)}</td>
            <td colSpan={2} />
          </tr>
        </tfoot>
      </table>
      <div className="sign">
        <div>
          {p('preparedBy')}：<span className="line">{order.createdBy}</span>
        </div>
        <div>
          {p('approvedBy')}：<span className="line">{order.approvedBy ?? ''}</span>
        </div>
        <div>
          {p('signDate')}：<span className="line" />
        </div>
      </div>
    </PrintSheet>
  );
}
