import { MUTED } from './styles';
import { UnorderedListOutlined } from '@ant-design/icons';
import { Alert, Drawer, Empty, Flex, Grid, List, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/errors';
import { formatDate } from '../../shared/format';
import { STATUS_LABELS } from '../../shared/labels';
import { PageLoading } from '../../shared/PageLoading';
import {
  DRILL_LIMIT,
  taskListHref,
  useDrillDown,
  type DrillDown,
  type OrganisationMode,
} from './useDashboard';

/** The report's classes as the task list's `timeliness` filter names them (cancelled: none). */
const CLASS_LABELS: Record<string, string> = {
  completed_early: 'Hoàn thành trước hạn',
  completed_on_time: 'Hoàn thành đúng hạn',
  completed_late: 'Hoàn thành quá hạn',
  overdue: 'Quá hạn chưa hoàn thành',
  in_progress: 'Đang thực hiện trong hạn',
  no_deadline: 'Không thời hạn',
};

interface Props {
  drill: DrillDown | null;
  scope?: { id: string; code: string };
  from?: string;
  to?: string;
  periodLabel?: string;
  organisation: OrganisationMode;
  onClose: () => void;
}

/** The tasks behind one number of the overview, each opening its own page. */
export function DrillDownDrawer({
  drill,
  scope,
  from,
  to,
  periodLabel,
  organisation,
  onClose,
}: Props) {
  const screens = Grid.useBreakpoint();
  const { items, isPending, error, truncated } = useDrillDown(
    drill,
    scope?.code,
    from,
    to,
    organisation,
  );
  const unitId = drill?.group ?? scope?.id;

  return (
    <Drawer
      open={Boolean(drill)}
      onClose={onClose}
      placement={screens.md ? 'right' : 'bottom'}
      size={screens.md ? 640 : '85%'}
      title={drill?.title}
      closable={{ 'aria-label': 'Đóng danh sách' }}
      footer={
        drill && (
          <Space wrap size={[16, 4]}>
            <Typography.Text style={MUTED}>Xem trong Danh sách nhiệm vụ:</Typography.Text>
            {drill.classes
              .filter((c) => CLASS_LABELS[c])
              .map((c) => (
                <Link key={c} to={taskListHref({ unitId, timeliness: c })} onClick={onClose}>
                  <UnorderedListOutlined aria-hidden /> {CLASS_LABELS[c]}
                </Link>
              ))}
          </Space>
        )
      }
    >
      {drill && (
        <Typography.Paragraph style={MUTED}>
          {drill.groupLabel ? `${drill.groupLabel} · ` : ''}
          {periodLabel}
          {from && to ? ` (giao từ ${formatDate(from)} đến ${formatDate(to)})` : ''}
        </Typography.Paragraph>
      )}
      {isPending ? (
        <PageLoading />
      ) : error ? (
        <Alert type="error" showIcon title={errorMessage(error)} />
      ) : items.length === 0 ? (
        <Empty description="Không có nhiệm vụ nào trong nhóm này." />
      ) : (
        <>
          <Typography.Paragraph strong>{items.length} nhiệm vụ</Typography.Paragraph>
          <List
            dataSource={items}
            rowKey="id"
            renderItem={(t) => (
              <List.Item style={{ display: 'block' }}>
                <Link
                  to={`/nhiem-vu/${t.id}`}
                  onClick={onClose}
                  style={{ fontWeight: 600, overflowWrap: 'anywhere' }}
                >
                  {t.title}
                </Link>
                <Flex gap="2px 16px" wrap style={{ fontSize: 13, marginTop: 2 }}>
                  <Typography.Text style={MUTED}>Chủ trì: {t.leadUnitName}</Typography.Text>
                  <Typography.Text style={MUTED}>
                    Hạn xử lý: {formatDate(t.dueDate)}
                  </Typography.Text>
                  {t.completedOn && (
                    <Typography.Text style={MUTED}>
                      Hoàn thành: {formatDate(t.completedOn)}
                    </Typography.Text>
                  )}
                  <Typography.Text style={MUTED}>
                    {STATUS_LABELS[t.status] ?? t.status}
                  </Typography.Text>
                </Flex>
                {t.explanation && (
                  <Typography.Text style={{ fontSize: 13 }}>
                    Giải trình: {t.explanation}
                  </Typography.Text>
                )}
              </List.Item>
            )}
          />
          {truncated && (
            <Typography.Paragraph style={MUTED}>
              Chỉ hiện {DRILL_LIMIT} nhiệm vụ đầu tiên của mỗi nhóm; xuất báo cáo để xem đủ.
            </Typography.Paragraph>
          )}
        </>
      )}
    </Drawer>
  );
}
