import { reorganisationReason, vnDate } from './reorganisation-row';

describe('reorganisationReason', () => {
  it('says who went where from which day, the way a task history shows it', () => {
    expect(
      reorganisationReason(
        'absorb',
        ['Sở Kế hoạch và Đầu tư'],
        ['Sở Tài chính'],
        '2025-03-01',
        'Quyết định số 120/QĐ-UBND',
      ),
    ).toBe(
      'Sắp xếp tổ chức: Sở Kế hoạch và Đầu tư sáp nhập vào Sở Tài chính từ 01/03/2025 (Quyết định số 120/QĐ-UBND)',
    );
    expect(
      reorganisationReason('merge', ['Sở A', 'Sở B', 'Sở C'], ['Sở D'], '2025-03-01', null),
    ).toBe('Sắp xếp tổ chức: Sở A, Sở B và Sở C hợp nhất thành Sở D từ 01/03/2025');
    expect(reorganisationReason('dissolve', ['Ban X'], ['Sở Y'], '2025-07-01', null)).toBe(
      'Sắp xếp tổ chức: Ban X giải thể từ 01/07/2025, Sở Y tiếp nhận nhiệm vụ',
    );
  });

  it('writes dates day first', () => {
    expect(vnDate('2026-12-04')).toBe('04/12/2026');
  });
});
