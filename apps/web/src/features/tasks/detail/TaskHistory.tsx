import { Empty, Space, Timeline, Typography } from 'antd';
import { formatDateTime } from '../../../shared/format';
import { FILE_KIND_LABELS, TASK_EVENT_LABELS } from '../../../shared/labels';
import type { Unit } from '../../../shared/units';
import { eventLines } from './eventText';
import { FileLink } from './FileLink';
import type { TimelineEntry } from './taskApi';
import { MUTED } from '../../../shared/muted';

/** Diễn biến xử lý: each step (who, what, when), with the files sent with it; oldest first. */
export function TaskHistory({
  entries,
  units,
}: {
  entries: TimelineEntry[];
  units: ReadonlyMap<string, Unit>;
}) {
  const shown = entries.filter((e) => e.type !== 'comment');
  if (!shown.length)
    return <Empty description={<span style={MUTED}>Chưa có diễn biến nào.</span>} />;
  return (
    <Timeline
      aria-label="Diễn biến xử lý"
      items={shown.map((entry, i) => {
        const who = entry.actor
          ? `${entry.actor.fullName}${entry.actor.unitName ? ` (${entry.actor.unitName})` : ''}`
          : 'Hệ thống';
        const title =
          entry.type === 'event' && entry.event
            ? (TASK_EVENT_LABELS[entry.event.action] ?? entry.event.action)
            : `Tải lên tệp (${FILE_KIND_LABELS[entry.files[0]?.kind ?? 'attachment']})`;
        const lines = entry.type === 'event' && entry.event ? eventLines(entry.event, units) : [];
        return {
          key: `${entry.type}-${entry.event?.seq ?? entry.files[0]?.id ?? i}`,
          color: entry.event?.action === 'cancel' ? 'gray' : 'blue',
          content: (
            <div data-testid="history-item">
              <Typography.Text strong>{title}</Typography.Text>
              <div>
                <Typography.Text style={MUTED}>
                  {who} · {formatDateTime(entry.at)}
                </Typography.Text>
              </div>
              {lines.map((line, j) => (
                <div key={j} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {line}
                </div>
              ))}
              {entry.files.length > 0 && (
                <Space orientation="vertical" size={0}>
                  {entry.files.map((f) => (
                    <FileLink key={f.id} file={f} />
                  ))}
                </Space>
              )}
            </div>
          ),
        };
      })}
    />
  );
}
