import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Grid,
  Input,
  Segmented,
  Table,
  Typography,
  type TableProps,
} from 'antd';
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../../api/errors';
import { DetailHeading } from '../../shared/entries';
import { formatDate, formatDateTime } from '../../shared/format';
import { STATUS_LABELS } from '../../shared/labels';
import { MUTED } from '../../shared/muted';
import { PageLoading } from '../../shared/PageLoading';
import { TimelinessTag } from '../../shared/TimelinessTag';
import { useTaskSourceLabels } from '../tasks/assign/useAssignOptions';
import { nextText } from './RecurrenceListPage';
import {
  RECURRENCE_STATUS_STYLES,
  RECURRENCE_STATUS_LABELS,
  targetText,
  useOccurrences,
  useRecurrence,
  useRecurrenceCommand,
  type OccurrenceList,
  type Recurrence,
  type RecurrenceCommand,
} from './recurrenceApi';

type Occurrence = OccurrenceList['items'][number];
type UnitRecord = OccurrenceList['units'][number];

const heading = (text: string) => (
  <Typography.Title level={2} style={{ fontSize: 17, margin: '0 0 12px' }}>
    {text}
  </Typography.Title>
);

/** "Trễ hạn 3/4 kỳ" — late or still overdue, of the periods counted. */
function recordText(r: UnitRecord): string {
  const late = r.late + r.overdue;
  if (r.periods === 0) return 'Chưa có kỳ nào đến hạn';
  if (late === 0) return `Đúng hạn cả ${r.periods}/${r.periods} kỳ`;
  const parts = [
    r.late && `${r.late} kỳ nộp muộn`,
    r.overdue && `${r.overdue} kỳ quá hạn chưa nộp`,
  ].filter(Boolean);
  return `Trễ hạn ${late}/${r.periods} kỳ (${parts.join(', ')})`;
}

function UnitRecords({ data, periods }: { data: OccurrenceList; periods: number }) {
  const columns: TableProps<UnitRecord>['columns'] = [
    { title: 'Đơn vị', key: 'unit', render: (_, r) => r.unit.name },
    {
      title: `${periods} kỳ gần nhất`,
      key: 'record',
      render: (_, r) => (
        <span style={{ color: r.late + r.overdue > 0 ? '#a8071a' : undefined }}>
          {recordText(r)}
        </span>
      ),
    },
    { title: 'Đúng, trước hạn', dataIndex: 'onTime', align: 'right', responsive: ['md'] },
    { title: 'Nộp muộn', dataIndex: 'late', align: 'right', responsive: ['md'] },
    { title: 'Quá hạn chưa nộp', dataIndex: 'overdue', align: 'right', responsive: ['md'] },
  ];
  return (
    <Table<UnitRecord>
      rowKey={(r) => r.unit.id}
      columns={columns}
      dataSource={data.units}
      pagination={false}
      size="small"
      locale={{ emptyText: <span style={MUTED}>Chưa có kỳ nào đến hạn.</span> }}
      aria-label="Kết quả thực hiện theo đơn vị"
    />
  );
}

function OccurrenceState({ o }: { o: Occurrence }) {
  if (!o.status) return <span style={MUTED}>Đang giao…</span>;
  return (
    <Flex vertical gap={4} align="start">
      <span>{STATUS_LABELS[o.status]}</span>
      <TimelinessTag
        task={{
          status: o.status,
          timeliness: o.timeliness,
          dueDate: o.dueDate,
          effectiveDueDate: o.effectiveDueDate,
        }}
      />
    </Flex>
  );
}

function Occurrences({ items }: { items: Occurrence[] }) {
  const phone = !Grid.useBreakpoint().md;
  const period = (o: Occurrence) => (
    <div style={{ minWidth: 0 }}>
      <Link to={`/nhiem-vu/${o.taskId}`} style={{ fontWeight: 600, overflowWrap: 'anywhere' }}>
        {o.periodLabel}
      </Link>
      <div style={{ ...MUTED, overflowWrap: 'anywhere' }}>{o.unit.name}</div>
    </div>
  );
  // A phone has room for one column: the period, its unit, the deadline and the state, stacked.
  const columns: TableProps<Occurrence>['columns'] = phone
    ? [
        {
          title: 'Kỳ, đơn vị, hạn và tình trạng',
          key: 'all',
          render: (_, o) => (
            <Flex vertical gap={4}>
              {period(o)}
              <span>Hạn: {formatDate(o.dueDate)}</span>
              <OccurrenceState o={o} />
            </Flex>
          ),
        },
      ]
    : [
        { title: 'Kỳ', key: 'period', render: (_, o) => period(o) },
        { title: 'Hạn', key: 'due', render: (_, o) => formatDate(o.dueDate) },
        { title: 'Tình trạng', key: 'state', render: (_, o) => <OccurrenceState o={o} /> },
      ];
  return (
    <Table<Occurrence>
      rowKey="taskId"
      columns={columns}
      dataSource={items}
      size="small"
      pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
      locale={{ emptyText: <span style={MUTED}>Chưa giao kỳ nào.</span> }}
      aria-label="Các kỳ đã giao"
    />
  );
}

