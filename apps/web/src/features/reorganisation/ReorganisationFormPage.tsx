import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Grid,
  Input,
  Radio,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { fieldErrors } from '../../api/errors';
import { useSession } from '../../auth/useSession';
import { dayjs, formatDate } from '../../shared/format';
import { blank, FormErrorAlert, optionalMark } from '../../shared/forms';
import { MUTED } from '../../shared/muted';
import { NoAccess } from '../../shared/NoAccess';
import { UnitTreeSelect } from '../../shared/UnitTreeSelect';
import { unitsById, useUnits } from '../../shared/units';
import { UNIT_KIND_LABELS } from '../recurrences/recurrenceApi';
import {
  mayReorganise,
  reorganisationKeys,
  type CreateReorganisation,
  type ReorganisationKind,
} from './reorganisationApi';

interface Values {
  kind: ReorganisationKind;
  unitId?: string;
  unitIds?: string[];
  successorUnitId?: string;
  successorUnitIds?: string[];
  defaultSuccessorUnitId?: string;
  name?: string;
  code?: string;
  newUnitName?: string;
  newUnitCode?: string;
  newUnitKind?: string;
  effectiveOn?: Dayjs | null;
  decision?: string;
}

const FIELDS = [
  'kind',
  'unitId',
  'unitIds',
  'successorUnitId',
  'successorUnitIds',
  'defaultSuccessorUnitId',
  'name',
  'code',
  'newUnit',
  'effectiveOn',
  'decision',
] as const;

const KIND_OPTIONS: { value: ReorganisationKind; label: string }[] = [
  { value: 'rename', label: 'Đổi tên (đơn vị giữ nguyên, chỉ đổi tên, ký hiệu)' },
  { value: 'merge', label: 'Hợp nhất (hai đơn vị trở lên thành một đơn vị mới)' },
  { value: 'absorb', label: 'Sáp nhập (một đơn vị nhập vào đơn vị đã có)' },
  { value: 'split', label: 'Chia (một đơn vị chia cho các đơn vị đã có)' },
  { value: 'dissolve', label: 'Giải thể' },
];

const SOURCE_LABELS: Record<ReorganisationKind, string> = {
  rename: 'Đơn vị đổi tên',
  merge: 'Các đơn vị hợp nhất',
  absorb: 'Đơn vị được sáp nhập',
  split: 'Đơn vị được chia',
  dissolve: 'Đơn vị giải thể',
};

/** Ký hiệu are written in capitals (STC, SKHDT). */
const upperCase = (value: string | undefined) => value?.toUpperCase();

function toBody(v: Values): CreateReorganisation {
  const body: CreateReorganisation = {
    kind: v.kind,
    effectiveOn: (v.effectiveOn ?? dayjs()).format('YYYY-MM-DD'),
    decision: blank(v.decision),
  };
  switch (v.kind) {
    case 'rename':
      return { ...body, unitId: v.unitId, name: v.name?.trim(), code: blank(v.code) };
    case 'merge':
      return {
        ...body,
        unitIds: v.unitIds,
        newUnit: {
          name: v.newUnitName?.trim() ?? '',
          code: v.newUnitCode?.trim() ?? '',
          kind: v.newUnitKind ?? 'department',
        },
      };
    case 'absorb':
      return { ...body, unitId: v.unitId, successorUnitId: v.successorUnitId };
    case 'split':
      return {
        ...body,
        unitId: v.unitId,
        successorUnitIds: v.successorUnitIds,
        defaultSuccessorUnitId: v.defaultSuccessorUnitId,
      };
    case 'dissolve':
      return { ...body, unitId: v.unitId, successorUnitId: v.successorUnitId };
  }
}

/** Thêm sắp xếp tổ chức (/to-chuc/moi). */
export function ReorganisationFormPage() {
  const actor = useSession()!.actor;
  if (!mayReorganise(actor)) return <NoAccess what="chức năng sắp xếp tổ chức" />;
  return <ReorganisationForm />;
}

