import { DatePicker, Typography, type DatePickerProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { dayjs, todayInVietnam, WEEKDAYS } from './format';
import { useWorkingCalendar, workingDaysBetween, type DayInfo } from './workingCalendar';

/** "Thứ Bảy – ngày nghỉ", "Tết Nguyên đán – ngày nghỉ", or nothing for a working day. */
export function dayOffText(date: string, info: DayInfo): string | undefined {
  if (info.working) return undefined;
  return `${info.holiday ?? WEEKDAYS[dayjs(date).day()]} – ngày nghỉ`;
}

/** The calendar of the years around a date picker's panel: the shown year and its neighbours. */
function usePanelCalendar(value: Dayjs | null | undefined) {
  const [panelYear, setPanelYear] = useState(() => (value ?? dayjs()).year());
  const { dayInfo } = useWorkingCalendar([panelYear - 1, panelYear, panelYear + 1]);
  return { dayInfo, setPanelYear };
}

type Props = Omit<DatePickerProps, 'format' | 'cellRender' | 'picker'>;

/**
 * A date picker (dd/MM/yyyy) that marks days off from GET /calendar/:year: weekends with a dot,
 * holidays and Tết with a star, each with its name as the cell's title (never colour alone).
 */
export function DueDatePicker(props: Props) {
  const value = props.value as Dayjs | null | undefined;
  const { dayInfo, setPanelYear } = usePanelCalendar(value);
  return (
    <DatePicker
      format="DD/MM/YYYY"
      placeholder="dd/mm/yyyy"
      style={{ width: '100%' }}
      onPanelChange={(date) => date && setPanelYear(date.year())}
      onOpenChange={(open) => open && setPanelYear((value ?? dayjs()).year())}
      renderExtraFooter={() => (
        <Typography.Text style={{ fontSize: 13, color: '#434343' }}>
          <span aria-hidden="true">•</span> Cuối tuần&nbsp;&nbsp;
          <span aria-hidden="true" style={{ color: '#a8071a' }}>
            ★
          </span>{' '}
          Ngày lễ, Tết (di chuột vào ngày để xem tên)
        </Typography.Text>
      )}
      cellRender={(current, info) => {
        if (info.type !== 'date' || !dayInfo || typeof current !== 'object') return info.originNode;
        const date = (current as Dayjs).format('YYYY-MM-DD');
        const day = dayInfo(date);
        const text = dayOffText(date, day);
        if (!text) return info.originNode;
        return (
          <div
            className={`${info.prefixCls}-cell-inner`}
            title={text}
            style={{ position: 'relative' }}
          >
            {(current as Dayjs).date()}
            <span
              aria-hidden="true"
              style={{
                position: 'absolute',
                insetInlineEnd: -2,
                top: -6,
                fontSize: 9,
                lineHeight: 1,
                color: day.holiday ? '#cf1322' : 'inherit',
              }}
            >
              {day.holiday ? '★' : '•'}
            </span>
          </div>
        );
      }}
      {...props}
    />
  );
}

/** Under a due date: how many working days it leaves, and whether it is a day off. */
export function DueDateHint({ value }: { value: Dayjs | null | undefined }) {
  const today = todayInVietnam();
  const date = value?.format('YYYY-MM-DD');
  const { dayInfo } = useWorkingCalendar(
    date ? [dayjs(today).year(), dayjs(date).year()] : [dayjs(today).year()],
  );
  if (!date || !dayInfo) return null;
  const left = workingDaysBetween(today, date, dayInfo);
  const off = dayOffText(date, dayInfo(date));
  return (
    <span>
      {left >= 0 ? `Còn ${left} ngày làm việc kể từ hôm nay.` : 'Ngày này đã qua.'}
      {off && ` Lưu ý: ${value!.format('DD/MM/YYYY')} là ${off.replace(' – ', ', ')}.`}
    </span>
  );
}
