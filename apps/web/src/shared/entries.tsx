import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, List, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { errorMessage } from '../api/errors';
import { MUTED } from './muted';

const WRAP: React.CSSProperties = { overflowWrap: 'anywhere' };

/**
 * A list screen (/dinh-ky, /to-chuc): its title and what it is for, the button that adds one
 * (for those who may), then the entries, or what to do while there are none.
 */
export function ListScreen<T>({
  title,
  intro,
  create,
  error,
  loading,
  items,
  empty,
  renderItem,
}: {
  title: string;
  intro: React.ReactNode;
  create?: { to: string; label: string };
  error: unknown;
  loading: boolean;
  items: T[] | undefined;
  empty: string;
  renderItem: (item: T) => React.ReactNode;
}) {
  return (
    <Card style={{ maxWidth: 1100 }}>
      <Flex justify="space-between" align="start" gap={12} wrap>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
            {title}
          </Typography.Title>
          <Typography.Paragraph style={MUTED}>{intro}</Typography.Paragraph>
        </div>
        {create && (
          <Link to={create.to}>
            <Button type="primary" icon={<PlusOutlined />}>
              {create.label}
            </Button>
          </Link>
        )}
      </Flex>
      {Boolean(error) && <Alert type="error" showIcon title={errorMessage(error)} />}
      <List<T>
        loading={loading}
        dataSource={items ?? []}
        locale={{ emptyText: <Empty description={empty} /> }}
        renderItem={renderItem}
      />
    </Card>
  );
}

/**
 * One row of a list screen: its title (a link to its page) with its tags beside it, wrapping
 * under it on a phone, then its lines of detail.
 */
export function ListEntry({
  title,
  tags,
  children,
}: {
  title: React.ReactNode;
  tags?: React.ReactNode;
  children?: React.ReactNode;
}) {
  return (
    <List.Item>
      <div style={{ minWidth: 0, width: '100%' }}>
        <Flex gap={8} align="center" wrap>
          {title}
          {tags}
        </Flex>
        {children}
      </div>
    </List.Item>
  );
}

/** A line of a ListEntry; long names and document numbers wrap rather than widen the page. */
export function EntryLine({ muted, children }: { muted?: boolean; children: React.ReactNode }) {
  return <div style={muted ? { ...MUTED, ...WRAP } : WRAP}>{children}</div>;
}

/**
 * The heading of a detail page's first card: its title (h1) with its status tag below, and the
 * page's commands on the right (under it on a phone).
 */
export function DetailHeading({
  title,
  tag,
  actions,
}: {
  title: React.ReactNode;
  /** The status: its words, and colours that keep them readable. */
  tag: { label: string; style: React.CSSProperties };
  actions?: React.ReactNode;
}) {
  return (
    <Flex justify="space-between" gap={12} wrap>
      <div style={{ minWidth: 0 }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0, ...WRAP }}>
          {title}
        </Typography.Title>
        <Tag style={{ ...tag.style, marginTop: 8 }}>{tag.label}</Tag>
      </div>
      {actions}
    </Flex>
  );
}
