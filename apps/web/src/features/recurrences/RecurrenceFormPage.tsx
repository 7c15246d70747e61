import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { errorMessage, fieldErrors } from '../../api/errors';
import { hasRole } from '../../auth/session';
import { useSession } from '../../auth/useSession';
import type { Dayjs } from 'dayjs';
import { dayjs, WEEKDAYS } from '../../shared/format';
import { blank, FormErrorAlert, optionalMark } from '../../shared/forms';
import { MUTED } from '../../shared/muted';
import { NoAccess } from '../../shared/NoAccess';
import { PageLoading } from '../../shared/PageLoading';
import { scopePath } from '../../shared/scope';
import { UnitTreeSelect } from '../../shared/UnitTreeSelect';
import { useUnits } from '../../shared/units';
import { useTaskSources } from '../tasks/assign/useAssignOptions';
import {
  recurrenceKeys,
  UNIT_KIND_LABELS,
  useRecurrence,
  type CreateRecurrence,
  type Recurrence,
} from './recurrenceApi';

type Kind = CreateRecurrence['rule']['kind'];
type PeriodType = NonNullable<CreateRecurrence['rule']['periodType']>;

interface Values {
  title: string;
  source: string;
  sourceDocument?: string;
  kind: Kind;
  periodType?: PeriodType;
  dueAfterWorkingDays?: number;
  dayOfMonth?: number;
  weekday?: number;
  targetMode: 'units' | 'kind';
  targetUnitIds?: string[];
  targetUnitKind?: string;
  leadDays?: number | null;
  startsOn?: Dayjs | null;
  endsOn?: Dayjs | null;
  description?: string;
}

const FIELDS = [
  'title',
  'source',
  'sourceDocument',
  'rule',
  'leadDays',
  'targetUnitIds',
  'targetUnitKind',
  'startsOn',
  'endsOn',
  'description',
] as const;

const PERIOD_OPTIONS: { value: PeriodType; label: string }[] = [
  { value: 'month', label: 'Hằng tháng (chốt số liệu ngày 14)' },
  { value: 'quarter', label: 'Hằng quý (chốt ngày 14 tháng cuối quý)' },
  { value: 'half', label: '6 tháng đầu năm (chốt ngày 14/6)' },
  { value: 'nine_months', label: '9 tháng (chốt ngày 14/9)' },
  { value: 'year', label: 'Hằng năm (chốt ngày 14/12)' },
];

/** Days ahead an occurrence is given by default, as the API (libs/domain/recurrence.ts). */
const DEFAULT_LEAD: Record<Kind, number> = { period: 20, monthly: 10, weekly: 3 };

function toBody(v: Values, editing: boolean) {
  const rule =
    v.kind === 'period'
      ? { kind: v.kind, periodType: v.periodType, dueAfterWorkingDays: v.dueAfterWorkingDays }
      : v.kind === 'monthly'
        ? { kind: v.kind, dayOfMonth: v.dayOfMonth }
        : { kind: v.kind, weekday: v.weekday };
  const body: CreateRecurrence = {
    title: v.title.trim(),
    source: v.source,
    sourceDocument: blank(v.sourceDocument),
    description: blank(v.description),
    rule,
    leadDays: v.leadDays ?? undefined,
    ...(v.targetMode === 'units'
      ? { targetUnitIds: v.targetUnitIds ?? [] }
      : { targetUnitKind: v.targetUnitKind }),
    endsOn: v.endsOn ? v.endsOn.format('YYYY-MM-DD') : editing ? null : undefined,
  };
  if (!editing && v.startsOn) body.startsOn = v.startsOn.format('YYYY-MM-DD');
  return body;
}

function initialValues(r: Recurrence | undefined): Partial<Values> {
  if (!r)
    return { kind: 'period', periodType: 'quarter', dueAfterWorkingDays: 4, targetMode: 'units' };
  return {
    title: r.title,
    source: r.source,
    sourceDocument: r.sourceDocument ?? undefined,
    description: r.description ?? undefined,
    kind: r.rule.kind,
    periodType: r.rule.periodType,
    dueAfterWorkingDays: r.rule.dueAfterWorkingDays,
    dayOfMonth: r.rule.dayOfMonth,
    weekday: r.rule.weekday,
    targetMode: r.targetUnitKind ? 'kind' : 'units',
    targetUnitIds: r.targetUnits.map((u) => u.id),
    targetUnitKind: r.targetUnitKind ?? undefined,
    leadDays: r.leadDays,
    endsOn: r.endsOn ? dayjs(r.endsOn) : null,
  };
}

