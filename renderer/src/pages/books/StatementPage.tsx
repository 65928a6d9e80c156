import { ArrowLeftOutlined } from '@ant-design/icons';
import { keepPreviousData } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOp } from '../../api/hooks.js';
import { PageHeader } from '../../layout/PageHeader.js';
import { monthLabel, MonthPicker } from './booksShared.js';
import { StatementDetail } from './StatementDetail.js';

/**
 * One member unit's month (/statements/$unitId/$month), opened from the centre's list: its own address, so finance
 * can send it and the month can be stepped without losing the unit.
 */
export function StatementPage() {
  const { t } = useTranslation();
  const { unitId, month } = useParams({ from: '/app/statements/$unitId/$month' });
  const navigate = useNavigate({ from: '/statements/$unitId/$month' });
  // The same query StatementDetail reads (one request): the unit's name for the title.
  const view = useOp('settlement.statement', { unitId, month }, { placeholderData: keepPreviousData });
  return (
    <>
      <PageHeader
        title={view.data ? t('books.detail.pageTitle', { unit: view.data.unitName }) : t('books.statements.title')}
        subtitle={monthLabel(month)}
        actions={
          <>
            <MonthPicker value={month} onChange={(next) => void navigate({ params: { unitId, month: next }, replace: true })} testId="statement-month" />
            <Link to="/statements" search={{ month }}>
              <Button icon={<ArrowLeftOutlined />} data-testid="statement-back">
                {t('books.detail.back')}
              </Button>
            </Link>
          </>
        }
      />
      <StatementDetail unitId={unitId} month={month} />
    </>
  );
}
