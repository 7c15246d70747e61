import { MUTED } from './styles';
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Flex, Row, Segmented, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { errorMessage } from '../../api/errors';
import { hasRole, type Actor } from '../../auth/session';
import { useSession } from '../../auth/useSession';
import { formatDate, formatDateTime, todayInVietnam } from '../../shared/format';
import { NoAccess } from '../../shared/NoAccess';
import { PageLoading } from '../../shared/PageLoading';
import { Figures } from './Figures';
import {
  currentPeriodOf,
  hasBegun,
  PERIOD_CHOICES,
  reportRange,
  ROMAN,
  usePeriodChoice,
  usePeriodWindow,
  type PeriodSlug,
} from './period';
import { TaskShortList } from './TaskShortList';
import {
  dueThisWeekFilter,
  OVERDUE_FILTER,
  useCompletionReport,
  useScopeUnit,
  type DrillDown,
} from './useDashboard';
import { UnitResults } from './UnitResults';

// The list behind a number loads on the first click, not with the page.
const DrillDownDrawer = lazy(() =>
  import('./DrillDownDrawer').then((m) => ({ default: m.DrillDownDrawer })),
);

const YEARS_BACK = 5;

const YEAR_SELECT: React.CSSProperties = {
  height: 32,
  padding: '0 8px',
  border: '1px solid #d9d9d9',
  borderRadius: 6,
  background: '#fff',
  color: '#262626',
  fontSize: 14,
  fontFamily: 'inherit',
};

function PeriodPicker() {
  const [choice, setChoice] = usePeriodChoice();
  const today = todayInVietnam();
  const now = currentPeriodOf(today);
  const years = Array.from({ length: YEARS_BACK + 1 }, (_, i) => now.year - i);
  return (
    <Flex gap={8} wrap align="center" role="group" aria-label="Chọn kỳ báo cáo">
      <Segmented
        aria-label="Loại kỳ báo cáo"
        value={choice.slug}
        onChange={(slug) => setChoice({ slug: slug as PeriodSlug })}
        options={PERIOD_CHOICES.map((c) => ({ label: c.label, value: c.slug }))}
      />
      {choice.type === 'quarter' && (
        <Segmented
          aria-label="Quý"
          value={choice.number}
          onChange={(number) => setChoice({ number: Number(number) })}
          options={[1, 2, 3, 4].map((q) => ({
            value: q,
            label: `Quý ${ROMAN[q - 1]}`,
            disabled: !hasBegun('quarter', choice.year, q, today),
          }))}
        />
      )}
      {/* A native list: antd's Select would add ~25 KB gzipped to the first load. */}
      <select
        aria-label="Năm"
        value={choice.year}
        onChange={(e) => setChoice({ year: Number(e.target.value) })}
        style={YEAR_SELECT}
      >
        {years.map((y) => (
          <option key={y} value={y}>
            Năm {y}
          </option>
        ))}
      </select>
    </Flex>
  );
}

/** Tổng quan: the reporting period's figures for the leader's scope, worst units first. */
export function DashboardPage() {
  const { actor } = useSession()!;
  if (!hasRole(actor, 'leader', 'monitor', 'admin')) return <NoAccess what="trang tổng quan" />;
  return <Overview actor={actor} />;
}

function Overview({ actor }: { actor: Actor }) {
  const [choice] = usePeriodChoice();
  const [drill, setDrillState] = useState<DrillDown | null>(null);
  const [drilled, setDrilled] = useState(false);
  const setDrill = (next: DrillDown | null) => {
    if (next) setDrilled(true);
    setDrillState(next);
  };
  const scope = useScopeUnit(actor);
  const period = usePeriodWindow(choice);
  const range = period.data ? reportRange(period.data) : undefined;
  const report = useCompletionReport(scope.data?.code, range?.from, range?.to);
  const today = todayInVietnam();

  const failure = scope.error ?? period.error ?? report.error;
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="flex-start" wrap gap={12}>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
            Tổng quan
          </Typography.Title>
          <Typography.Text style={MUTED}>
            {scope.data?.name ?? ' '}
            {period.data && ` · ${period.data.label}`}
          </Typography.Text>
        </div>
        <PeriodPicker />
      </Flex>

      {period.data && range && (
        <Typography.Paragraph style={{ margin: 0 }} data-testid="period-range">
          Nhiệm vụ giao từ ngày <strong>{formatDate(range.from)}</strong> đến ngày{' '}
          <strong>{formatDate(range.to)}</strong>
          {range.open
            ? `, số liệu tính đến hôm nay. Kỳ chốt số liệu ngày ${formatDate(period.data.to)}, hạn báo cáo ngày ${formatDate(period.data.reportDueDate)}.`
            : `, số liệu chốt ngày ${formatDate(period.data.to)} (Nghị định 09/2019/NĐ-CP).`}
        </Typography.Paragraph>
      )}

      {failure ? (
        <Alert
          type="error"
          showIcon
          title="Không tải được số liệu tổng quan"
          description={errorMessage(failure)}
          action={
            <Button icon={<ReloadOutlined />} onClick={() => void report.refetch()}>
              Thử lại
            </Button>
          }
        />
      ) : !report.data || !scope.data ? (
        <PageLoading />
      ) : (
        <>
          <Figures
            totals={report.data.window.totals}
            carriedOver={report.data.carriedOver.totals}
            scopeName={report.data.scope.name}
            onDrill={setDrill}
          />
          <UnitResults groups={report.data.window.groups} onDrill={setDrill} />
          <Typography.Text style={{ ...MUTED, fontSize: 13 }}>
            Số liệu tổng hợp lúc {formatDateTime(report.data.generatedAt)}.
          </Typography.Text>
        </>
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <TaskShortList
            id="qua-han"
            title="Nhiệm vụ quá hạn"
            filter={OVERDUE_FILTER}
            empty="Không có nhiệm vụ nào quá hạn."
          />
        </Col>
        <Col xs={24} xl={12}>
          <TaskShortList
            id="den-han-tuan-nay"
            title="Đến hạn trong tuần này"
            filter={dueThisWeekFilter(today)}
            empty="Không có nhiệm vụ nào đến hạn từ hôm nay đến hết Chủ nhật."
          />
        </Col>
      </Row>

      {drilled && (
        <Suspense fallback={null}>
          <DrillDownDrawer
            drill={drill}
            scope={scope.data}
            from={range?.from}
            to={range?.to}
            periodLabel={period.data?.label}
            onClose={() => setDrill(null)}
          />
        </Suspense>
      )}
    </Flex>
  );
}
