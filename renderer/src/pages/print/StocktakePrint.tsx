import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatYuan } from '../../../../core/api/index.js';
import { useOp } from '../../api/hooks.js';
import { FullPageSpin } from '../../layout/FullPageSpin.js';
import { formatDateTime } from '../../labels.js';
import { PrintSheet } from './PrintSheet.js';

const STYLE = `
@page { size: A4 landscape; margin: 10mm 8mm; }
.pd { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #000; background: #fff;
  max-width: 281mm; margin: 0 auto; padding: 16px 0; font-size: 11px; }
.pd h1 { text-align: center; font-size: 19px; letter-spacing: 3px; margin: 0 0 2px; }
.pd .sub { text-align: center; font-size: 12px; margin-bottom: 8px; }
.pd .head { display: grid; grid-template-columns: 1.4fr 1fr 1fr 1fr; gap: 3px 14px; margin-bottom: 6px; font-size: 12px; }
.pd table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.pd th, .pd td { border: 1px solid #000; padding: 3px; vertical-align: middle; word-break: break-all; line-height: 1.3; }
.pd th { font-weight: 600; background: #f2f2f2; font-size: 10.5px; }
.pd td.num { text-align: right; font-variant-numeric: tabular-nums; }
.pd td.c { text-align: center; }
.pd td.blank { height: 18px; }
.pd tfoot td { font-weight: 600; }
.pd .sign { display: flex; justify-content: space-between; margin-top: 24px; padding: 0 8px; font-size: 12px; }
.pd .sign span.line { display: inline-block; width: 120px; border-bottom: 1px solid #000; margin-left: 6px; text-align: center; }
`;

const signedText = (n: number | null) => (n === null ? '' : n > 0 ? `+${n}` : String(n));

/** 盘点表: the count sheet with 账面数, 实盘数 (blank while counting, filled once counted), 差异 and the signatures. */
export function StocktakePrint() {
  const { t } = useTranslation();
  const { stocktakeId } = useParams({ strict: false });
  const got = useOp('stocktake.get', { id: stocktakeId ?? 0 }, { enabled: stocktakeId !== undefined });
  const community = useOp('community.get', {});
  if (!got.data || !community.data) return <FullPageSpin />;
  const { stocktake: doc } = got.data;
  const s = (key: string) => t(`memberStock.stocktakes.${key}`);
  const c = (key: string) => t(`memberStock.common.${key}`);
  return (
    <PrintSheet className="pd" testId="stocktake-print" style={STYLE} printLabel={c('print')}>
      <h1>{s('printTitle')}</h1>
      <div className="sub">
        {community.data.community.name}
        {'\u3000'}
        {doc.unitName}
      </div>
      <div className="head">
        <div>
          {c('store')}：<strong>{doc.storeName}</strong>（{doc.categoryLabel}）
        </div>
        <div>
          {c('number')}：<strong>{doc.number}</strong>
        </div>
        <div>
          {s('snapshotAt')}：{formatDateTime(doc.snapshotAt)}
        </div>
        <div>
          {c('state')}：{doc.stateLabel}
        </div>
      </div>
      <table>
        <colgroup>
          <col style={{ width: '4%' }} />
          <col style={{ width: '9%' }} />
          <col style={{ width: '22%' }} />
          <col style={{ width: '10%' }} />
          <col style={{ width: '9%' }} />
          <col style={{ width: '8%' }} />
          <col style={{ width: '8%' }} />
          <col style={{ width: '7%' }} />
          <col style={{ width: '8%' }} />
          <col style={{ width: '15%' }} />
        </colgroup>
        <thead>
          <tr>
            <th>#</th>
            <th>{c('code')}</th>
            <th>{c('item')}</th>
            <th>{c('batchNo')}</th>
            <th>{c('expiry')}</th>
            <th>{s('book')}</th>
            <th>{s('countedQuantity')}</th>
            <th>{s('difference')}</th>
            <th>{s('differenceValue')}</th>
            <th>{s('lineReason')}</th>
          </tr>
        </thead>
        <tbody>
          {doc.lines.map((l) => (
            <tr key={l.id}>
              <td className="c">{l.lineNo}</td>
              <td>{l.itemCode}</td>
              <td>
                {l.itemName} {l.spec}
              </td>
              <td>{l.batchNo}</td>
              <td className="c">{l.expiry}</td>
              <td className="num">
                {l.bookQuantity} {l.baseUnit}
              </td>
              <td className="num blank">{l.countedQuantity === null ? '' : `${l.countedQuantity} ${l.baseUnit}`}</td>
              <td className="num">{signedText(l.difference)}</td>
              <td className="num">{l.differenceMicro ? formatYuan(l.differenceMicro) : ''}</td>
              <td>{l.reason}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={5}>
              {s('lines')} {doc.lineCount} · {s('counted')} {doc.countedCount} · {s('differences')} {doc.differenceCount}
            </td>
            <td colSpan={3}>
              {s('gain')} {doc.gainQuantity} · {s('loss')} {doc.lossQuantity}
            </td>
            <td className="num">{doc.netYuan}</td>
            <td />
          </tr>
        </tfoot>
      </table>
      <div className="sign">
        <div>
          {s('counter')}：<span className="line" />
        </div>
        <div>
          {s('reviewer')}：<span className="line" />
        </div>
        <div>
          {c('createdBy')}：<span className="line">{doc.createdBy}</span>
        </div>
      </div>
    </PrintSheet>
  );
}
