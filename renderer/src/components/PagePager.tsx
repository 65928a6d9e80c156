import { Flex, Pagination } from 'antd';

/** Page sizes of the long server-paged lists (凭证, 医保 records). */
export const PAGE_SIZES = [20, 50, 100];

export interface PageState {
  page: number;
  pageSize: number;
}

/** The pager under a server-paged list: a new page size starts again at page 1. Nothing shows for an empty list. */
export function PagePager({ page, total, onChange }: { page: PageState; total: number | undefined; onChange: (next: PageState) => void }) {
  if (!total) return null;
  return (
    <Flex justify="flex-end" style={{ marginTop: 8 }}>
      <Pagination
        size="small"
        current={page.page}
        pageSize={page.pageSize}
        total={total}
        pageSizeOptions={PAGE_SIZES}
        showSizeChanger
        onChange={(p, size) => onChange({ page: size === page.pageSize ? p : 1, pageSize: size })}
      />
    </Flex>
  );
}
