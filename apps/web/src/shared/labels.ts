/**
 * Vietnamese labels and colours for the API's enums. Colour never carries meaning alone: every tag
 * also has its words and an icon (see TimelinessTag).
 */
export const STATUS_LABELS: Record<string, string> = {
  assigned: 'Mới giao',
  in_progress: 'Đang thực hiện',
  submitted: 'Chờ duyệt',
  completed: 'Hoàn thành',
  cancelled: 'Đã hủy',
};

export const ROLE_LABELS: Record<string, string> = {
  admin: 'Quản trị hệ thống',
  leader: 'Lãnh đạo',
  unit_manager: 'Lãnh đạo đơn vị',
  specialist: 'Chuyên viên',
  monitor: 'Theo dõi, tổng hợp',
};

export const TIMELINESS_LABELS: Record<string, string> = {
  completed_early: 'Hoàn thành trước hạn',
  completed_on_time: 'Hoàn thành đúng hạn',
  completed_late: 'Hoàn thành quá hạn',
  overdue: 'Quá hạn',
  in_progress: 'Trong hạn',
  no_deadline: 'Không thời hạn',
};

export const PRIORITY_LABELS: Record<string, string> = {
  low: 'Thấp',
  normal: 'Bình thường',
  high: 'Cao',
  urgent: 'Khẩn',
};

/** Lĩnh vực cải cách hành chính (the API's CchcArea). */
export const CCHC_AREA_LABELS: Record<string, string> = {
  chi_dao_dieu_hanh: 'Công tác chỉ đạo, điều hành',
  the_che: 'Cải cách thể chế',
  tthc: 'Cải cách thủ tục hành chính',
  to_chuc_bo_may: 'Cải cách tổ chức bộ máy',
  cong_vu: 'Cải cách chế độ công vụ',
  tai_chinh_cong: 'Cải cách tài chính công',
  chinh_quyen_so: 'Xây dựng chính quyền điện tử, chính quyền số',
};

/** What happened to a task, as its history (GET /tasks/:id/history, /timeline) names it. */
export const TASK_EVENT_LABELS: Record<string, string> = {
  assign: 'Giao nhiệm vụ',
  accept: 'Tiếp nhận nhiệm vụ',
  reportProgress: 'Báo cáo tiến độ',
  submitResult: 'Trình kết quả',
  approve: 'Phê duyệt kết quả',
  returnForRework: 'Trả lại để làm tiếp',
  requestExtension: 'Đề nghị gia hạn',
  decideExtension: 'Quyết định gia hạn',
  reassign: 'Giao lại cho đơn vị khác',
  recordExplanation: 'Giải trình chậm hạn',
  cancel: 'Hủy nhiệm vụ',
  fulfil: 'Hoàn thành tự động',
};

/** What a file on a task is for (TaskFileDto.kind). */
export const FILE_KIND_LABELS: Record<string, string> = {
  attachment: 'Tài liệu kèm theo',
  progress: 'Kèm báo cáo tiến độ',
  result: 'Kèm kết quả',
};
