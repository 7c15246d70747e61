import { Form, InputNumber, Radio, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { DueDateHint, DueDatePicker } from '../../../shared/DueDatePicker';
import { dayjs, formatWeekdayDate, todayInVietnam } from '../../../shared/format';
import { useWorkingDaysPreview } from './useAssignOptions';

export type DueMode = 'date' | 'workingDays' | 'none';

function WorkingDaysPreview({ days }: { days: number | null | undefined }) {
  const today = todayInVietnam();
  const { data, isFetching } = useWorkingDaysPreview(today, days);
  if (!days) return null;
  if (isFetching && !data) return <span>Đang tính hạn xử lý…</span>;
  if (!data) return null;
  return (
    <span>Hạn xử lý sẽ là {formatWeekdayDate(data.date)} (không tính ngày nghỉ, lễ, Tết).</span>
  );
}

/**
 * Hạn xử lý: a date from a picker that marks days off, or "trong N ngày làm việc" (the API
 * computes the date: dueInWorkingDays), or no deadline.
 */
export function DueField({ minDate }: { minDate?: Dayjs }) {
  const form = Form.useFormInstance();
  const mode = Form.useWatch<DueMode>('dueMode', form);
  const dueDate = Form.useWatch<Dayjs | null>('dueDate', form);
  const days = Form.useWatch<number | null>('dueInWorkingDays', form);
  return (
    <>
      <Form.Item
        name="dueMode"
        label="Cách tính hạn xử lý"
        initialValue="date"
        rules={[{ required: true, message: 'Vui lòng chọn cách tính hạn xử lý.' }]}
      >
        <Radio.Group>
          <Space wrap>
            <Radio value="date">Chọn ngày</Radio>
            <Radio value="workingDays">Số ngày làm việc</Radio>
            <Radio value="none">Không thời hạn</Radio>
          </Space>
        </Radio.Group>
      </Form.Item>
      {mode !== 'workingDays' && mode !== 'none' && (
        <Form.Item
          name="dueDate"
          label="Hạn xử lý"
          rules={[{ required: true, message: 'Vui lòng chọn hạn xử lý.' }]}
          extra={<DueDateHint value={dueDate} />}
        >
          <DueDatePicker
            disabledDate={(d) => d.isBefore(minDate ?? dayjs(todayInVietnam()), 'day')}
          />
        </Form.Item>
      )}
      {mode === 'workingDays' && (
        <Form.Item
          name="dueInWorkingDays"
          label="Hạn xử lý: trong số ngày làm việc"
          rules={[
            { required: true, message: 'Vui lòng nhập số ngày làm việc.' },
            {
              type: 'integer',
              min: 1,
              max: 730,
              message: 'Số ngày làm việc từ 1 đến 730.',
            },
          ]}
          extra={<WorkingDaysPreview days={days} />}
        >
          <InputNumber
            min={1}
            max={730}
            precision={0}
            suffix="ngày làm việc"
            style={{ width: 220 }}
          />
        </Form.Item>
      )}
    </>
  );
}
