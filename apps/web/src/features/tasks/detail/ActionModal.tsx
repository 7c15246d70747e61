import { UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, ApiError, unwrap } from '../../../api/client';
import { errorMessage, fieldErrors } from '../../../api/errors';
import type { Actor } from '../../../auth/session';
import { DueDateHint, DueDatePicker } from '../../../shared/DueDatePicker';
import { dayjs, formatDate, todayInVietnam } from '../../../shared/format';
import { scopePath } from '../../../shared/scope';
import { deadlineOf } from '../../../shared/TimelinessTag';
import { UnitTreeSelect } from '../../../shared/UnitTreeSelect';
import type { Unit } from '../../../shared/units';
import { DueField, type DueMode } from '../assign/DueField';
import { ACTION_TEXT } from './actionLabels';
import {
  FILE_ACCEPT,
  FILE_HINT,
  pickedFiles,
  uploadTaskFiles,
  type TaskActionKey,
  type TaskDetail,
  type TaskFileKind,
} from './taskApi';

interface ActionValues {
  percent?: number;
  note?: string;
  result?: string;
  outputDocument?: string;
  explanation?: string;
  reason?: string;
  newDueDate?: Dayjs | null;
  approve?: boolean;
  leadUnitId?: string;
  title?: string;
  description?: string;
  dueMode?: DueMode;
  dueDate?: Dayjs | null;
  dueInWorkingDays?: number | null;
  files?: UploadFile[];
}

const FIELDS = [
  'percent',
  'note',
  'result',
  'outputDocument',
  'explanation',
  'reason',
  'newDueDate',
  'approve',
  'leadUnitId',
  'title',
  'description',
  'dueDate',
  'dueInWorkingDays',
] as const;

/** Which kind the files picked in a dialog are stored as. */
const FILE_KIND: Partial<Record<TaskActionKey, TaskFileKind>> = {
  reportProgress: 'progress',
  submitResult: 'result',
};

const ymd = (d: Dayjs | null | undefined) => d?.format('YYYY-MM-DD');
const text = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

/** Calls the action's route; answers the task as it is afterwards (a sub-task for `split`). */
function perform(action: TaskActionKey, task: TaskDetail, v: ActionValues): Promise<TaskDetail> {
  const params = { params: { path: { id: task.id } } };
  switch (action) {
    case 'accept':
      return unwrap(api.POST('/api/v1/tasks/{id}/accept', params));
    case 'reportProgress':
      return unwrap(
        api.POST('/api/v1/tasks/{id}/progress', {
          ...params,
          body: { percent: v.percent ?? 0, note: text(v.note) },
        }),
      );
    case 'submitResult':
      return unwrap(
        api.POST('/api/v1/tasks/{id}/submit', {
          ...params,
          body: {
            result: v.result!.trim(),
            outputDocument: text(v.outputDocument),
            explanation: text(v.explanation),
          },
        }),
      );
    case 'approve':
      return unwrap(
        api.POST('/api/v1/tasks/{id}/approve', { ...params, body: { note: text(v.note) } }),
      );
    case 'returnForRework':
      return unwrap(
        api.POST('/api/v1/tasks/{id}/return', { ...params, body: { reason: v.reason!.trim() } }),
      );
    case 'requestExtension':
      return unwrap(
        api.POST('/api/v1/tasks/{id}/extension-requests', {
          ...params,
          body: { newDueDate: ymd(v.newDueDate)!, reason: v.reason!.trim() },
        }),
      );
    case 'decideExtension':
      return unwrap(
        api.POST('/api/v1/tasks/{id}/extension-decision', {
          ...params,
          body: { approve: !!v.approve, note: text(v.note) },
        }),
      );
    case 'reassign':
      return unwrap(
        api.POST('/api/v1/tasks/{id}/reassign', {
          ...params,
          body: { leadUnitId: v.leadUnitId!, reason: v.reason!.trim() },
        }),
      );
    case 'recordExplanation':
      return unwrap(
        api.POST('/api/v1/tasks/{id}/explanation', {
          ...params,
          body: { explanation: v.explanation!.trim() },
        }),
      );
    case 'cancel':
      return unwrap(
        api.POST('/api/v1/tasks/{id}/cancel', { ...params, body: { reason: v.reason!.trim() } }),
      );
    case 'split':
      return unwrap(
        api.POST('/api/v1/tasks/{id}/subtasks', {
          ...params,
          body: {
            title: v.title!.trim(),
            description: text(v.description),
            leadUnitId: v.leadUnitId!,
            source: task.source,
            sourceDocument: task.sourceDocument ?? undefined,
            sourceDocumentDate: task.sourceDocumentDate ?? undefined,
            priority: task.priority,
            area: task.area ?? undefined,
            dueDate: v.dueMode === 'date' ? ymd(v.dueDate) : undefined,
            dueInWorkingDays:
              v.dueMode === 'workingDays' ? (v.dueInWorkingDays ?? undefined) : undefined,
          },
        }),
      );
  }
}

