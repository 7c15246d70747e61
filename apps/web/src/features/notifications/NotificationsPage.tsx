import { BellOutlined, CheckOutlined, RightOutlined } from '@ant-design/icons';
import { App, Alert, Button, Empty, Flex, List, Segmented, Space, Tag, Typography } from 'antd';
import { useSearchParams, Link } from 'react-router-dom';
import { errorMessage } from '../../api/errors';
import { formatDateTime } from '../../shared/format';
import { PageLoading } from '../../shared/PageLoading';
import {
  useMarkAllRead,
  useMarkRead,
  useNotificationList,
  useUnreadCount,
  type Notice,
} from './useNotifications';

/** Secondary text dark enough for WCAG AA on white (antd's default grey is 3.4:1). */
const MUTED: React.CSSProperties = { color: '#595959' };

/** "Chưa đọc" is said in words and weight, not by colour alone. */
const UNREAD_TAG: React.CSSProperties = {
  color: '#0b3d78',
  background: '#e6f4ff',
  borderColor: '#91caff',
  fontWeight: 600,
  marginInlineEnd: 0,
};

function NoticeItem({ notice }: { notice: Notice }) {
  const { message } = App.useApp();
  const markRead = useMarkRead();
  const unread = !notice.readAt;
  const read = () =>
    markRead.mutate(notice.id, { onError: (error) => message.error(errorMessage(error)) });

  return (
    <List.Item
      style={{
        display: 'block',
        paddingInline: 12,
        background: unread ? '#f5f9ff' : undefined,
        borderInlineStart: unread ? '4px solid #0b3d78' : '4px solid transparent',
      }}
    >
      <article aria-label={`${unread ? 'Chưa đọc: ' : ''}${notice.title}`}>
        <Flex gap={8} align="baseline" wrap>
          {unread && <Tag style={UNREAD_TAG}>Chưa đọc</Tag>}
          <Typography.Text strong={unread} style={{ fontSize: 15, overflowWrap: 'anywhere' }}>
            {notice.title}
          </Typography.Text>
        </Flex>
        {notice.body && (
          <Typography.Paragraph
            style={{ ...MUTED, whiteSpace: 'pre-line', margin: '4px 0', overflowWrap: 'anywhere' }}
          >
            {notice.body}
          </Typography.Paragraph>
        )}
        <Flex gap={8} align="center" wrap justify="space-between">
          <Typography.Text style={{ ...MUTED, fontSize: 13 }}>
            <time dateTime={notice.createdAt}>{formatDateTime(notice.createdAt)}</time>
            {!unread && ' · Đã đọc'}
          </Typography.Text>
          <Space size={4} wrap>
            {unread && (
              <Button
                icon={<CheckOutlined />}
                loading={markRead.isPending}
                onClick={read}
                aria-label={`Đánh dấu đã đọc: ${notice.title}`}
              >
                Đánh dấu đã đọc
              </Button>
            )}
            {notice.taskId && (
              <Link
                to={`/nhiem-vu/${notice.taskId}`}
                onClick={() => unread && read()}
                aria-label={`Xem nhiệm vụ: ${notice.title}`}
              >
                Xem nhiệm vụ <RightOutlined aria-hidden />
              </Link>
            )}
          </Space>
        </Flex>
      </article>
    </List.Item>
  );
}

/** Thông báo: the inbox, newest first, unread ones marked in words and weight. */
export function NotificationsPage() {
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get('loc') === 'chua-doc';
  const list = useNotificationList(unreadOnly);
  const unread = useUnreadCount();
  const markAll = useMarkAllRead();
  const unreadCount = unread.data?.count ?? 0;
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  const setFilter = (value: string) => {
    const next = new URLSearchParams(params);
    if (value === 'chua-doc') next.set('loc', 'chua-doc');
    else next.delete('loc');
    setParams(next, { replace: true });
  };

  return (
    <Flex vertical gap={16} style={{ maxWidth: 880 }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
            Thông báo
          </Typography.Title>
          <Typography.Text style={MUTED} aria-live="polite">
            {unreadCount > 0
              ? `Bạn có ${unreadCount} thông báo chưa đọc.`
              : 'Bạn đã đọc hết thông báo.'}
          </Typography.Text>
        </div>
        <Button
          icon={<CheckOutlined />}
          disabled={unreadCount === 0}
          loading={markAll.isPending}
          onClick={() =>
            markAll.mutate(undefined, {
              onSuccess: (r) => message.success(`Đã đánh dấu ${r.updated} thông báo là đã đọc.`),
              onError: (error) => message.error(errorMessage(error)),
            })
          }
        >
          Đánh dấu tất cả đã đọc
        </Button>
      </Flex>

      <Segmented
        aria-label="Lọc thông báo"
        value={unreadOnly ? 'chua-doc' : 'tat-ca'}
        onChange={(v) => setFilter(String(v))}
        options={[
          { label: 'Tất cả', value: 'tat-ca' },
          { label: `Chưa đọc (${unreadCount})`, value: 'chua-doc' },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />

      {list.isPending ? (
        <PageLoading />
      ) : list.isError ? (
        <Alert
          type="error"
          showIcon
          title="Không tải được thông báo"
          description={errorMessage(list.error)}
          action={<Button onClick={() => list.refetch()}>Thử lại</Button>}
        />
      ) : items.length === 0 ? (
        <Empty
          image={<BellOutlined aria-hidden style={{ fontSize: 48, color: '#8c8c8c' }} />}
          description={
            unreadOnly
              ? 'Không có thông báo chưa đọc. Chọn "Tất cả" để xem các thông báo đã đọc.'
              : 'Chưa có thông báo nào. Khi có nhiệm vụ mới được giao, sắp đến hạn hoặc quá hạn, thông báo sẽ hiện ở đây.'
          }
        />
      ) : (
        <>
          <List
            bordered
            dataSource={items}
            rowKey="id"
            renderItem={(n) => <NoticeItem notice={n} />}
          />
          {list.hasNextPage && (
            <Button
              onClick={() => list.fetchNextPage()}
              loading={list.isFetchingNextPage}
              style={{ alignSelf: 'center' }}
            >
              Xem thêm thông báo cũ hơn
            </Button>
          )}
        </>
      )}
    </Flex>
  );
}
