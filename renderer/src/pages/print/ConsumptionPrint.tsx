import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatYuan } from '../../../../core/api/index.js';
import { useOp } from '../../api/hooks.js';
import { FullPageSpin } from '../../layout/FullPageSpin.js';
import { PrintSheet } from './PrintSheet.js';
import { yuanInWords } from './yuanInWords.js';

const STYLE = `
@page { size: A4 landscape; margin: 10mm 8mm; }
.ck { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #000; background: #fff;
  max-width: 281mm; margin: 0 auto; padding: 16px 0; font-size: 11px; }
.ck h1 { text-align: center; font-size: 19px; letter-spacing: 3px; margin: 0 0 2px; }
.ck .sub { text-align: center; font-size: 12px; margin-bottom: 8px; }
.ck .head { display: grid; grid-template-columns: 1.4fr 1fr 1fr 1fr; gap: 3px 14px; margin-bottom: 6px; font-size: 12px; }
.ck table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.ck th, .ck td { border: 1px solid #000; padding: 3px; vertical-align: middle; word-break: break-all; line-height: 1.3; }
.ck th { font-weight: 600; background: #f2f2f2; font-size: 10.5px; }
.ck td.num { text-align: right; font-variant-numeric: tabular-nums; }
.ck td.c { text-align: center; }
.ck td .batch { white-space: nowrap; }
.ck tfoot td { font-weight: 600; }
.ck .note { margin-top: 6px; font-size: 12px; }
.ck .sign { display: flex; justify-content: space-between; margin-top: 24px; padding: 0 8px; font-size: 12px; }
.ck .sign span.line { display: inline-block; width: 120px; height: 17px; line-height: 17px; vertical-align: bottom; border-bottom: 1px solid #000; margin-left: 6px; text-align: center; }
`;

/** 消耗出库单 (/print/consumptions/$consumptionId): the lines with the batches each took, the total in figures and words, the signatures. */
export function ConsumptionPrint() {
  const { t } = useTranslation();
  const { consumptionId } = useParams({ strict: false });
  const got = useOp('consumption.get', { id: consumptionId ?? 0 }, { enabled: consumptionId !== undefined });
  const community = useOp('community.get', {});
  if (!got.data || !community.data) return <FullPageSpin />;
  const { consumption: doc } = got.data;
  const s = (key: string) => t(`memberStock.consumptions.${key}`);
  const c = (key: string) => t(`memberStock.common.${key}`);
  return (
    <PrintSheet className="ck" testId="consumption-print" style={STYLE} printLabel={c('print')}>
      <h1>{s('printTitle')}</h1>
      <div className="sub">
        {community.data.community.name}
        {'\u3000'}
        {doc.unitName}
      </div>
      <div className="head">
        <div>
          {c('store')}：<strong>{doc.storeName}</strong>
        </div>
        <div>
          {c('number')}：<strong>{doc.number}</strong>
        </div>
        <div>
          {s('period')}：{doc.periodFrom} ~ {doc.periodTo}
        </div>
        <div>
          {s('target')}：{doc.targetLabel}
          {doc.department ? ` · ${doc.department}` : ''}
        </div>
        <div>
          {c('state')}：{doc.stateLabel}
        </div>
        {doc.reversesNumber ? <div>{t('memberStock.consumptions.reversalOf', { number: doc.reversesNumber })}</div> : null}
        {doc.reversedByNumber ? <div>{t('memberStock.consumptions.reversedBy', { number: doc.reversedByNumber })}</div> : null}
      </div>
      <table>
        <colgroup>
          <col style={{ width: '4%' }} />
          <col style={{ width: '10%' }} />
          <col style={{ width: '20%' }} />
          <col style={{ width: '13%' }} />
          <col style={{ width: '30%' }} />
          <col style={{ width: '10%' }} />
          <col style={{ width: '13%' }} />
        </colgroup>
        <thead>
          <tr>
            <th>#</th>
            <th>{c('code')}</th>
            <th>{c('item')}</th>
            <th>{s('spec')}</th>
            <th>{s('printBatches')}</th>
            <th>{s('quantity')}</th>
            <th>{s('costAmount')}</th>
          </tr>
        </thead>
        <tbody>
          {doc.lines.map((l) => (
            <tr key={l.id}>
              <td className="c">{l.lineNo}</td>
              <td>{l.itemCode}</td>
              <td>
                {l.itemName}
                {l.manufacturer ? <div style={{ fontSize: 10 }}>{l.manufacturer}</div> : null}
              </td>
              <td>{l.spec}</td>
              <td>
                {l.batches.length === 0
                  ? s('notPosted')
                  : l.batches.map((b) => (
                      <div key={b.batchId} className="batch">
                        {b.batchNo}（{b.expiry}）× {b.quantity}
                        {l.baseUnit}
                      </div>
                    ))}
              </td>
              <td className="num">
                {l.quantity} {l.baseUnit}
              </td>
              <td className="num">{l.batches.length ? formatYuan(l.amountMicro) : ''}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={4}>
              {s('inWords')}：{doc.posted ? yuanInWords(doc.totalMicro) : ''}
            </td>
            <td className="c" colSpan={2}>
              {t('memberStock.consumptions.printTotal', { count: doc.lineCount })}
            </td>
            <td className="num">{doc.posted ? formatYuan(doc.totalMicro) : ''}</td>
          </tr>
        </tfoot>
      </table>
      {doc.note ? (
        <div className="note">
          {c('note')}：{doc.note}
        </div>
      ) : null}
      <div className="sign">
        <div>
          {c('createdBy')}：<span className="line">{doc.createdBy}</span>
        </div>
        <div>
          {s('reviewer')}：<span className="line" />
        </div>
        <div>
          {s('dispenser')}：<span className="line" />
        </div>
      </div>
    </PrintSheet>
  );
}
