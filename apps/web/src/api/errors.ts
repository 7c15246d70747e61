import { ApiError, type Schemas } from './client';

/**
 * Vietnamese text for the API's stable error codes a user can meet on the screens, keyed by the
 * generated `ErrorCode` enum: a code the API renames or drops fails the web app's type check.
 */
const CODES: Partial<Record<Schemas['ErrorCode'], string>> = {
  INVALID_CREDENTIALS: 'Tên đăng nhập hoặc mật khẩu không đúng.',
  TOO_MANY_LOGIN_ATTEMPTS: 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút.',
  UNAUTHENTICATED: 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.',
  INVALID_CURRENT_PASSWORD: 'Mật khẩu hiện tại không đúng.',
  PASSWORD_UNCHANGED: 'Mật khẩu mới phải khác mật khẩu hiện tại.',
  VALIDATION_FAILED: 'Thông tin nhập chưa hợp lệ. Vui lòng kiểm tra các trường được đánh dấu.',
  PAYLOAD_TOO_LARGE: 'Dữ liệu gửi lên quá lớn.',
  ROLE_REQUIRED: 'Tài khoản của bạn không có vai trò thực hiện thao tác này.',
  OUTSIDE_SCOPE: 'Nội dung này nằm ngoài phạm vi đơn vị của bạn.',
  ACTION_NOT_ALLOWED: 'Bạn không có quyền thực hiện thao tác này với nhiệm vụ.',
  TASK_NOT_FOUND: 'Không tìm thấy nhiệm vụ.',
  UNIT_NOT_FOUND: 'Không tìm thấy đơn vị.',
  USER_NOT_FOUND: 'Không tìm thấy người dùng.',
  NOTIFICATION_NOT_FOUND: 'Không tìm thấy thông báo.',
  TASK_FILE_NOT_FOUND: 'Không tìm thấy tệp.',
  REFERENCE_NOT_FOUND: 'Một mục được chọn không còn tồn tại. Vui lòng chọn lại.',
  TASK_CODE_TAKEN: 'Mã nhiệm vụ này đã được sử dụng.',
  TASK_BUSY: 'Nhiệm vụ đang được cập nhật bởi thao tác khác. Vui lòng thử lại.',
  WORKFLOW_BUSY: 'Hệ thống đang xử lý thao tác trước. Vui lòng thử lại sau giây lát.',
  TASK_CLOSED: 'Nhiệm vụ đã kết thúc, không thể thực hiện thao tác này.',
  TASK_CANCELLED: 'Nhiệm vụ đã bị hủy.',
  TASK_ALREADY_COMPLETED: 'Nhiệm vụ đã hoàn thành.',
  TASK_ALREADY_STARTED: 'Nhiệm vụ đã được tiếp nhận.',
  TASK_INVALID_TRANSITION: 'Trạng thái nhiệm vụ đã thay đổi, thao tác này không còn phù hợp.',
  TASK_HAS_NO_DEADLINE: 'Nhiệm vụ không có thời hạn.',
  TASK_NOT_LATE: 'Nhiệm vụ chưa quá hạn nên chưa cần giải trình.',
  EXTENSION_PENDING: 'Đang có một đề nghị gia hạn chờ quyết định.',
  EXTENSION_LIMIT_REACHED: 'Nhiệm vụ đã hết số lần được đề nghị gia hạn.',
  EXTENSION_AFTER_DEADLINE: 'Chỉ được đề nghị gia hạn trước khi hết hạn.',
  EXTENSION_NOT_LATER: 'Hạn mới phải sau hạn hiện tại.',
  NO_PENDING_EXTENSION: 'Không có đề nghị gia hạn nào đang chờ quyết định.',
  SAME_LEAD_UNIT: 'Đơn vị mới trùng với đơn vị chủ trì hiện tại.',
  FILE_TOO_LARGE: 'Tệp quá lớn so với dung lượng cho phép.',
  FILE_TYPE_NOT_ALLOWED: 'Chỉ nhận tệp PDF, Word, Excel, JPG hoặc PNG.',
  CANNOT_DEACTIVATE_SELF: 'Không thể tự khóa tài khoản của chính mình.',
  RECURRENCE_NOT_FOUND: 'Không tìm thấy nhiệm vụ định kỳ.',
  RECURRENCE_ENDED: 'Nhiệm vụ định kỳ đã kết thúc.',
  RECURRENCE_NOT_ACTIVE: 'Nhiệm vụ định kỳ đang tạm dừng.',
  RECURRENCE_NOT_PAUSED: 'Nhiệm vụ định kỳ đang được áp dụng.',
  REORGANISATION_NOT_FOUND: 'Không tìm thấy phương án sắp xếp tổ chức.',
  REORGANISATION_PENDING:
    'Đơn vị đã có một phương án sắp xếp tổ chức chưa thực hiện xong. Vui lòng hủy hoặc chờ phương án đó.',
  REORGANISATION_NOT_SCHEDULED:
    'Phương án sắp xếp tổ chức đã được thực hiện hoặc đã hủy, không thể hủy nữa.',
  REORGANISATION_REFUSED: 'Không thực hiện được phương án sắp xếp tổ chức.',
};