/** Thêm (/dinh-ky/moi) or sửa (/dinh-ky/:id/sua) a recurring task. */
export function RecurrenceFormPage() {
  const { id } = useParams();
  const actor = useSession()!.actor;
  const existing = useRecurrence(id ?? '');
  if (!hasRole(actor, 'leader', 'unit_manager')) {
    return <NoAccess what="chức năng giao nhiệm vụ định kỳ" />;
  }
  if (id && existing.isLoading) return <PageLoading />;
  if (id && !existing.data) {
    return <Alert type="error" showIcon title={errorMessage(existing.error)} />;
  }
  return <RecurrenceForm recurrence={id ? existing.data : undefined} />;
}

function RecurrenceForm({ recurrence }: { recurrence?: Recurrence }) {
  const actor = useSession()!.actor;
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const sources = useTaskSources();
  const units = useUnits();
  const kind = Form.useWatch('kind', form) ?? recurrence?.rule.kind ?? 'period';
  const targetMode = Form.useWatch('targetMode', form);
  const within = scopePath(actor);
  const kinds = useMemo(() => {
    const inScope = (units.data ?? []).filter((u) => u.path.startsWith(within));
    return [...new Set(inScope.map((u) => u.kind))].filter((k) => k !== 'province');
  }, [units.data, within]);
  const editing = !!recurrence;

  const save = useMutation({
    mutationFn: (values: Values) =>
      recurrence
        ? unwrap(
            api.PATCH('/api/v1/recurrences/{id}', {
              params: { path: { id: recurrence.id } },
              body: toBody(values, true),
            }),
          )
        : unwrap(api.POST('/api/v1/recurrences', { body: toBody(values, false) })),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: recurrenceKeys.all });
      const started =
        saved.startedNow === null
          ? ' Các kỳ đến hạn đang được giao.'
          : saved.startedNow > 0
            ? ` Đã giao ${saved.startedNow} nhiệm vụ của các kỳ đến hạn.`
            : '';
      message.success(
        `${editing ? 'Đã lưu' : 'Đã tạo'} nhiệm vụ định kỳ “${saved.title}”.${started}`,
      );
      navigate(`/dinh-ky/${saved.id}`);
    },
    onError: (error) => {
      const { fields } = fieldErrors(error, FIELDS);
      // The rule's fields are shown by the "Lặp lại" choice.
      form.setFields(fields.map((f) => ({ ...f, name: f.name === 'rule' ? 'kind' : f.name })));
    },
  });

  return (
    <Card style={{ maxWidth: 960 }}>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {editing ? 'Sửa nhiệm vụ định kỳ' : 'Thêm nhiệm vụ định kỳ'}
      </Typography.Title>
      <Typography.Paragraph style={MUTED}>
        {editing
          ? 'Thay đổi chỉ áp dụng cho các kỳ chưa giao; nhiệm vụ đã giao giữ nguyên.'
          : 'Mỗi kỳ, hệ thống tự giao cho từng đơn vị một nhiệm vụ mang tên kỳ đó, ví dụ “Báo cáo kết quả cải cách hành chính quý III/2025”.'}
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialValues(recurrence)}
        requiredMark={optionalMark}
        scrollToFirstError={{ block: 'center' }}
        onFinish={(values) => save.mutate(values)}
        onValuesChange={(changed: Partial<Values>) => {
          if ('kind' in changed && changed.kind && !editing) {
            form.setFieldValue('leadDays', DEFAULT_LEAD[changed.kind]);
          }
        }}
        disabled={save.isPending}
      >
        <FormErrorAlert error={save.error} fields={FIELDS} />
        <Form.Item
          name="title"
          label="Tên nhiệm vụ"
          extra="Tên kỳ được thêm vào sau, ví dụ “… quý III/2025”, “… tháng 3/2026”."
          rules={[{ required: true, whitespace: true, message: 'Vui lòng nhập tên nhiệm vụ.' }]}
        >
          <Input maxLength={400} placeholder="Báo cáo kết quả cải cách hành chính" />
        </Form.Item>
        <Form.Item name="kind" label="Lặp lại" rules={[{ required: true }]}>
          <Radio.Group>
            <Space direction="vertical">
              <Radio value="period">Theo kỳ báo cáo (Nghị định 09/2019/NĐ-CP)</Radio>
              <Radio value="monthly">Hằng tháng, vào một ngày cố định</Radio>
              <Radio value="weekly">Hằng tuần, vào một thứ cố định</Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        {kind === 'period' && (
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="periodType"
                label="Kỳ báo cáo"
                rules={[{ required: true, message: 'Vui lòng chọn kỳ báo cáo.' }]}
              >
                <Select options={PERIOD_OPTIONS} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="dueAfterWorkingDays"
                label="Hạn nộp: số ngày làm việc sau ngày chốt số liệu"
                rules={[{ required: true, message: 'Vui lòng nhập số ngày làm việc.' }]}
              >
                <InputNumber min={0} max={60} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        )}
        {kind === 'monthly' && (
          <Form.Item
            name="dayOfMonth"
            label="Hạn vào ngày (trong tháng)"
            extra="Tháng không có ngày này thì hạn là ngày cuối tháng."
            rules={[{ required: true, message: 'Vui lòng nhập ngày trong tháng (1–31).' }]}
          >
            <InputNumber min={1} max={31} style={{ width: '100%', maxWidth: 200 }} />
          </Form.Item>
        )}
        {kind === 'weekly' && (
          <Form.Item
            name="weekday"
            label="Hạn vào"
            rules={[{ required: true, message: 'Vui lòng chọn thứ trong tuần.' }]}
          >
            <Select
              style={{ maxWidth: 240 }}
              options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: WEEKDAYS[d % 7] }))}
            />
          </Form.Item>
        )}
        <Form.Item name="targetMode" label="Giao cho" rules={[{ required: true }]}>
          <Radio.Group>
            <Space direction="vertical">
              <Radio value="units">Các đơn vị được chọn</Radio>
              <Radio value="kind">Tất cả đơn vị cùng loại (kể cả đơn vị thành lập sau này)</Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        {targetMode !== 'kind' ? (
          <Form.Item
            name="targetUnitIds"
            label="Đơn vị thực hiện"
            rules={[{ required: true, message: 'Vui lòng chọn ít nhất một đơn vị.' }]}
          >
            <UnitTreeSelect multiple within={within} aria-label="Đơn vị thực hiện" />
          </Form.Item>
        ) : (
          <Form.Item
            name="targetUnitKind"
            label="Loại đơn vị"
            rules={[{ required: true, message: 'Vui lòng chọn loại đơn vị.' }]}
          >
            <Select
              loading={units.isLoading}
              options={kinds.map((k) => ({ value: k, label: UNIT_KIND_LABELS[k] ?? k }))}
            />
          </Form.Item>
        )}
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="source"
              label="Nguồn giao"
              rules={[{ required: true, message: 'Vui lòng chọn nguồn giao.' }]}
            >
              <Select
                loading={sources.isLoading}
                options={(sources.data ?? []).map((s) => ({ value: s.key, label: s.label }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="sourceDocument" label="Văn bản giao (số/ký hiệu)">
              <Input maxLength={100} placeholder="389/KH-UBND" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name="leadDays"
              label="Giao trước hạn (số ngày)"
              extra="Mỗi kỳ được giao trước hạn nộp bấy nhiêu ngày."
            >
              <InputNumber
                min={0}
                max={120}
                style={{ width: '100%' }}
                placeholder={String(DEFAULT_LEAD[kind])}
              />
            </Form.Item>
          </Col>
          {!editing && (
            <Col xs={24} md={8}>
              <Form.Item
                name="startsOn"
                label="Áp dụng cho các kỳ có hạn từ ngày"
                extra="Để trống: từ hôm nay. Chọn ngày đã qua để giao cả các kỳ trước (tối đa một năm)."
              >
                <DatePicker
                  format="DD/MM/YYYY"
                  style={{ width: '100%' }}
                  placeholder="dd/mm/yyyy"
                />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={8}>
            <Form.Item name="endsOn" label="Kết thúc sau kỳ có hạn đến ngày">
              <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} placeholder="dd/mm/yyyy" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label="Nội dung, yêu cầu">
          <Input.TextArea rows={3} maxLength={10000} />
        </Form.Item>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {editing ? 'Lưu thay đổi' : 'Tạo nhiệm vụ định kỳ'}
          </Button>
          <Link to={recurrence ? `/dinh-ky/${recurrence.id}` : '/dinh-ky'}>
            <Button>Hủy</Button>
          </Link>
        </Space>
      </Form>
    </Card>
  );
}
