import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatYuan } from '../../../../core/api/index.js';
import { useOp } from '../../api/hooks.js';
import { FullPageSpin } from '../../layout/FullPageSpin.js';
import { formatDateTime } from '../../labels.js';
import { monthLabel } from '../books/booksShared.js';
import { PrintSheet } from './PrintSheet.js';
import { yuanInWords } from './yuanInWords.js';

const STYLE = `
@page { size: A4 portrait; margin: 12mm 10mm; }
.js { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: #000; background: #fff;
  max-width: 190mm; margin: 0 auto; padding: 16px 0; font-size: 12px; }
.js h1 { text-align: center; font-size: 20px; letter-spacing: 4px; margin: 0 0 2px; }
.js .sub { text-align: center; font-size: 12px; margin-bottom: 10px; }
.js .head { display: grid; grid-template-columns: 1.3fr 1fr 1fr; gap: 4px 14px; margin-bottom: 8px; }
.js h2 { font-size: 13px; margin: 12px 0 4px; }
.js table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.js th, .js td { border: 1px solid #000; padding: 4px; vertical-align: middle; line-height: 1.35; }
.js th { font-weight: 600; background: #f2f2f2; }
.js td.num { text-align: right; font-variant-numeric: tabular-nums; }
.js tr.strong td { font-weight: 600; }
.js .note { margin-top: 8px; }
.js .sign { display: flex; justify-content: space-between; margin-top: 28px; padding: 0 4px; }
.js .sign span.line { display: inline-block; width: 110px; height: 17px; line-height: 17px; vertical-align: bottom; border-bottom: 1px solid #000; margin-left: 6px; text-align: center; }
`;

/**
 * 内部结算单 (/print/statements/$statementId): the figures as issued (the snapshot the member confirms, not the
 * books of today), by category, the centre's side, the closing balance in words and the signatures of both sides.
 */
export function StatementPrint() {
  const { t } = useTranslation();
  const { statementId } = useParams({ strict: false });
  const got = useOp('settlement.get', { id: statementId ?? 0 }, { enabled: statementId !== undefined });
  const community = useOp('community.get', {});
  if (!got.data || !community.data) return <FullPageSpin />;
  const { statement: doc, byCategory } = got.data;
  const p = (key: string, values?: Record<string, string>) => t(`books.printSheet.${key}`, values);
  const f = (key: string) => t(`books.figures.${key}`);
  const figures: [string, number, boolean?][] = [
    ['opening', doc.openingMicro],
    ['received', doc.receivedMicro],
    ['returned', doc.returnedMicro],
    ['consumed', doc.consumedMicro],
    ['adjusted', doc.adjustedMicro],
    ['closing', doc.closingMicro, true],
  ];
  return (
    <PrintSheet className="js" testId="statement-print" style={STYLE} printLabel={t('books.print')}>
      <h1>{p('title')}</h1>
      <div className="sub">
        {community.data.community.name}
        {'\u3000'}
        {monthLabel(doc.month)}
      </div>
      <div className="head">
        <div>
          {p('unit')}：<strong>{doc.unitName}</strong>
        </div>
        <div>
          {p('number')}：<strong>{doc.number}</strong>
        </div>
        <div>
          {p('state')}：{doc.statusLabel}
        </div>
        <div>
          {p('issued')}：{formatDateTime(doc.issuedAt)}
        </div>
        <div>
          {p('version')}：{doc.version}
        </div>
      </div>
      <table>
        <colgroup>
          <col style={{ width: '60%' }} />
          <col style={{ width: '40%' }} />
        </colgroup>
        <thead>
          <tr>
            <th>{p('figure')}</th>
            <th>{p('amount')}</th>
          </tr>
        </thead>
        <tbody>
          {figures.map(([key, micro, strong]) => (
            <tr key={key} className={strong ? 'strong' : undefined}>
              <td>{f(key)}</td>
              <td className="num">{formatYuan(micro)}</td>
            </tr>
          ))}
          <tr>
            <td colSpan={2}>
              {p('inWords')}：{yuanInWords(doc.closingMicro)}
            </td>
          </tr>
        </tbody>
      </table>
      <div className="note">{t('books.detail.formula')}</div>
      <h2>{t('books.detail.byCategory')}</h2>
      <table data-testid="statement-print-categories">
        <thead>
          <tr>
            <th>{t('books.detail.category')}</th>
            <th>{f('received')}</th>
            <th>{f('returned')}</th>
            <th>{f('consumed')}</th>
            <th>{f('adjusted')}</th>
          </tr>
        </thead>
        <tbody>
          {byCategory.length === 0 ? (
            <tr>
              <td colSpan={5}>{t('books.detail.noMovement')}</td>
            </tr>
          ) : (
            byCategory.map((r) => (
              <tr key={r.category || 'none'}>
                <td>{r.categoryLabel || t('books.detail.noCategory')}</td>
                <td className="num">{formatYuan(r.receivedMicro)}</td>
                <td className="num">{formatYuan(r.returnedMicro)}</td>
                <td className="num">{formatYuan(r.consumedMicro)}</td>
                <td className="num">{formatYuan(r.adjustedMicro)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <div className="note">{t('books.detail.centreSide', { received: formatYuan(doc.centreReceivedMicro), returned: formatYuan(doc.centreReturnedMicro) })}</div>
      {doc.memberNote ? (
        <div className="note">
          {p('memberNote')}：{doc.memberNote}
        </div>
      ) : null}
      <div className="sign">
        <div>
          {p('issuedBy')}：<span className="line">{doc.issuedBy}</span>
        </div>
        <div>
          {p('centreFinance')}：<span className="line" />
        </div>
        <div>
          {p('confirmedBy')}：<span className="line">{doc.confirmedBy ?? ''}</span>
        </div>
      </div>
      <div className="sign">
        <div>{p('centreSeal')}</div>
        <div>{p('memberSeal')}</div>
      </div>
    </PrintSheet>
  );
}