/**
 * The API's own rules for a field, whose messages mix English and Vietnamese terms: always
 * shown in these words.
 */
const PRODUCT_RULES: Record<string, string> = {
  documentSymbol: 'Số/ký hiệu văn bản không đúng thể thức (ví dụ: 389/KH-UBND).',
  exists: 'Không tìm thấy mục đã chọn. Vui lòng chọn lại từ danh sách.',
  exclusive: 'Chỉ chọn một trong hai: ngày cụ thể hoặc số ngày làm việc.',
  notLead: 'Đơn vị chủ trì không đồng thời là đơn vị phối hợp.',
  inLeadUnit: 'Người thực hiện phải thuộc đơn vị chủ trì.',
  unique: 'Giá trị này đã được sử dụng.',
  dateRange: 'Ngày nằm ngoài khoảng cho phép.',
  notTooEarly: 'Chỉ được áp dụng cho các kỳ từ một năm trước trở lại đây.',
  afterStart: 'Ngày kết thúc phải sau ngày bắt đầu áp dụng.',
  notDissolved: 'Đơn vị đã giải thể hoặc đã sáp nhập vào đơn vị khác.',
  notRoot: 'Không sắp xếp được đơn vị gốc (UBND tỉnh).',
  outsideSource: 'Đơn vị kế thừa không được là đơn vị bị sắp xếp hoặc đơn vị trực thuộc nó.',
  oneOfSuccessors: 'Phải là một trong các đơn vị được chia cho.',
  openTaskOfUnit: 'Không phải nhiệm vụ đang thực hiện do đơn vị được chia chủ trì.',
};

/** Vietnamese text for class-validator rules, when the API's own message is not Vietnamese. */
const RULES: Record<string, string> = {
  isNotEmpty: 'Không được để trống.',
  isDefined: 'Không được để trống.',
  isString: 'Phải là văn bản.',
  maxLength: 'Nội dung quá dài.',
  minLength: 'Nội dung quá ngắn.',
  isUuid: 'Vui lòng chọn từ danh sách.',
  isCalendarDate: 'Ngày không hợp lệ (dd/mm/yyyy).',
  isDateString: 'Ngày không hợp lệ (dd/mm/yyyy).',
  isIn: 'Giá trị không nằm trong danh sách cho phép.',
  isEnum: 'Giá trị không nằm trong danh sách cho phép.',
  isInt: 'Phải là số nguyên.',
  min: 'Giá trị quá nhỏ.',
  max: 'Giá trị quá lớn.',
  isEmail: 'Địa chỉ thư điện tử không hợp lệ.',
  arrayNotEmpty: 'Cần chọn ít nhất một mục.',
  unknownField: 'Trường không được hỗ trợ.',
};

const hasVietnamese = (text: string) => /[à-ỹÀ-Ỹđ]/.test(text);

/** One line a user can read, for a notification or an alert. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const known = CODES[error.code as Schemas['ErrorCode']];
    if (known) return known;
    if (hasVietnamese(error.message)) return error.message;
    if (error.status === 403) return 'Bạn không có quyền thực hiện thao tác này.';
    if (error.status === 404) return 'Không tìm thấy dữ liệu yêu cầu.';
    if (error.status === 409) return 'Dữ liệu đã thay đổi. Trang sẽ được tải lại.';
    if (error.status >= 500) return 'Hệ thống đang gặp sự cố. Vui lòng thử lại sau.';
    return 'Yêu cầu không hợp lệ.';
  }
  if (error instanceof TypeError) return 'Không kết nối được máy chủ. Vui lòng kiểm tra mạng.';
  return 'Đã có lỗi xảy ra. Vui lòng thử lại.';
}

/**
 * The API's `details[]` as Ant Design form field errors: `[{ name, errors }]` for `form.setFields`.
 * Fields the form does not show are returned apart so the screen can show them in an alert.
 */
export function fieldErrors<K extends string>(
  error: unknown,
  shown: readonly K[],
): { fields: { name: K; errors: string[] }[]; other: string[] } {
  const fields = new Map<K, string[]>();
  const other: string[] = [];
  if (!(error instanceof ApiError)) return { fields: [], other: [] };
  for (const detail of error.body.details ?? []) {
    const message =
      PRODUCT_RULES[detail.rule ?? ''] ??
      (detail.message && hasVietnamese(detail.message)
        ? detail.message
        : (RULES[detail.rule ?? ''] ?? 'Giá trị không hợp lệ.'));
    const name = (detail.field ?? '').split(/[.[]/)[0] as K;
    if (shown.includes(name)) fields.set(name, [...(fields.get(name) ?? []), message]);
    else other.push(message);
  }
  return { fields: [...fields].map(([name, errors]) => ({ name, errors })), other };
}