function ReorganisationForm() {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const units = useUnits();
  const byId = useMemo(() => unitsById(units.data), [units.data]);
  const v = Form.useWatch([], form) as Values | undefined;
  const kind: ReorganisationKind = v?.kind ?? 'absorb';
  // On a phone the alert's large icon would take a fifth of its width.
  const phone = !Grid.useBreakpoint().md;

  const save = useMutation({
    mutationFn: (values: Values) =>
      unwrap(api.POST('/api/v1/reorganisations', { body: toBody(values) })),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: reorganisationKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['units'] });
      message.success(
        saved.status === 'scheduled'
          ? `Đã ghi nhận; sẽ thực hiện từ ngày ${formatDate(saved.effectiveOn)}.`
          : 'Đã ghi nhận; đang thực hiện chuyển giao.',
      );
      navigate(`/to-chuc/${saved.id}`);
    },
    onError: (error) => {
      const { fields } = fieldErrors(error, FIELDS);
      form.setFields(
        fields.map((f) => ({ ...f, name: f.name === 'newUnit' ? 'newUnitName' : f.name })),
      );
    },
  });

  const name = (id: string | undefined) => (id && byId.get(id)?.name) || '…';
  const names = (ids: string[] | undefined) =>
    ids?.length ? ids.map((id) => name(id)).join(', ') : '…';
  const from = v?.effectiveOn
    ? `Từ ngày ${v.effectiveOn.format('DD/MM/YYYY')}`
    : 'Từ ngày có hiệu lực';
  const follows = 'Kế hoạch, nhiệm vụ định kỳ và đợt kiểm tra chưa kết thúc cũng chuyển theo.';
  const explanation: Record<ReorganisationKind, string> = {
    rename: `${from}, ${name(v?.unitId)} mang tên mới “${v?.name?.trim() || '…'}”. Đơn vị, người dùng và mọi nhiệm vụ giữ nguyên; tên cũ vẫn được lưu để tra cứu.`,
    merge: `${from}, đơn vị mới “${v?.newUnitName?.trim() || '…'}” được thành lập; các nhiệm vụ đang thực hiện, người dùng và đơn vị trực thuộc của ${names(v?.unitIds)} chuyển sang đơn vị mới; các đơn vị cũ thôi hoạt động. ${follows} Nhiệm vụ đã hoàn thành giữ nguyên.`,
    absorb: `${from}, các nhiệm vụ đang thực hiện, người dùng và đơn vị trực thuộc của ${name(v?.unitId)} chuyển sang ${name(v?.successorUnitId)}; ${name(v?.unitId)} thôi hoạt động. ${follows} Nhiệm vụ đã hoàn thành giữ nguyên.`,
    split: `${from}, ${name(v?.unitId)} thôi hoạt động; các nhiệm vụ đang thực hiện, người dùng và đơn vị trực thuộc chuyển sang ${name(v?.defaultSuccessorUnitId)}. Có thể giao lại từng nhiệm vụ cho ${names(v?.successorUnitIds)} sau. ${follows} Nhiệm vụ đã hoàn thành giữ nguyên.`,
    dissolve: v?.successorUnitId
      ? `${from}, ${name(v?.unitId)} thôi hoạt động; các nhiệm vụ đang thực hiện, người dùng và đơn vị trực thuộc chuyển sang ${name(v.successorUnitId)}. ${follows} Nhiệm vụ đã hoàn thành giữ nguyên.`
      : `${from}, ${name(v?.unitId)} thôi hoạt động. Nếu đơn vị còn nhiệm vụ đang thực hiện hoặc đơn vị trực thuộc, cần chọn đơn vị kế thừa. Nhiệm vụ đã hoàn thành giữ nguyên.`,
  };

  const unitRequired = [{ required: true, message: 'Vui lòng chọn đơn vị.' }];
  const twoUnits = [
    {
      required: true,
      type: 'array' as const,
      min: 2,
      message: 'Vui lòng chọn ít nhất hai đơn vị.',
    },
  ];

  return (
    <Card style={{ maxWidth: 960 }}>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        Thêm sắp xếp tổ chức
      </Typography.Title>
      <Typography.Paragraph style={MUTED}>
        Ghi nhận quyết định sắp xếp tổ chức của cấp có thẩm quyền. Hệ thống tự chuyển giao vào ngày
        có hiệu lực; trước ngày đó có thể hủy.
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'absorb', newUnitKind: 'department', effectiveOn: dayjs() }}
        requiredMark={optionalMark}
        scrollToFirstError={{ block: 'center' }}
        onFinish={(values) => save.mutate(values)}
        disabled={save.isPending}
      >
        <FormErrorAlert error={save.error} fields={FIELDS} />
        <Form.Item name="kind" label="Hình thức sắp xếp" rules={[{ required: true }]}>
          <Radio.Group>
            <Space direction="vertical">
              {KIND_OPTIONS.map((o) => (
                <Radio key={o.value} value={o.value}>
                  {o.label}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
        <Alert
          type="info"
          showIcon={!phone}
          style={{ marginBottom: 24 }}
          title="Điều sẽ xảy ra"
          description={<span data-testid="reorganisation-explanation">{explanation[kind]}</span>}
        />

        {kind === 'merge' ? (
          <>
            <Form.Item name="unitIds" label="Các đơn vị hợp nhất" rules={twoUnits}>
              <UnitTreeSelect multiple assignable aria-label="Các đơn vị hợp nhất" />
            </Form.Item>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item
                  name="newUnitName"
                  label="Tên đơn vị mới"
                  rules={[
                    { required: true, whitespace: true, message: 'Vui lòng nhập tên đơn vị mới.' },
                  ]}
                >
                  <Input maxLength={255} placeholder="Sở Tài chính" />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item
                  name="newUnitCode"
                  label="Ký hiệu"
                  normalize={upperCase}
                  rules={[{ required: true, whitespace: true, message: 'Vui lòng nhập ký hiệu.' }]}
                >
                  <Input maxLength={32} placeholder="STC" />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item name="newUnitKind" label="Loại đơn vị" rules={[{ required: true }]}>
                  <Select
                    options={Object.entries(UNIT_KIND_LABELS)
                      .filter(([k]) => k !== 'province')
                      .map(([value, label]) => ({ value, label }))}
                  />
                </Form.Item>
              </Col>
            </Row>
          </>
        ) : (
          <Form.Item name="unitId" label={SOURCE_LABELS[kind]} rules={unitRequired}>
            <UnitTreeSelect assignable aria-label={SOURCE_LABELS[kind]} />
          </Form.Item>
        )}

        {kind === 'rename' && (
          <Row gutter={16}>
            <Col xs={24} md={16}>
              <Form.Item
                name="name"
                label="Tên mới"
                rules={[{ required: true, whitespace: true, message: 'Vui lòng nhập tên mới.' }]}
              >
                <Input maxLength={255} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="code"
                label="Ký hiệu mới"
                normalize={upperCase}
                extra="Để trống nếu giữ ký hiệu cũ."
              >
                <Input maxLength={32} />
              </Form.Item>
            </Col>
          </Row>
        )}
        {(kind === 'absorb' || kind === 'dissolve') && (
          <Form.Item
            name="successorUnitId"
            label={kind === 'absorb' ? 'Sáp nhập vào đơn vị' : 'Đơn vị kế thừa'}
            rules={kind === 'absorb' ? unitRequired : []}
            extra={
              kind === 'dissolve'
                ? 'Bắt buộc nếu đơn vị còn nhiệm vụ đang thực hiện hoặc đơn vị trực thuộc.'
                : undefined
            }
          >
            <UnitTreeSelect
              assignable
              allowClear
              exclude={v?.unitId ? [v.unitId] : []}
              aria-label={kind === 'absorb' ? 'Sáp nhập vào đơn vị' : 'Đơn vị kế thừa'}
            />
          </Form.Item>
        )}
        {kind === 'split' && (
          <>
            <Form.Item name="successorUnitIds" label="Chia cho các đơn vị" rules={twoUnits}>
              <UnitTreeSelect
                multiple
                assignable
                exclude={v?.unitId ? [v.unitId] : []}
                aria-label="Chia cho các đơn vị"
              />
            </Form.Item>
            <Form.Item
              name="defaultSuccessorUnitId"
              label="Đơn vị nhận nhiệm vụ đang thực hiện và người dùng"
              extra="Một trong các đơn vị ở trên. Từng nhiệm vụ có thể được giao lại sau."
              rules={[{ required: true, message: 'Vui lòng chọn đơn vị nhận.' }]}
            >
              <Select
                aria-label="Đơn vị nhận nhiệm vụ đang thực hiện và người dùng"
                options={(v?.successorUnitIds ?? []).map((id) => ({ value: id, label: name(id) }))}
              />
            </Form.Item>
          </>
        )}
        <Row gutter={16}>
          <Col xs={24} md={10}>
            <Form.Item
              name="effectiveOn"
              label="Ngày có hiệu lực"
              extra="Hôm nay hoặc ngày đã qua: thực hiện ngay."
              rules={[{ required: true, message: 'Vui lòng chọn ngày có hiệu lực.' }]}
            >
              <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} placeholder="dd/mm/yyyy" />
            </Form.Item>
          </Col>
          <Col xs={24} md={14}>
            <Form.Item name="decision" label="Quyết định (số/ký hiệu)">
              <Input maxLength={200} placeholder="Quyết định số 120/QĐ-UBND ngày 25/02/2025" />
            </Form.Item>
          </Col>
        </Row>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            Ghi nhận sắp xếp tổ chức
          </Button>
          <Link to="/to-chuc">
            <Button>Quay lại</Button>
          </Link>
        </Space>
      </Form>
    </Card>
  );
}
