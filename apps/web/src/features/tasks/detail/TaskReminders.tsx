import { BellOutlined, WarningOutlined } from '@ant-design/icons';
import { Empty, Typography } from 'antd';
import { formatDate, formatTimeDate } from '../../../shared/format';
import { MUTED } from '../../../shared/muted';
import type { TaskReminder } from './taskApi';

/** "Nhắc trước hạn 3 ngày", "Nhắc đúng ngày đến hạn", "Nhắc quá hạn 2 ngày". */
export function reminderTitle(r: Pick<TaskReminder, 'kind' | 'days'>): string {
  if (r.kind === 'before') return `Nhắc trước hạn ${r.days} ngày`;
  if (r.kind === 'due_day') return 'Nhắc đúng ngày đến hạn';
  return `Nhắc quá hạn ${r.days} ngày`;
}

/** Nhắc hạn đã gửi: the reminders the system sent about this task, oldest first. */
export function TaskReminders({
  reminders,
  hasDueDate,
  open,
}: {
  reminders: TaskReminder[];
  hasDueDate: boolean;
  open: boolean;
}) {
  if (!reminders.length) {
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <span style={MUTED}>
            {!hasDueDate
              ? 'Nhiệm vụ không có hạn xử lý nên hệ thống không gửi nhắc hạn.'
              : open
                ? 'Chưa có nhắc hạn nào được gửi. Hệ thống tự gửi nhắc trước hạn và khi quá hạn cho đơn vị chủ trì.'
                : 'Không có nhắc hạn nào đã gửi cho nhiệm vụ này.'}
          </span>
        }
      />
    );
  }
  return (
    <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="task-reminders">
      {reminders.map((r) => (
        <li
          key={`${r.kind}-${r.days}-${r.dueDate}`}
          style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}
        >
          <Typography.Text strong style={r.escalated ? { color: '#a8071a' } : undefined}>
            {r.escalated ? (
              <WarningOutlined aria-hidden style={{ marginRight: 6 }} />
            ) : (
              <BellOutlined aria-hidden style={{ marginRight: 6 }} />
            )}
            {reminderTitle(r)} — gửi lúc {formatTimeDate(r.sentAt)}
          </Typography.Text>
          <div>
            <Typography.Text style={{ ...MUTED, fontSize: 13 }}>
              Hạn xử lý {formatDate(r.dueDate)}
              {r.recipients.length > 0 &&
                ` · Gửi đến: ${r.recipients.map((p) => p.fullName).join(', ')}`}
              {r.escalated && ' · Đã báo lãnh đạo đơn vị và người giao'}
            </Typography.Text>
          </div>
        </li>
      ))}
    </ul>
  );
}
