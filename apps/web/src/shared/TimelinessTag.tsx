import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  ExclamationCircleOutlined,
  MinusCircleOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Tag } from 'antd';
import { dayjs, todayInVietnam } from './format';

/** Open tasks due within this many days show as "sắp đến hạn" (the digest's default window). */
export const DUE_SOON_DAYS = 3;

export type TimelinessTone = 'overdue' | 'due_soon' | 'on_track' | 'done' | 'none';

interface TaskTimeliness {
  status: string;
  timeliness?: string | null;
  dueDate?: string | null;
  /** The deadline counted (dueDate moved off a day off, Điều 148); absent when the same. */
  effectiveDueDate?: string | null;
}

/** The date a task's timeliness counts to: the effective deadline when the API gives one. */
export const deadlineOf = (task: TaskTimeliness): string | null =>
  task.effectiveDueDate ?? task.dueDate ?? null;

/** Days from today (Vietnam) to a due date: negative when it has passed. */
export const daysUntil = (dueDate: string): number =>
  dayjs(dueDate).diff(dayjs(todayInVietnam()), 'day');

/** The one rule for how a task's timeliness looks everywhere in the app. */
export function timelinessTone(task: TaskTimeliness): TimelinessTone {
  if (task.status === 'cancelled') return 'none';
  if (task.status === 'completed' || task.timeliness?.startsWith('completed')) return 'done';
  if (task.timeliness === 'overdue') return 'overdue';
  const deadline = deadlineOf(task);
  if (!deadline) return 'none';
  const days = daysUntil(deadline);
  if (days < 0) return 'overdue';
  return days <= DUE_SOON_DAYS ? 'due_soon' : 'on_track';
}

/** Dark text on a light tint: every pair passes WCAG AA contrast (axe checks it in the tests). */
export const TONE_STYLE: Record<TimelinessTone, React.CSSProperties> = {
  overdue: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' },
  due_soon: { color: '#7a4600', background: '#fffbe6', borderColor: '#ffd666' },
  on_track: { color: '#1f6b06', background: '#f6ffed', borderColor: '#b7eb8f' },
  done: { color: '#434343', background: '#f5f5f5', borderColor: '#d9d9d9' },
  none: { color: '#434343', background: '#fafafa', borderColor: '#d9d9d9' },
};

const COMPLETED: Record<string, string> = {
  completed_early: 'Hoàn thành trước hạn',
  completed_on_time: 'Hoàn thành đúng hạn',
  completed_late: 'Hoàn thành quá hạn',
};

/** Text + icon + colour (never colour alone): quá hạn red, sắp đến hạn amber, trong hạn green, hoàn thành grey. */
export function TimelinessTag({ task }: { task: TaskTimeliness }) {
  const tone = timelinessTone(task);
  const deadline = deadlineOf(task);
  const days = deadline ? daysUntil(deadline) : 0;
  switch (tone) {
    case 'overdue':
      return (
        <Tag style={TONE_STYLE.overdue} icon={<ExclamationCircleOutlined />}>
          {days < 0 ? `Quá hạn ${-days} ngày` : 'Quá hạn'}
        </Tag>
      );
    case 'due_soon':
      return (
        <Tag style={TONE_STYLE.due_soon} icon={<WarningOutlined />}>
          {days === 0 ? 'Đến hạn hôm nay' : `Sắp đến hạn (còn ${days} ngày)`}
        </Tag>
      );
    case 'on_track':
      return (
        <Tag style={TONE_STYLE.on_track} icon={<ClockCircleOutlined />}>
          Trong hạn
        </Tag>
      );
    case 'done':
      return (
        <Tag style={TONE_STYLE.done} icon={<CheckCircleOutlined />}>
          {COMPLETED[task.timeliness ?? ''] ?? 'Hoàn thành'}
        </Tag>
      );
    default:
      return (
        <Tag style={TONE_STYLE.none} icon={<MinusCircleOutlined />}>
          {task.status === 'cancelled' ? 'Đã hủy' : 'Không thời hạn'}
        </Tag>
      );
  }
}
