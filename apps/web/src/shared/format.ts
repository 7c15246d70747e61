import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('vi');

/** Every time a user sees is in Vietnam's zone, whatever the browser's. */
export const VN_ZONE = 'Asia/Ho_Chi_Minh';

/** A calendar date (`yyyy-MM-dd` from the API) as `dd/MM/yyyy`. */
export const formatDate = (date: string | null | undefined): string =>
  date ? dayjs(date).format('DD/MM/YYYY') : '—';

export const WEEKDAYS = [
  'Chủ nhật',
  'Thứ Hai',
  'Thứ Ba',
  'Thứ Tư',
  'Thứ Năm',
  'Thứ Sáu',
  'Thứ Bảy',
];

/** A calendar date as "Thứ Hai, 09/03/2026". */
export const formatWeekdayDate = (date: string): string =>
  `${WEEKDAYS[dayjs(date).day()]}, ${formatDate(date)}`;

/** An instant (ISO, UTC) as `dd/MM/yyyy HH:mm` in Vietnam. */
export const formatDateTime = (instant: string | null | undefined): string =>
  instant ? dayjs(instant).tz(VN_ZONE).format('DD/MM/YYYY HH:mm') : '—';

/** An instant as `HH:mm dd/MM/yyyy` in Vietnam, for "gửi lúc 08:00 02/12/2026". */
export const formatTimeDate = (instant: string | null | undefined): string =>
  instant ? dayjs(instant).tz(VN_ZONE).format('HH:mm DD/MM/YYYY') : '—';

/** Today's calendar date in Vietnam, `yyyy-MM-dd`. */
export const todayInVietnam = (): string => dayjs().tz(VN_ZONE).format('YYYY-MM-DD');

export { dayjs };

/** A count the Vietnamese way: 44.333. */
export const formatCount = (n: number | null | undefined): string =>
  n === null || n === undefined ? '—' : new Intl.NumberFormat('vi-VN').format(n);

/** A ratio (0–1) as a Vietnamese percentage with one decimal: 94,8%. */
export const formatPercent = (ratio: number | null | undefined): string =>
  ratio === null || ratio === undefined
    ? '—'
    : `${new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ratio * 100)}%`;