const required = (message: string) => [{ required: true, whitespace: true, message }];

function FilesField({ label }: { label: string }) {
  return (
    <Form.Item
      name="files"
      label={label}
      valuePropName="fileList"
      getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList}
      extra={FILE_HINT}
    >
      <Upload beforeUpload={() => false} multiple accept={FILE_ACCEPT}>
        <Button icon={<UploadOutlined />}>Chọn tệp</Button>
      </Upload>
    </Form.Item>
  );
}

function Fields({
  action,
  task,
  actor,
  units,
  today,
}: {
  action: TaskActionKey;
  task: TaskDetail;
  actor: Actor;
  units: ReadonlyMap<string, Unit>;
  today: string;
}) {
  const newDueDate = Form.useWatch<Dayjs | null>('newDueDate');
  switch (action) {
    case 'accept':
      return (
        <Typography.Paragraph>
          Xác nhận đơn vị đã nhận nhiệm vụ “{task.title}” và bắt đầu thực hiện. Đơn vị giao sẽ được
          thông báo.
        </Typography.Paragraph>
      );
    case 'reportProgress':
      return (
        <>
          <Form.Item
            name="percent"
            label="Tỷ lệ hoàn thành (%)"
            rules={[{ required: true, message: 'Vui lòng nhập tỷ lệ hoàn thành (0–100).' }]}
          >
            <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            name="note"
            label="Nội dung báo cáo"
            rules={[{ max: 5000, message: 'Nội dung tối đa 5.000 ký tự.' }]}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
          </Form.Item>
          <FilesField label="Tệp kèm báo cáo" />
        </>
      );
    case 'submitResult': {
      const deadline = deadlineOf(task);
      const late = !!deadline && today > deadline;
      return (
        <>
          <Form.Item
            name="result"
            label="Kết quả thực hiện"
            rules={[
              ...required('Vui lòng nêu kết quả thực hiện.'),
              { max: 10000, message: 'Tối đa 10.000 ký tự.' },
            ]}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
          </Form.Item>
          <Form.Item
            name="outputDocument"
            label="Số/ký hiệu văn bản kết quả"
            extra="Văn bản báo cáo hoặc ban hành, ví dụ: 102/KH-SKHDT."
            rules={[{ max: 100, message: 'Tối đa 100 ký tự.' }]}
          >
            <Input autoComplete="off" placeholder="Ví dụ: 102/KH-SKHDT" />
          </Form.Item>
          {late && (
            <Form.Item
              name="explanation"
              label="Giải trình lý do chậm hạn"
              rules={required('Nhiệm vụ đã quá hạn: vui lòng nêu lý do chậm.')}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
          )}
          <FilesField label="Tệp kết quả" />
        </>
      );
    }
    case 'approve':
      return (
        <>
          <Typography.Paragraph>
            Phê duyệt kết quả đơn vị đã trình. Nhiệm vụ sẽ chuyển sang “Hoàn thành”.
          </Typography.Paragraph>
          <Form.Item name="note" label="Ý kiến phê duyệt">
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
        </>
      );
    case 'returnForRework':
    case 'cancel':
      return (
        <Form.Item
          name="reason"
          label={action === 'cancel' ? 'Lý do hủy' : 'Lý do trả lại, yêu cầu bổ sung'}
          rules={required(
            action === 'cancel' ? 'Vui lòng nêu lý do hủy.' : 'Vui lòng nêu lý do trả lại.',
          )}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
      );
    case 'requestExtension':
      return (
        <>
          <Typography.Paragraph>
            Hạn xử lý hiện tại: <strong>{formatDate(task.dueDate)}</strong>.
          </Typography.Paragraph>
          <Form.Item
            name="newDueDate"
            label="Đề nghị gia hạn đến ngày"
            rules={[{ required: true, message: 'Vui lòng chọn ngày đề nghị gia hạn.' }]}
            extra={<DueDateHint value={newDueDate} />}
          >
            <DueDatePicker
              disabledDate={(d) => !!task.dueDate && !d.isAfter(dayjs(task.dueDate), 'day')}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label="Lý do đề nghị gia hạn"
            rules={required('Vui lòng nêu lý do.')}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
          </Form.Item>
        </>
      );
    case 'decideExtension': {
      const pending = task.pendingExtension;
      return (
        <>
          {pending && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={`Đơn vị đề nghị gia hạn từ ${formatDate(task.dueDate)} đến ${formatDate(pending.newDueDate)}`}
              description={`Lý do: ${pending.reason}`}
            />
          )}
          <Form.Item
            name="approve"
            label="Quyết định"
            rules={[{ required: true, message: 'Vui lòng chọn đồng ý hoặc không đồng ý.' }]}
          >
            <Radio.Group>
              <Radio value={true}>Đồng ý gia hạn</Radio>
              <Radio value={false}>Không đồng ý</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="note" label="Ý kiến">
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
        </>
      );
    }
    case 'reassign':
      return (
        <>
          <Form.Item
            name="leadUnitId"
            label="Đơn vị chủ trì mới"
            rules={[{ required: true, message: 'Vui lòng chọn đơn vị chủ trì mới.' }]}
          >
            <UnitTreeSelect within={scopePath(actor)} exclude={[task.leadUnitId]} assignable />
          </Form.Item>
          <Form.Item name="reason" label="Lý do giao lại" rules={required('Vui lòng nêu lý do.')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
        </>
      );
    case 'recordExplanation':
      return (
        <Form.Item
          name="explanation"
          label="Nội dung giải trình"
          rules={required('Vui lòng nêu nội dung giải trình.')}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
      );
    case 'split':
      return (
        <>
          <Form.Item
            name="title"
            label="Tên nhiệm vụ con"
            rules={required('Vui lòng nhập tên nhiệm vụ con.')}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
          </Form.Item>
          <Form.Item
            name="leadUnitId"
            label="Đơn vị thực hiện"
            rules={[{ required: true, message: 'Vui lòng chọn đơn vị thực hiện.' }]}
          >
            <UnitTreeSelect
              within={units.get(task.leadUnitId)?.path ?? actor.unitPath}
              assignable
            />
          </Form.Item>
          <DueField />
          <Form.Item name="description" label="Nội dung, yêu cầu">
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
        </>
      );
  }
}

