import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Form, Input, Row, Select, Space, Upload, type UploadFile } from 'antd';
import type { Dayjs } from 'dayjs';
import { useNavigate } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../../api/client';
import { fieldErrors } from '../../../api/errors';
import type { Actor } from '../../../auth/session';
import { DueDatePicker } from '../../../shared/DueDatePicker';
import { blank, FormErrorAlert, optionalMark } from '../../../shared/forms';
import { CCHC_AREA_LABELS, PRIORITY_LABELS } from '../../../shared/labels';
import { scopePath } from '../../../shared/scope';
import { UnitTreeSelect } from '../../../shared/UnitTreeSelect';
import { FILE_ACCEPT, FILE_HINT, pickedFiles, uploadTaskFiles } from '../detail/taskApi';
import { AssigneeField } from './AssigneeField';
import { DueField, type DueMode } from './DueField';
import { useTaskSources } from './useAssignOptions';

type CreateTask = Schemas['CreateTaskDto'];

export interface AssignValues {
  title: string;
  code?: string;
  leadUnitId: string;
  coordinatingUnitIds?: string[];
  assigneeId?: string;
  source: string;
  sourceDocument?: string;
  sourceDocumentDate?: Dayjs | null;
  dueMode: DueMode;
  dueDate?: Dayjs | null;
  dueInWorkingDays?: number | null;
  priority: CreateTask['priority'];
  area?: CreateTask['area'];
  description?: string;
  files?: UploadFile[];
}

/** Form fields that the API's details[] may name (anything else goes to the alert on top). */
export const ASSIGN_FIELDS = [
  'title',
  'code',
  'leadUnitId',
  'coordinatingUnitIds',
  'assigneeId',
  'source',
  'sourceDocument',
  'sourceDocumentDate',
  'dueDate',
  'dueInWorkingDays',
  'priority',
  'area',
  'description',
] as const;

/** The form's values as the API's CreateTaskDto. */
export function toCreateTask(values: AssignValues): CreateTask {
  return {
    title: values.title.trim(),
    code: blank(values.code),
    leadUnitId: values.leadUnitId,
    coordinatingUnitIds: values.coordinatingUnitIds?.length
      ? values.coordinatingUnitIds
      : undefined,
    assigneeId: values.assigneeId ?? undefined,
    source: values.source,
    sourceDocument: blank(values.sourceDocument),
    sourceDocumentDate: values.sourceDocumentDate?.format('YYYY-MM-DD'),
    dueDate: values.dueMode === 'date' ? values.dueDate?.format('YYYY-MM-DD') : undefined,
    dueInWorkingDays:
      values.dueMode === 'workingDays' ? (values.dueInWorkingDays ?? undefined) : undefined,
    priority: values.priority,
    area: values.area ?? undefined,
    description: blank(values.description),
  };
}

