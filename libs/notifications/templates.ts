import { displayDate } from '../domain/dates';

/** Texts users read in their inbox and e-mail: Vietnamese, dates as dd/MM/yyyy. */

export interface ReminderSubject {
  title: string;
  dueDate: string;
  leadUnitName: string;
  daysLeft?: number;
  daysOverdue?: number;
}

export function reminderMessage(
  kind: 'before' | 'due_day' | 'overdue',
  task: ReminderSubject,
): { title: string; body: string } {
  const title = {
    before: `Nhắc hạn: còn ${task.daysLeft} ngày – ${task.title}`,
    due_day: `Đến hạn hôm nay – ${task.title}`,
    overdue: `Quá hạn ${task.daysOverdue} ngày – ${task.title}`,
  }[kind];
  const lines = [
    `Nhiệm vụ: ${task.title}`,
    `Đơn vị chủ trì: ${task.leadUnitName}`,
    `Hạn xử lý: ${displayDate(task.dueDate)}`,
    kind === 'overdue'
      ? 'Nhiệm vụ đã quá hạn. Đề nghị đơn vị khẩn trương hoàn thành, báo cáo kết quả và giải trình lý do chậm.'
      : 'Đề nghị đơn vị khẩn trương thực hiện và báo cáo kết quả đúng hạn.',
  ];
  return { title, body: lines.join('\n') };
}

export function digestMessage(
  date: string,
  items: { title: string; dueDate: string; leadUnitName: string; overdue: boolean }[],
): { title: string; body: string } {
  const overdue = items.filter((i) => i.overdue);
  const soon = items.filter((i) => !i.overdue);
  const line = (i: (typeof items)[number]) =>
    `- ${i.title} (${i.leadUnitName}, hạn ${displayDate(i.dueDate)})`;
  const body = [
    `Tổng hợp ngày ${displayDate(date)}: ${overdue.length} nhiệm vụ quá hạn, ${soon.length} nhiệm vụ sắp đến hạn.`,
    ...(overdue.length ? ['', 'Quá hạn chưa hoàn thành:', ...overdue.map(line)] : []),
    ...(soon.length ? ['', 'Sắp đến hạn:', ...soon.map(line)] : []),
  ];
  return {
    title: `Tổng hợp nhiệm vụ sắp đến hạn và quá hạn ngày ${displayDate(date)}`,
    body: body.join('\n'),
  };
}
