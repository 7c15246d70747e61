import { MUTED } from './styles';
import { RightOutlined } from '@ant-design/icons';
import { Alert, Flex, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/errors';
import { formatCount, formatDate } from '../../shared/format';
import { PageLoading } from '../../shared/PageLoading';
import { TimelinessTag } from '../../shared/TimelinessTag';
import { PANEL } from './styles';
import { taskListHref, useTaskShortList, type TaskQuery } from './useDashboard';

interface Props {
  id: string;
  title: string;
  filter: TaskQuery;
  empty: string;
}

/** A few tasks under a GET /tasks filter, with a link to all of them in the task list. */
export function TaskShortList({ id, title, filter, empty }: Props) {
  const { page, total } = useTaskShortList(filter);
  const items = page.data?.items ?? [];
  const href = taskListHref(filter);
  return (
    <section aria-labelledby={id} style={{ height: '100%' }}>
      <div style={{ ...PANEL, height: '100%', paddingBlock: 12 }}>
        <Flex justify="space-between" align="baseline" gap={8} wrap>
          <Typography.Title level={2} id={id} style={{ fontSize: 18, margin: 0 }}>
            {title}
            {total !== undefined && (
              <>
                {': '}
                <Link
                  to={href}
                  aria-label={`${formatCount(total)} nhiệm vụ, xem tất cả`}
                  style={{ textDecoration: 'underline', textUnderlineOffset: 4 }}
                >
                  {formatCount(total)}
                </Link>
              </>
            )}
          </Typography.Title>
          {total ? (
            <Link to={href}>
              Xem tất cả <RightOutlined aria-hidden />
            </Link>
          ) : null}
        </Flex>
        {page.isError ? (
          <Alert type="error" showIcon title={errorMessage(page.error)} />
        ) : page.isPending ? (
          <PageLoading />
        ) : items.length === 0 ? (
          <Typography.Paragraph style={{ ...MUTED, margin: '16px 0 4px' }}>
            {empty}
          </Typography.Paragraph>
        ) : (
          // A plain list: antd's List brings Pagination and Select (~25 KB gzipped) along.
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {items.map((t) => (
              <li key={t.id} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0' }}>
                <Link
                  to={`/nhiem-vu/${t.id}`}
                  style={{ fontWeight: 600, overflowWrap: 'anywhere' }}
                >
                  {t.title}
                </Link>
                <Flex gap="4px 12px" wrap align="center" style={{ marginTop: 4, fontSize: 13 }}>
                  <TimelinessTag task={t} />
                  <Typography.Text style={MUTED}>Chủ trì: {t.leadUnit.name}</Typography.Text>
                  <Typography.Text style={MUTED}>
                    Hạn xử lý: {formatDate(t.dueDate)}
                  </Typography.Text>
                </Flex>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