/**
 * One action in a dialog: its fields, the API call, then its files (linked to the history event
 * the action created). A 409 is handed to `onConflict` (the page reloads the task and says what
 * changed); field errors from the API appear next to their fields.
 */
export function ActionModal({
  action,
  task,
  actor,
  units,
  onClose,
  onDone,
  onConflict,
}: {
  action: TaskActionKey;
  task: TaskDetail;
  actor: Actor;
  units: ReadonlyMap<string, Unit>;
  onClose: () => void;
  onDone: (result: TaskDetail) => void;
  /** Reloads the task; true when it had changed (the page then closes this dialog and says so). */
  onConflict: (error: ApiError) => Promise<boolean>;
}) {
  const [form] = Form.useForm<ActionValues>();
  const [refused, setRefused] = useState<string | null>(null);
  const { message, notification } = App.useApp();
  const labels = ACTION_TEXT[action];
  const today = todayInVietnam();

  const mutation = useMutation({
    mutationFn: async (values: ActionValues) => {
      setRefused(null);
      const result = await perform(action, task, values);
      const kind = FILE_KIND[action];
      const failed = kind
        ? await uploadTaskFiles(task.id, pickedFiles(values.files), kind, result.version)
        : [];
      return { result, failed };
    },
    onSuccess: ({ result, failed }, values) => {
      message.success(
        action === 'decideExtension'
          ? values.approve
            ? 'Đã đồng ý gia hạn.'
            : 'Đã ghi nhận: không đồng ý gia hạn.'
          : labels.done,
      );
      if (failed.length) {
        notification.warning({
          title: 'Một số tệp chưa tải lên được',
          description: failed.join('; '),
          duration: 0,
        });
      }
      onDone(result);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409 && !error.body.details?.length) {
        void onConflict(error).then((changed) => !changed && setRefused(errorMessage(error)));
        return;
      }
      form.setFields(fieldErrors(error, FIELDS).fields);
    },
  });
  const unshown =
    mutation.error && !(mutation.error instanceof ApiError && mutation.error.status === 409)
      ? fieldErrors(mutation.error, FIELDS)
      : null;

  return (
    <Modal
      open
      title={labels.title}
      okText={labels.ok}
      cancelText="Đóng"
      okButtonProps={{ danger: action === 'cancel', loading: mutation.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
    >
      {refused && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={refused} />}
      {unshown && !unshown.fields.length && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={errorMessage(mutation.error)}
        />
      )}
      <Form<ActionValues>
        form={form}
        layout="vertical"
        disabled={mutation.isPending}
        initialValues={{ percent: task.progressPercent, dueMode: 'date' }}
        onFinish={(values) => mutation.mutate(values)}
      >
        <Fields action={action} task={task} actor={actor} units={units} today={today} />
      </Form>
    </Modal>
  );
}