const COMMAND_TEXT: Record<RecurrenceCommand, { button: string; done: string; confirm: string }> = {
  pause: {
    button: 'Tạm dừng',
    done: 'Đã tạm dừng; các kỳ tới sẽ không được giao cho đến khi tiếp tục.',
    confirm: 'Tạm dừng nhiệm vụ định kỳ?',
  },
  resume: {
    button: 'Tiếp tục áp dụng',
    done: 'Đã tiếp tục áp dụng từ hôm nay.',
    confirm:
      'Tiếp tục áp dụng từ hôm nay? Các kỳ đã đến hạn trong thời gian tạm dừng sẽ không được giao bù.',
  },
  end: {
    button: 'Kết thúc',
    done: 'Đã kết thúc; các nhiệm vụ đã giao vẫn tiếp tục được theo dõi.',
    confirm: 'Kết thúc nhiệm vụ định kỳ? Không giao thêm kỳ nào; các nhiệm vụ đã giao giữ nguyên.',
  },
};

function Commands({ recurrence }: { recurrence: Recurrence }) {
  const { message, modal } = App.useApp();
  const command = useRecurrenceCommand(recurrence.id);
  const reason = useRef('');
  if (!recurrence.canManage || recurrence.status === 'ended') return null;
  const run = (c: RecurrenceCommand) => {
    reason.current = '';
    return modal.confirm({
      title: COMMAND_TEXT[c].confirm,
      content:
        c === 'pause' ? (
          <Input
            aria-label="Lý do tạm dừng"
            placeholder="Lý do tạm dừng (không bắt buộc)"
            onChange={(e) => (reason.current = e.target.value)}
          />
        ) : undefined,
      okText: COMMAND_TEXT[c].button,
      cancelText: 'Không',
      okButtonProps: { danger: c === 'end' },
      onOk: () =>
        command
          .mutateAsync({
            command: c,
            reason: c === 'pause' ? reason.current.trim() || undefined : undefined,
          })
          .then(() => message.success(COMMAND_TEXT[c].done))
          .catch((error: unknown) => message.error(errorMessage(error))),
    });
  };
  return (
    <Flex gap={8} wrap>
      <Link to={`/dinh-ky/${recurrence.id}/sua`}>
        <Button>Sửa</Button>
      </Link>
      {recurrence.status === 'active' ? (
        <Button onClick={() => run('pause')}>{COMMAND_TEXT.pause.button}</Button>
      ) : (
        <Button type="primary" onClick={() => run('resume')}>
          {COMMAND_TEXT.resume.button}
        </Button>
      )}
      <Button danger onClick={() => run('end')}>
        {COMMAND_TEXT.end.button}
      </Button>
    </Flex>
  );
}

/** Một nhiệm vụ định kỳ (/dinh-ky/:id): its rule, each unit's record, and every period given. */
export function RecurrenceDetailPage() {
  const { id = '' } = useParams();
  const [periods, setPeriods] = useState(4);
  const recurrence = useRecurrence(id);
  const occurrences = useOccurrences(id, periods);
  const sourceLabels = useTaskSourceLabels();
  const phone = !Grid.useBreakpoint().md;
  if (recurrence.isLoading) return <PageLoading />;
  if (!recurrence.data) {
    return <Alert type="error" showIcon title={errorMessage(recurrence.error)} />;
  }
  const r = recurrence.data;
  return (
    <Flex vertical gap={16} style={{ maxWidth: 1100 }}>
      <Link to="/dinh-ky">
        <ArrowLeftOutlined /> Nhiệm vụ định kỳ
      </Link>
      <Card>
        <DetailHeading
          title={r.title}
          tag={{
            label: RECURRENCE_STATUS_LABELS[r.status],
            style: RECURRENCE_STATUS_STYLES[r.status],
          }}
          actions={<Commands recurrence={r} />}
        />
        <Descriptions
          column={phone ? 1 : 2}
          size="small"
          style={{ marginTop: 16 }}
          items={[
            { key: 'rule', label: 'Lặp lại', children: r.ruleText },
            { key: 'next', label: 'Kỳ tới', children: nextText(r).replace(/^Kỳ tới: /, '') },
            { key: 'targets', label: 'Giao cho', children: targetText(r) },
            { key: 'lead', label: 'Giao trước hạn', children: `${r.leadDays} ngày` },
            {
              key: 'source',
              label: 'Nguồn giao',
              children: [sourceLabels.data?.get(r.source) ?? r.source, r.sourceDocument]
                .filter(Boolean)
                .join(' · '),
            },
            {
              key: 'window',
              label: 'Áp dụng',
              children: `Các kỳ có hạn từ ${formatDate(r.startsOn)}${r.endsOn ? ` đến ${formatDate(r.endsOn)}` : ''}`,
            },
            {
              key: 'by',
              label: 'Đơn vị giao',
              children: `${r.assigningUnit.name} (${r.createdByName}, ${formatDateTime(r.createdAt)})`,
            },
            ...(r.description ? [{ key: 'desc', label: 'Nội dung', children: r.description }] : []),
          ]}
        />
      </Card>
      <Card>
        <Flex justify="space-between" align="center" gap={12} wrap>
          {heading('Kết quả thực hiện theo đơn vị')}
          <Segmented<number>
            aria-label="Số kỳ gần nhất"
            value={periods}
            onChange={setPeriods}
            options={[
              { value: 4, label: '4 kỳ' },
              { value: 8, label: '8 kỳ' },
              { value: 12, label: '12 kỳ' },
            ]}
          />
        </Flex>
        {occurrences.error && (
          <Alert type="error" showIcon title={errorMessage(occurrences.error)} />
        )}
        {occurrences.data && <UnitRecords data={occurrences.data} periods={periods} />}
      </Card>
      <Card>
        {heading('Các kỳ đã giao')}
        {occurrences.data && <Occurrences items={occurrences.data.items} />}
      </Card>
    </Flex>
  );
}
