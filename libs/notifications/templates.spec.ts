import { digestMessage, reminderMessage } from './templates';

const task = { title: 'Rà soát TTHC', dueDate: '2025-03-31', leadUnitName: 'Sở Tư pháp' };

describe('Notification texts', () => {
  it('says how many days are left, or that the task is due or overdue, in Vietnamese', () => {
    expect(reminderMessage('before', { ...task, daysLeft: 3 }).title).toBe(
      'Nhắc hạn: còn 3 ngày – Rà soát TTHC',
    );
    expect(reminderMessage('due_day', task).title).toBe('Đến hạn hôm nay – Rà soát TTHC');
    const overdue = reminderMessage('overdue', { ...task, daysOverdue: 8 });
    expect(overdue.title).toBe('Quá hạn 8 ngày – Rà soát TTHC');
    expect(overdue.body).toContain('Hạn xử lý: 31/03/2025');
    expect(overdue.body).toContain('giải trình');
  });

  it('lists overdue tasks before those due soon in the daily digest', () => {
    const { title, body } = digestMessage('2025-03-28', [
      { ...task, overdue: false },
      { title: 'Báo cáo quý', dueDate: '2025-03-20', leadUnitName: 'Sở Nội vụ', overdue: true },
    ]);
    expect(title).toBe('Tổng hợp nhiệm vụ sắp đến hạn và quá hạn ngày 28/03/2025');
    expect(body.split('\n')).toEqual([
      'Tổng hợp ngày 28/03/2025: 1 nhiệm vụ quá hạn, 1 nhiệm vụ sắp đến hạn.',
      '',
      'Quá hạn chưa hoàn thành:',
      '- Báo cáo quý (Sở Nội vụ, hạn 20/03/2025)',
      '',
      'Sắp đến hạn:',
      '- Rà soát TTHC (Sở Tư pháp, hạn 31/03/2025)',
    ]);
  });
});
