import { Empty, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { Schemas } from '../../../api/client';
import { formatDate } from '../../../shared/format';
import { STATUS_LABELS } from '../../../shared/labels';
import { TimelinessTag } from '../../../shared/TimelinessTag';
import { MUTED } from '../../../shared/muted';

/** Nhiệm vụ con: the tasks split from this one, each linking to its page. */
export function SubtaskList({
  tasks,
  canSplit,
}: {
  tasks: Schemas['TaskDto'][];
  canSplit: boolean;
}) {
  if (!tasks.length) {
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <span style={MUTED}>
            {canSplit
              ? 'Chưa có nhiệm vụ con. Bấm “Giao nhiệm vụ con” để giao phần việc cho phòng, đơn vị trực thuộc.'
              : 'Chưa có nhiệm vụ con.'}
          </span>
        }
      />
    );
  }
  return (
    <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {tasks.map((t) => (
        <li key={t.id} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
          <Link to={`/nhiem-vu/${t.id}`}>{t.title}</Link>
          <div>
            <Typography.Text style={{ ...MUTED, fontSize: 13 }}>
              {t.leadUnit.name} · Hạn {formatDate(t.dueDate)} · {STATUS_LABELS[t.status]}
            </Typography.Text>
          </div>
          <Space size={4} style={{ marginTop: 4 }}>
            <TimelinessTag task={t} />
          </Space>
        </li>
      ))}
    </ul>
  );
}
