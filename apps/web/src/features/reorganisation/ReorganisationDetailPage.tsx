import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Grid, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../../api/errors';
import { useSession } from '../../auth/useSession';
import { DetailHeading } from '../../shared/entries';
import { formatDate, formatDateTime } from '../../shared/format';
import { MUTED } from '../../shared/muted';
import { PageLoading } from '../../shared/PageLoading';
import { unitsById, useUnits } from '../../shared/units';
import {
  KIND_LABELS,
  mayReorganise,
  movedCounts,
  pendingText,
  reorganisationKeys,
  STATUS_LABELS,
  STATUS_STYLES,
  summary,
  useCancelReorganisation,
  useReorganisation,
  type Reorganisation,
} from './reorganisationApi';

function CancelButton({ reorganisation }: { reorganisation: Reorganisation }) {
  const { message, modal } = App.useApp();
  const cancel = useCancelReorganisation(reorganisation.id);
  return (
    <Button
      danger
      onClick={() =>
        modal.confirm({
          title: 'Hủy phương án sắp xếp tổ chức?',
          content: 'Phương án sẽ không được thực hiện; đơn vị, người dùng và nhiệm vụ giữ nguyên.',
          okText: 'Hủy phương án',
          cancelText: 'Không',
          okButtonProps: { danger: true },
          onOk: () =>
            cancel
              .mutateAsync()
              .then(() => message.success('Đã hủy phương án sắp xếp tổ chức.'))
              .catch((error: unknown) => message.error(errorMessage(error))),
        })
      }
    >
      Hủy
    </Button>
  );
}

/** The counts sit in even columns: as many as fit a desktop card, two on a phone. */
const counts = (phone: boolean): React.CSSProperties => ({
  display: 'grid',
  gridTemplateColumns: phone
    ? 'repeat(2, minmax(0, 1fr))'
    : 'repeat(auto-fill, minmax(190px, 1fr))',
  gap: '16px 24px',
});

function Count({ value, label, testId }: { value: number; label: string; testId: string }) {
  return (
    <div data-testid={testId}>
      <div style={{ fontSize: 24, fontWeight: 600 }}>{value}</div>
      <div style={MUTED}>{label}</div>
    </div>
  );
}

/** Một phương án sắp xếp tổ chức (/to-chuc/:id): what, when, and what moved. */
export function ReorganisationDetailPage() {
  const { id = '' } = useParams();
  const actor = useSession()!.actor;
  const query = useReorganisation(id);
  const units = useUnits();
  const byId = useMemo(() => unitsById(units.data), [units.data]);
  const phone = !Grid.useBreakpoint().md;
  const queryClient = useQueryClient();
  const status = query.data?.status;
  useEffect(() => {
    // Carried out: units were renamed, created or dissolved, so the unit pickers must not offer them.
    if (status === 'completed') {
      void queryClient.invalidateQueries({ queryKey: ['units'] });
      void queryClient.invalidateQueries({ queryKey: reorganisationKeys.all });
    }
  }, [status, queryClient]);
  if (query.isLoading || units.isLoading) return <PageLoading />;
  if (!query.data) return <Alert type="error" showIcon title={errorMessage(query.error)} />;
  const r = query.data;
  const names = (ids: string[]) => ids.map((u) => byId.get(u)?.name ?? '—').join(', ');
  const done = r.status === 'completed' || r.status === 'running';
  return (
    <Flex vertical gap={16} style={{ maxWidth: 1100 }}>
      <Link to="/to-chuc">
        <ArrowLeftOutlined /> Sắp xếp tổ chức
      </Link>
      <Card>
        <DetailHeading
          title={summary(r, byId)}
          tag={{ label: STATUS_LABELS[r.status], style: STATUS_STYLES[r.status] }}
          actions={
            r.status === 'scheduled' && mayReorganise(actor) && <CancelButton reorganisation={r} />
          }
        />
        {r.status === 'failed' && (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 16 }}
            title="Không thực hiện được"
            description={r.failure ?? undefined}
          />
        )}
        <Descriptions
          column={phone ? 1 : 2}
          size="small"
          style={{ marginTop: 16 }}
          items={[
            { key: 'kind', label: 'Hình thức', children: KIND_LABELS[r.kind] },
            { key: 'effective', label: 'Ngày có hiệu lực', children: formatDate(r.effectiveOn) },
            {
              key: 'sources',
              label: r.kind === 'rename' ? 'Đơn vị đổi tên' : 'Đơn vị được sắp xếp',
              children: names(r.sourceUnitIds),
            },
            ...(r.kind === 'rename'
              ? [
                  {
                    key: 'newName',
                    label: 'Tên mới',
                    children: `${r.newName ?? ''}${r.newCode ? ` (ký hiệu ${r.newCode})` : ''}`,
                  },
                ]
              : [
                  {
                    key: 'successors',
                    label: 'Đơn vị kế thừa',
                    children:
                      r.kind === 'merge'
                        ? `${r.newUnit?.name ?? ''} (đơn vị mới${r.newUnit ? `, ký hiệu ${r.newUnit.code}` : ''})`
                        : names(r.successorUnitIds) || 'Không có',
                  },
                ]),
            ...(r.kind === 'split'
              ? [
                  {
                    key: 'default',
                    label: 'Nhận nhiệm vụ, người dùng còn lại',
                    children: names(r.defaultSuccessorUnitId ? [r.defaultSuccessorUnitId] : []),
                  },
                ]
              : []),
            { key: 'decision', label: 'Quyết định', children: r.decision ?? 'Không ghi' },
            { key: 'created', label: 'Ngày lập', children: formatDateTime(r.createdAt) },
            ...(r.finishedAt
              ? [
                  {
                    key: 'finished',
                    label: 'Thực hiện xong lúc',
                    children: formatDateTime(r.finishedAt),
                  },
                ]
              : []),
            ...(r.cancelledAt
              ? [{ key: 'cancelled', label: 'Hủy lúc', children: formatDateTime(r.cancelledAt) }]
              : []),
          ]}
        />
      </Card>
      <Card>
        <Typography.Title level={2} style={{ fontSize: 17, margin: '0 0 12px' }}>
          Kết quả chuyển giao
        </Typography.Title>
        {done && r.kind === 'rename' ? (
          <Typography.Paragraph style={{ ...MUTED, marginBottom: 0 }}>
            Chỉ đổi tên: đơn vị, người dùng và mọi nhiệm vụ giữ nguyên, không cần chuyển giao.
          </Typography.Paragraph>
        ) : done ? (
          <>
            <div style={counts(phone)}>
              {movedCounts(r).map((m) => (
                <Count
                  key={m.key}
                  testId={`moved-${m.key.replace('Moved', '')}`}
                  value={m.value}
                  label={`${m.label} đã chuyển`}
                />
              ))}
            </div>
            {r.tasksSkipped > 0 && (
              <Typography.Paragraph style={{ ...MUTED, marginTop: 12, marginBottom: 0 }}>
                {r.tasksSkipped} nhiệm vụ không cần chuyển (đã kết thúc hoặc đã được giao lại cho
                đơn vị khác trước đó).
              </Typography.Paragraph>
            )}
          </>
        ) : (
          <Typography.Paragraph style={{ ...MUTED, marginBottom: 0 }}>
            {r.status === 'scheduled' ? pendingText(r) : 'Không có gì được chuyển giao.'}
          </Typography.Paragraph>
        )}
      </Card>
    </Flex>
  );
}