/** Giao nhiệm vụ: creates the task, then uploads its attachments, then opens it. */
export function AssignTaskForm({ actor }: { actor: Actor }) {
  const [form] = Form.useForm<AssignValues>();
  const { message, notification } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const sources = useTaskSources();
  const leadUnitId = Form.useWatch('leadUnitId', form);

  const assign = useMutation({
    mutationFn: async (values: AssignValues) => {
      const task = await unwrap(api.POST('/api/v1/tasks', { body: toCreateTask(values) }));
      const failed = await uploadTaskFiles(task.id, pickedFiles(values.files), 'attachment');
      return { task, failed };
    },
    onSuccess: ({ task, failed }) => {
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      message.success(`Đã giao nhiệm vụ “${task.title}” cho ${task.leadUnit.name}.`);
      if (failed.length) {
        notification.warning({
          title: 'Một số tệp chưa tải lên được',
          description: `${failed.join('; ')}. Có thể tải lại tệp ở trang nhiệm vụ.`,
          duration: 0,
        });
      }
      navigate(`/nhiem-vu/${task.id}`);
    },
    onError: (error) => {
      const { fields } = fieldErrors(error, ASSIGN_FIELDS);
      form.setFields(fields);
      if (fields.length) form.scrollToField(fields[0].name, { block: 'center' });
    },
  });

  return (
    <Form<AssignValues>
      form={form}
      layout="vertical"
      requiredMark={optionalMark}
      scrollToFirstError={{ block: 'center' }}
      initialValues={{ priority: 'normal', dueMode: 'date' }}
      onFinish={(values) => assign.mutate(values)}
      onValuesChange={(changed: Partial<AssignValues>) => {
        // Another lead unit: the person named before may not work there.
        if ('leadUnitId' in changed) form.setFieldValue('assigneeId', undefined);
      }}
      disabled={assign.isPending}
    >
      <FormErrorAlert error={assign.error} fields={ASSIGN_FIELDS} />
      <Form.Item
        name="title"
        label="Tên nhiệm vụ"
        rules={[
          { required: true, whitespace: true, message: 'Vui lòng nhập tên nhiệm vụ.' },
          { max: 500, message: 'Tên nhiệm vụ tối đa 500 ký tự.' },
        ]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item
            name="leadUnitId"
            label="Đơn vị chủ trì"
            rules={[{ required: true, message: 'Vui lòng chọn đơn vị chủ trì.' }]}
          >
            <UnitTreeSelect within={scopePath(actor)} assignable />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="coordinatingUnitIds" label="Đơn vị phối hợp">
            <UnitTreeSelect
              multiple
              assignable
              exclude={leadUnitId ? [leadUnitId] : []}
              placeholder="Chọn một hoặc nhiều đơn vị (nếu có)"
            />
          </Form.Item>
        </Col>
      </Row>
      <AssigneeField leadUnitId={leadUnitId} />
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item
            name="source"
            label="Nguồn giao"
            rules={[{ required: true, message: 'Vui lòng chọn nguồn giao.' }]}
          >
            <Select
              loading={sources.isLoading}
              placeholder="Chọn nguồn giao"
              options={(sources.data ?? []).map((s) => ({ value: s.key, label: s.label }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="priority"
            label="Mức độ ưu tiên"
            rules={[{ required: true, message: 'Vui lòng chọn mức độ ưu tiên.' }]}
          >
            <Select
              options={Object.entries(PRIORITY_LABELS).map(([value, label]) => ({
                value,
                label,
              }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item
            name="sourceDocument"
            label="Số/ký hiệu văn bản giao"
            extra="Theo Nghị định 30/2020/NĐ-CP, ví dụ: 389/KH-UBND."
            rules={[{ max: 100, message: 'Số/ký hiệu tối đa 100 ký tự.' }]}
          >
            <Input placeholder="Ví dụ: 389/KH-UBND" autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="sourceDocumentDate" label="Ngày ban hành văn bản">
            <DueDatePicker />
          </Form.Item>
        </Col>
      </Row>
      <DueField />
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="area" label="Lĩnh vực cải cách hành chính">
            <Select
              allowClear
              placeholder="Chọn lĩnh vực (nếu có)"
              options={Object.entries(CCHC_AREA_LABELS).map(([value, label]) => ({
                value,
                label,
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="code"
            label="Mã nhiệm vụ"
            extra="Nếu đơn vị có mã riêng; không được trùng với nhiệm vụ khác của đơn vị."
            rules={[
              {
                pattern: /^[\p{L}\p{N}._/-]{1,64}$/u,
                message: 'Mã gồm tối đa 64 chữ, số và các dấu . _ / -',
              },
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="description"
        label="Nội dung, yêu cầu"
        rules={[{ max: 10000, message: 'Nội dung tối đa 10.000 ký tự.' }]}
      >
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
      </Form.Item>
      <Form.Item
        name="files"
        label="Tài liệu kèm theo"
        valuePropName="fileList"
        getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList}
        extra={FILE_HINT}
      >
        <Upload beforeUpload={() => false} multiple accept={FILE_ACCEPT}>
          <Button icon={<UploadOutlined />}>Chọn tệp</Button>
        </Upload>
      </Form.Item>
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={assign.isPending}>
          Giao nhiệm vụ
        </Button>
        <Button
          disabled={false}
          onClick={() =>
            // Back where the user came from, or to the list when the form was opened directly.
            (window.history.state as { idx?: number } | null)?.idx
              ? navigate(-1)
              : navigate('/nhiem-vu')
          }
        >
          Hủy
        </Button>
      </Space>
    </Form>
  );
}
