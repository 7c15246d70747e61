/** Fixed vocabularies of a task. Sources (nguồn giao) are data: table task_sources. */
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

/** Lĩnh vực CCHC, the outline of every CCHC report (docs/domain.md §5). */
export const CCHC_AREAS = {
  chi_dao_dieu_hanh: 'Công tác chỉ đạo, điều hành',
  the_che: 'Cải cách thể chế',
  tthc: 'Cải cách thủ tục hành chính',
  to_chuc_bo_may: 'Cải cách tổ chức bộ máy',
  cong_vu: 'Cải cách chế độ công vụ',
  tai_chinh_cong: 'Cải cách tài chính công',
  chinh_quyen_so: 'Xây dựng chính quyền điện tử, chính quyền số',
} as const;
export type CchcArea = keyof typeof CCHC_AREAS;
export const CCHC_AREA_KEYS = Object.keys(CCHC_AREAS) as CchcArea[];
