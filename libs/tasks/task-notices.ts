import { displayDate } from '../domain/dates';
import type { TaskEventRecord } from '../domain/task-state';

/** Who hears about a transition, and what they read (Vietnamese, shown to users). */
export type Audience = 'leadManagers' | 'assigner';

interface Notice {
  audience: Audience;
  title: (task: string) => string;
}

const NOTICES: Record<string, Notice> = {
  assign: { audience: 'leadManagers', title: (t) => `Nhiệm vụ mới được giao: ${t}` },
  submitResult: { audience: 'assigner', title: (t) => `Đơn vị báo cáo kết quả, chờ duyệt: ${t}` },
  approve: {
    audience: 'leadManagers',
    title: (t) => `Kết quả đã được duyệt, nhiệm vụ hoàn thành: ${t}`,
  },
  returnForRework: {
    audience: 'leadManagers',
    title: (t) => `Kết quả bị trả lại, cần thực hiện lại: ${t}`,
  },
  requestExtension: { audience: 'assigner', title: (t) => `Đề nghị gia hạn nhiệm vụ: ${t}` },
  decideExtension: {
    audience: 'leadManagers',
    title: (t) => `Đã có ý kiến về đề nghị gia hạn: ${t}`,
  },
  reassign: { audience: 'leadManagers', title: (t) => `Nhiệm vụ được chuyển cho đơn vị: ${t}` },
  recordExplanation: { audience: 'assigner', title: (t) => `Đơn vị đã giải trình việc chậm: ${t}` },
  cancel: { audience: 'leadManagers', title: (t) => `Nhiệm vụ đã bị thu hồi: ${t}` },
  fulfil: { audience: 'assigner', title: (t) => `Nhiệm vụ đã hoàn thành: ${t}` },
};

const formatDate = (iso: string | null) => displayDate(iso) || 'không thời hạn';

export function noticeFor(
  event: TaskEventRecord,
  task: { title: string; dueDate: string | null; leadUnitName: string },
): { audience: Audience; title: string; body: string } | null {
  const notice = NOTICES[event.action];
  if (!notice) return null;
  const lines = [
    `Nhiệm vụ: ${task.title}`,
    `Đơn vị chủ trì: ${task.leadUnitName}`,
    `Hạn xử lý: ${formatDate(task.dueDate)}`,
  ];
  const data = event.data as Record<string, unknown>;
  if (event.action === 'decideExtension') {
    lines.push(
      data.newDueDate
        ? `Đồng ý gia hạn đến ngày ${formatDate(String(data.newDueDate))}.`
        : 'Không đồng ý gia hạn.',
    );
  }
  for (const key of ['reason', 'note', 'result', 'explanation', 'evidence'] as const) {
    if (typeof data[key] === 'string') lines.push(`${LABELS[key]}: ${data[key]}`);
  }
  return { audience: notice.audience, title: notice.title(task.title), body: lines.join('\n') };
}

const LABELS = {
  reason: 'Lý do',
  note: 'Ý kiến',
  result: 'Kết quả',
  explanation: 'Giải trình',
  evidence: 'Căn cứ',
};
