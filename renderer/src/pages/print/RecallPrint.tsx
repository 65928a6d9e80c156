import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useOp } from '../../api/hooks.js';
import { FullPageSpin } from '../../layout/FullPageSpin.js';
import { formatDateTime } from '../../labels.js';
import { PrintSheet } from './PrintSheet.js';

const STYLE = `
@page { size: A4 portrait; margin: 12mm 10mm; }
.zh { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #000; background: #fff;
  max-width: 190mm; margin: 0 auto; padding: 16px 0; font-size: 11px; }
.zh h1 { text-align: center; font-size: 19px; letter-spacing: 3px; margin: 0 0 2px; }
.zh h2 { font-size: 12.5px; margin: 10px 0 3px; }
.zh .sub { text-align: center; font-size: 12px; margin-bottom: 8px; }
.zh .head { display: grid; grid-template-columns: 1fr 1fr; gap: 3px 14px; margin-bottom: 4px; font-size: 12px; }
.zh .head .wide { grid-column: 1 / 3; }
.zh table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.zh th, .zh td { border: 1px solid #000; padding: 2px 3px; vertical-align: middle; word-break: break-all; line-height: 1.3; }
.zh th { font-weight: 600; background: #f2f2f2; font-size: 10.5px; }
.zh td.num { text-align: right; font-variant-numeric: tabular-nums; }
.zh td.c { text-align: center; }
.zh td.none { text-align: center; color: #555; }
.zh .sign { display: flex; justify-content: space-between; margin-top: 28px; padding: 0 4px; font-size: 12px; }
.zh .sign span.line { display: inline-block; width: 110px; border-bottom: 1px solid #000; margin-left: 6px; }
`;

