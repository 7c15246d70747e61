import { Button, Card, Flex, Grid, Skeleton, Table, Tag, Typography, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { formatDate } from '../../shared/format';
import { STATUS_LABELS } from '../../shared/labels';
import { TimelinessTag } from '../../shared/TimelinessTag';
import type { TaskRow } from './useTaskList';

/** Secondary text dark enough for WCAG AA on white (antd's "secondary" grey is not). */
export const MUTED: React.CSSProperties = { color: '#595959' };

export interface TaskTableProps {
  items: TaskRow[];
  /** The table's accessible name, e.g. "Nhiệm vụ quá hạn". */
  caption: string;
  loading?: boolean;
  /** Nguồn giao key → label (useTaskSources().labelOf). */
  sourceLabel: (key: string) => string;
  /** What an empty list says and offers (a Vietnamese sentence that says what to do). */
  empty: ReactNode;
  /** The API's cursor paging: more rows exist, and how to fetch them. */
  hasMore?: boolean;
  loadingMore?: boolean;
  onLoadMore?: () => void;
  /** The number of tasks under the filter, when known (GET /tasks/counts). */
  total?: number;
}

function StatusTag({ task }: { task: TaskRow }) {
  const label = STATUS_LABELS[task.status] ?? task.status;
  const progress = task.status === 'in_progress' && task.progressPercent > 0;
  return (
    <Tag style={{ color: '#1d1d1d', background: '#f5f5f5', borderColor: '#d9d9d9', margin: 0 }}>
      {progress ? `${label} · ${task.progressPercent}%` : label}
    </Tag>
  );
}

function TaskTitle({ task }: { task: TaskRow }) {
  const refs = [task.code, task.sourceDocument].filter(Boolean).join(' · ');
  return (
    <div style={{ minWidth: 0 }}>
      <Link to={`/nhiem-vu/${task.id}`} style={{ fontWeight: 600, overflowWrap: 'anywhere' }}>
        {task.title}
      </Link>
      {refs && <div style={{ ...MUTED, fontSize: 13, overflowWrap: 'anywhere' }}>{refs}</div>}
    </div>
  );
}

function DueDate({ task }: { task: TaskRow }) {
  return (
    <Flex vertical gap={4} align="flex-start">
      <span>{formatDate(task.dueDate)}</span>
      <TimelinessTag task={task} />
    </Flex>
  );
}

/**
 * A list of tasks: a table on desktops, cards below the `md` breakpoint (a phone never scrolls
 * sideways), with the API's "Xem thêm" paging under it. Used by Việc của tôi, Danh sách nhiệm vụ
 * and the overview's lists.
 */
export function TaskTable(props: TaskTableProps) {
  const { items, caption, loading, sourceLabel, empty } = props;
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;

  const columns: TableProps<TaskRow>['columns'] = [
    { key: 'title', title: 'Nhiệm vụ', render: (_, t) => <TaskTitle task={t} /> },
    {
      key: 'lead',
      title: 'Đơn vị chủ trì',
      width: '20%',
      render: (_, t) => t.leadUnit?.name ?? '—',
    },
    { key: 'due', title: 'Hạn xử lý', width: 200, render: (_, t) => <DueDate task={t} /> },
    { key: 'status', title: 'Trạng thái', width: 170, render: (_, t) => <StatusTag task={t} /> },
    {
      key: 'source',
      title: 'Nguồn giao',
      width: '16%',
      render: (_, t) => sourceLabel(t.source),
    },
  ];

  let body: ReactNode;
  if (loading && !items.length) {
    body = <Skeleton active paragraph={{ rows: 4 }} />;
  } else if (!items.length) {
    body = empty;
  } else if (phone) {
    body = (
      <ul
        aria-label={caption}
        aria-busy={loading || undefined}
        style={{ listStyle: 'none', margin: 0, padding: 0, opacity: loading ? 0.5 : 1 }}
      >
        {items.map((t) => (
          <li key={t.id} style={{ marginBottom: 12 }}>
            <Card size="small" styles={{ body: { padding: 12 } }}>
              <Flex vertical gap={8}>
                <TaskTitle task={t} />
                <Flex wrap gap={6} align="center">
                  <TimelinessTag task={t} />
                  <StatusTag task={t} />
                </Flex>
                <dl style={{ margin: 0, display: 'grid', gap: 2, fontSize: 14 }}>
                  <Row term="Chủ trì">{t.leadUnit?.name ?? '—'}</Row>
                  <Row term="Hạn xử lý">{formatDate(t.dueDate)}</Row>
                  <Row term="Nguồn giao">{sourceLabel(t.source)}</Row>
                </dl>
              </Flex>
            </Card>
          </li>
        ))}
      </ul>
    );
  } else {
    body = (
      <Table<TaskRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        pagination={false}
        loading={loading}
        aria-label={caption}
        tableLayout="fixed"
      />
    );
  }

  return (
    <div>
      {body}
      <Pager {...props} />
    </div>
  );
}

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div style={{ display: 'flex', gap: 6, minWidth: 0 }}>
      <dt style={{ ...MUTED, flex: 'none' }}>{term}:</dt>
      <dd style={{ margin: 0, minWidth: 0, overflowWrap: 'anywhere' }}>{children}</dd>
    </div>
  );
}

function Pager({ items, hasMore, loadingMore, onLoadMore, total }: TaskTableProps) {
  if (!items.length) return null;
  return (
    <Flex vertical align="center" gap={8} style={{ marginTop: 16 }}>
      <Typography.Text style={MUTED} aria-live="polite">
        {total !== undefined
          ? `Đang hiển thị ${items.length} / ${total} nhiệm vụ`
          : `Đang hiển thị ${items.length} nhiệm vụ`}
      </Typography.Text>
      {hasMore && (
        <Button onClick={onLoadMore} loading={loadingMore}>
          Xem thêm
        </Button>
      )}
    </Flex>
  );
}
