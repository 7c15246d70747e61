import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, List, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/errors';
import { hasRole } from '../../auth/session';
import { useSession } from '../../auth/useSession';
import { formatDate } from '../../shared/format';
import { MUTED } from '../../shared/muted';
import {
  RECURRENCE_STATUS_STYLES,
  RECURRENCE_STATUS_LABELS,
  targetText,
  useRecurrences,
  type Recurrence,
} from './recurrenceApi';

/** "Kỳ tới: quý I/2027 — giao ngày 26/02/2027, hạn 18/03/2027". */
export function nextText(r: Recurrence): string {
  if (r.status === 'ended') return 'Đã kết thúc, không giao thêm kỳ nào.';
  if (!r.nextOccurrence) return 'Không còn kỳ nào trước ngày kết thúc.';
  const { label, createOn, dueDate } = r.nextOccurrence;
  const paused = r.status === 'paused' ? ' (khi tiếp tục áp dụng)' : '';
  return `Kỳ tới: ${label} — giao ngày ${formatDate(createOn)}, hạn ${formatDate(dueDate)}${paused}`;
}

/** Nhiệm vụ định kỳ (/dinh-ky): the recurring tasks the user assigns or receives. */
export function RecurrenceListPage() {
  const actor = useSession()!.actor;
  const { data, isLoading, error } = useRecurrences();
  const mayCreate = hasRole(actor, 'leader', 'unit_manager');
  return (
    <Card style={{ maxWidth: 1100 }}>
      <Flex justify="space-between" align="start" gap={12} wrap>
        <div>
          <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
            Nhiệm vụ định kỳ
          </Typography.Title>
          <Typography.Paragraph style={MUTED}>
            Mỗi kỳ (tuần, tháng, quý, năm…) hệ thống tự giao một nhiệm vụ cho từng đơn vị, trước hạn
            theo số ngày đã chọn.
          </Typography.Paragraph>
        </div>
        {mayCreate && (
          <Link to="/dinh-ky/moi">
            <Button type="primary" icon={<PlusOutlined />}>
              Thêm nhiệm vụ định kỳ
            </Button>
          </Link>
        )}
      </Flex>
      {error && <Alert type="error" showIcon title={errorMessage(error)} />}
      <List<Recurrence>
        loading={isLoading}
        dataSource={data ?? []}
        locale={{
          emptyText: (
            <Empty
              description={
                mayCreate
                  ? 'Chưa có nhiệm vụ định kỳ. Bấm “Thêm nhiệm vụ định kỳ” để tạo.'
                  : 'Đơn vị chưa được giao nhiệm vụ định kỳ nào.'
              }
            />
          ),
        }}
        renderItem={(r) => (
          <List.Item key={r.id}>
            <div style={{ minWidth: 0, width: '100%' }}>
              <Flex gap={8} align="center" wrap>
                <Link to={`/dinh-ky/${r.id}`} style={{ fontWeight: 600, overflowWrap: 'anywhere' }}>
                  {r.title}
                </Link>
                <Tag style={{ ...RECURRENCE_STATUS_STYLES[r.status], margin: 0 }}>
                  {RECURRENCE_STATUS_LABELS[r.status]}
                </Tag>
              </Flex>
              <div style={{ overflowWrap: 'anywhere' }}>{r.ruleText}</div>
              <div style={{ ...MUTED, overflowWrap: 'anywhere' }}>Giao cho: {targetText(r)}</div>
              <div style={MUTED}>{nextText(r)}</div>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}