/** 召回单 (/print/recalls/$recallId): the batch and why, what was frozen, where it is now, the documents made, the signatures. */
export function RecallPrint() {
  const { t } = useTranslation();
  const { recallId } = useParams({ strict: false });
  const got = useOp('recall.get', { id: recallId ?? 0 }, { enabled: recallId !== undefined });
  const community = useOp('community.get', {});
  if (!got.data || !community.data) return <FullPageSpin />;
  const { recall, trace } = got.data;
  const unit = trace.item.baseUnit;
  const p = (key: string) => t(`recalls.print.${key}`);
  const d = (key: string) => t(`recalls.detail.${key}`);
  const h = (key: string) => t(`recalls.holder.${key}`);
  const closed = recall.events.find((e) => e.transition === 'close');
  return (
    <PrintSheet className="zh" testId="recall-print" style={STYLE} printLabel={p('print')}>
      <h1>{p('title')}</h1>
      <div className="sub">{community.data.community.name}</div>
      <div className="head">
        <div>
          {p('number')}：<strong>{recall.number}</strong>
        </div>
        <div>
          {t('recalls.list.state')}：{recall.stateLabel}
        </div>
        <div className="wide">
          {d('item')}：<strong>{recall.itemName}</strong> {recall.spec} {recall.manufacturer}（{recall.itemCode}）
        </div>
        <div>
          {d('batchNo')}：<strong>{recall.batchNo}</strong>
        </div>
        <div>
          {d('noticeNo')}：{recall.noticeNo || '—'}
        </div>
        <div className="wide">
          {d('reason')}：{recall.reason}
        </div>
        <div>
          {d('createdBy')}：{recall.createdBy} {formatDateTime(recall.createdAt)}
        </div>
        <div>
          {d('memberLeft')}：{recall.memberStockLeft}
          {unit}
        </div>
        {closed ? (
          <div className="wide">
            {p('closedAt')}：{closed.actorName} {formatDateTime(closed.at)}
            {closed.reason ? `（${closed.reason}）` : ''}
          </div>
        ) : null}
      </div>

      <h2>{p('frozen')}</h2>
      <table>
        <colgroup>
          <col style={{ width: '26%' }} />
          <col style={{ width: '16%' }} />
          <col style={{ width: '18%' }} />
          <col style={{ width: '18%' }} />
          <col style={{ width: '22%' }} />
        </colgroup>
        <thead>
          <tr>
            <th>{h('batch')}</th>
            <th>{h('expiry')}</th>
            <th>{d('previousStatus')}</th>
            <th>{d('status')}</th>
            <th>{d('frozenQuantity')}</th>
          </tr>
        </thead>
        <tbody>
          {recall.batches.map((b) => (
            <tr key={b.batchId}>
              <td>{`${b.batchNo}（${b.batchId}）`}</td>
              <td className="c">{b.expiry}</td>
              <td className="c">{b.previousStatusLabel}</td>
              <td className="c">{b.statusLabel}</td>
              <td className="num">
                {b.quantity}
                {unit}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{p('holdersNow')}</h2>
      <table>
        <colgroup>
          <col style={{ width: '24%' }} />
          <col style={{ width: '22%' }} />
          <col style={{ width: '18%' }} />
          <col style={{ width: '12%' }} />
          <col style={{ width: '12%' }} />
          <col style={{ width: '12%' }} />
        </colgroup>
        <thead>
          <tr>
            <th>{h('unit')}</th>
            <th>{h('place')}</th>
            <th>{h('batch')}</th>
            <th>{h('status')}</th>
            <th>{h('quantity')}</th>
            <th>{h('reserved')}</th>
          </tr>
        </thead>
        <tbody>
          {trace.holders.length === 0 ? (
            <tr>
              <td colSpan={6} className="none">
                {p('noHolders')}
              </td>
            </tr>
          ) : (
            trace.holders.map((x) => (
              <tr key={`${x.batchId}-${x.locationId}`}>
                <td>{x.unitName}</td>
                <td>{x.kind === 'transit' ? `${h('transit')} · ${x.locationName}` : (x.storeName ?? x.locationName)}</td>
                <td>{`${x.batchNo}（${x.batchId}）`}</td>
                <td className="c">{x.batchStatusLabel}</td>
                <td className="num">
                  {x.quantity}
                  {unit}
                </td>
                <td className="num">{x.reserved ? `${x.reserved}${unit}` : ''}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>

      <h2>{d('documents')}</h2>
      <table>
        <colgroup>
          <col style={{ width: '12%' }} />
          <col style={{ width: '19%' }} />
          <col style={{ width: '10%' }} />
          <col style={{ width: '26%' }} />
          <col style={{ width: '22%' }} />
          <col style={{ width: '11%' }} />
        </colgroup>
        <thead>
          <tr>
            <th>{t('recalls.doc.kind')}</th>
            <th>{t('recalls.doc.number')}</th>
            <th>{t('recalls.doc.state')}</th>
            <th>{t('recalls.doc.store')}</th>
            <th>{t('recalls.doc.supplier')}</th>
            <th>{t('recalls.doc.quantity')}</th>
          </tr>
        </thead>
        <tbody>
          {recall.documents.length === 0 ? (
            <tr>
              <td colSpan={6} className="none">
                {t('recalls.created.none')}
              </td>
            </tr>
          ) : (
            recall.documents.map((doc) => (
              <tr key={`${doc.kind}-${doc.id}`}>
                <td className="c">{doc.kindLabel}</td>
                <td>{doc.number}</td>
                <td className="c">{doc.stateLabel}</td>
                <td>
                  {doc.unitName} · {doc.storeName}
                </td>
                <td>{doc.supplierName ?? t('recalls.doc.centre')}</td>
                <td className="num">
                  {doc.quantity}
                  {unit}
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>

      <div className="sign">
        <span>
          {p('pharmacy')}
          <span className="line" />
        </span>
        <span>
          {p('quality')}
          <span className="line" />
        </span>
        <span>
          {p('date')}
          <span className="line" />
        </span>
      </div>
    </PrintSheet>
  );
}
