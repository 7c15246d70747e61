import { Descriptions, Grid, Progress, Typography } from 'antd';
import { Link } from 'react-router-dom';
import {
  formatDate,
  formatDateTime,
  formatWeekdayDate,
  todayInVietnam,
} from '../../../shared/format';
import { deadlineOf } from '../../../shared/TimelinessTag';
import { CCHC_AREA_LABELS, PRIORITY_LABELS } from '../../../shared/labels';
import type { Unit } from '../../../shared/units';
import {
  useWorkingCalendar,
  workingDaysBetween,
  yearsBetween,
} from '../../../shared/workingCalendar';
import type { TaskDetail } from './taskApi';
import { MUTED } from '../../../shared/muted';

/** "còn 5 ngày làm việc" / "quá hạn 2 ngày làm việc" for an open task, from the calendar. */
export function WorkingDaysLeft({ task }: { task: TaskDetail }) {
  const today = todayInVietnam();
  const due = deadlineOf(task);
  const open = !['completed', 'cancelled'].includes(task.status);
  const { dayInfo } = useWorkingCalendar(due ? yearsBetween(today, due) : []);
  if (!due || !open || !dayInfo) return null;
  const left = workingDaysBetween(today, due, dayInfo);
  const text =
    due === today
      ? 'đến hạn hôm nay'
      : left >= 0
        ? `còn ${left} ngày làm việc`
        : `quá hạn ${-left} ngày làm việc`;
  return <span data-testid="working-days-left"> ({text})</span>;
}

const pre = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;

/** Everything the task says about itself, as label–value pairs. */
export function TaskSummary({
  task,
  units,
  sourceLabel,
}: {
  task: TaskDetail;
  units: ReadonlyMap<string, Unit>;
  sourceLabel: string;
}) {
  const screens = Grid.useBreakpoint();
  const result = task.lastResult;
  const coordinating = task.coordinatingUnitIds
    .map((id) => units.get(id)?.name ?? '')
    .filter(Boolean);

  const items = [
    { key: 'code', label: 'Mã nhiệm vụ', children: task.code ?? '—' },
    { key: 'source', label: 'Nguồn giao', children: sourceLabel },
    {
      key: 'doc',
      label: 'Văn bản giao',
      children: task.sourceDocument
        ? `${task.sourceDocument}${task.sourceDocumentDate ? ` ngày ${formatDate(task.sourceDocumentDate)}` : ''}`
        : '—',
    },
    {
      key: 'assigner',
      label: 'Người giao',
      children: task.assigner.fullName
        ? `${task.assigner.fullName} – ${task.assigningUnit.name}`
        : task.assigningUnit.name,
    },
    { key: 'assignedAt', label: 'Ngày giao', children: formatDateTime(task.assignedAt) },
    { key: 'lead', label: 'Đơn vị chủ trì', children: task.leadUnit.name },
    {
      key: 'coordinating',
      label: 'Đơn vị phối hợp',
      children: coordinating.length ? coordinating.join('; ') : '—',
    },
    ...(task.assignee
      ? [{ key: 'assignee', label: 'Người thực hiện', children: task.assignee.fullName }]
      : []),
    {
      key: 'due',
      label: 'Hạn xử lý',
      children: task.dueDate ? (
        <span>
          <strong>{formatDate(task.dueDate)}</strong>
          {task.effectiveDueDate && task.effectiveDueDate !== task.dueDate && (
            <span data-testid="effective-due-date">
              {' '}
              – rơi vào ngày nghỉ, hạn tính đến hết {formatWeekdayDate(task.effectiveDueDate)} (Điều
              148 Bộ luật Dân sự)
            </span>
          )}
          <WorkingDaysLeft task={task} />
          {task.originalDueDate && task.originalDueDate !== task.dueDate && (
            <Typography.Text style={MUTED}>
              {' '}
              – hạn ban đầu {formatDate(task.originalDueDate)}, đã gia hạn {task.extensionsApproved}{' '}
              lần
            </Typography.Text>
          )}
        </span>
      ) : (
        'Không thời hạn'
      ),
    },
    { key: 'priority', label: 'Mức độ ưu tiên', children: PRIORITY_LABELS[task.priority] },
    ...(task.area
      ? [{ key: 'area', label: 'Lĩnh vực', children: CCHC_AREA_LABELS[task.area] ?? task.area }]
      : []),
    {
      key: 'progress',
      label: 'Tiến độ',
      children: (
        <Progress
          percent={task.progressPercent}
          size="small"
          style={{ maxWidth: 240, margin: 0 }}
          aria-label={`Tỷ lệ hoàn thành ${task.progressPercent}%`}
        />
      ),
    },
    ...(task.completedAt
      ? [{ key: 'completed', label: 'Ngày hoàn thành', children: formatDateTime(task.completedAt) }]
      : []),
    ...(task.parentTaskId
      ? [
          {
            key: 'parent',
            label: 'Thuộc nhiệm vụ',
            children: <Link to={`/nhiem-vu/${task.parentTaskId}`}>Xem nhiệm vụ cấp trên</Link>,
          },
        ]
      : []),
    {
      key: 'description',
      label: 'Nội dung, yêu cầu',
      span: 'filled' as const,
      children: <div style={pre}>{task.description || '—'}</div>,
    },
    ...(result?.result
      ? [
          {
            key: 'result',
            label: 'Kết quả đã trình',
            span: 'filled' as const,
            children: (
              <div style={pre} data-testid="task-result">
                {result.result}
                {result.outputDocument && <div>Văn bản kết quả: {result.outputDocument}</div>}
                <Typography.Text style={{ ...MUTED, fontSize: 13 }}>
                  Trình lúc {formatDateTime(result.submittedAt)}
                  {task.status === 'in_progress' && ' · đã bị trả lại, đang thực hiện tiếp'}
                </Typography.Text>
              </div>
            ),
          },
        ]
      : []),
    ...(task.explanation
      ? [
          {
            key: 'explanation',
            label: 'Giải trình',
            span: 'filled' as const,
            children: <div style={pre}>{task.explanation}</div>,
          },
        ]
      : []),
  ];
  return (
    <Descriptions
      bordered
      size="small"
      column={screens.xxl ? 2 : 1}
      layout={screens.sm ? 'horizontal' : 'vertical'}
      items={items}
      styles={{ label: { width: screens.sm ? 170 : undefined, color: '#434343' } }}
    />
  );
}
