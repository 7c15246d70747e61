import type { TaskActionKey } from './taskApi';

/** Button, dialog title, confirm button and success message of each action, in Vietnamese. */
export const ACTION_TEXT: Record<
  TaskActionKey,
  { button: string; title: string; ok: string; done: string }
> = {
  accept: {
    button: 'Tiếp nhận',
    title: 'Tiếp nhận nhiệm vụ',
    ok: 'Xác nhận tiếp nhận',
    done: 'Đã tiếp nhận nhiệm vụ.',
  },
  reportProgress: {
    button: 'Báo cáo tiến độ',
    title: 'Báo cáo tiến độ thực hiện',
    ok: 'Gửi báo cáo',
    done: 'Đã gửi báo cáo tiến độ.',
  },
  submitResult: {
    button: 'Trình kết quả',
    title: 'Trình kết quả thực hiện',
    ok: 'Trình kết quả',
    done: 'Đã trình kết quả, chờ phê duyệt.',
  },
  approve: {
    button: 'Phê duyệt',
    title: 'Phê duyệt kết quả',
    ok: 'Phê duyệt',
    done: 'Đã phê duyệt kết quả. Nhiệm vụ hoàn thành.',
  },
  returnForRework: {
    button: 'Trả lại',
    title: 'Trả lại kết quả',
    ok: 'Trả lại',
    done: 'Đã trả lại để đơn vị tiếp tục thực hiện.',
  },
  requestExtension: {
    button: 'Đề nghị gia hạn',
    title: 'Đề nghị gia hạn xử lý',
    ok: 'Gửi đề nghị',
    done: 'Đã gửi đề nghị gia hạn.',
  },
  decideExtension: {
    button: 'Xét đề nghị gia hạn',
    title: 'Xét đề nghị gia hạn',
    ok: 'Ghi nhận quyết định',
    done: 'Đã ghi nhận quyết định gia hạn.',
  },
  reassign: {
    button: 'Giao lại đơn vị khác',
    title: 'Giao lại cho đơn vị chủ trì khác',
    ok: 'Giao lại',
    done: 'Đã giao lại nhiệm vụ cho đơn vị mới.',
  },
  recordExplanation: {
    button: 'Giải trình',
    title: 'Giải trình lý do chậm hạn',
    ok: 'Gửi giải trình',
    done: 'Đã ghi nhận giải trình.',
  },
  cancel: {
    button: 'Hủy nhiệm vụ',
    title: 'Hủy nhiệm vụ',
    ok: 'Hủy nhiệm vụ',
    done: 'Đã hủy nhiệm vụ.',
  },
  split: {
    button: 'Giao nhiệm vụ con',
    title: 'Giao nhiệm vụ con cho đơn vị trực thuộc',
    ok: 'Giao nhiệm vụ con',
    done: 'Đã giao nhiệm vụ con.',
  },
};
