import { MUTED } from './styles';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Flex, Grid, Row, Segmented, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { download } from '../../api/client';
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
  ORGANISATION_CHOICES,
  PERIOD_CHOICES,
  reportRange,
  ROMAN,
  useOrganisationMode,
  usePeriodChoice,
  usePeriodWindow,
  type PeriodSlug,
} from './period';
import { TaskShortList } from './TaskShortList';
import {
  dueThisWeekFilter,
  OVERDUE_FILTER,
  reportExportUrl,
  useCompletionReport,
  useScopeUnit,
  type DrillDown,
  type ExportQuery,
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

/**
 * Units as they stood at the period's start, or the past restated on today's organisation (after
 * mergers and dissolutions). Stacked, full width, on a phone: the second choice is long.
 */
function OrganisationPicker() {
  const [mode, setMode] = useOrganisationMode();
  const phone = !Grid.useBreakpoint().md;
  return (
    <Flex gap={8} wrap align="center" role="group" aria-labelledby="don-vi-theo-to-chuc">
      <Typography.Text id="don-vi-theo-to-chuc">Đơn vị theo tổ chức:</Typography.Text>
      <Segmented
        aria-labelledby="don-vi-theo-to-chuc"
        orientation={phone ? 'vertical' : 'horizontal'}
        block={phone}
        styles={phone ? { label: { textAlign: 'start' } } : undefined}
        value={mode}
        onChange={(value) => setMode(value)}
        options={ORGANISATION_CHOICES}
      />
    </Flex>
  );
}

/** The report as a document, with the same period, scope and organisation as the screen. */
function ExportButtons({ query }: { query: ExportQuery }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<'docx' | 'xlsx' | null>(null);
  const save = async (format: 'docx' | 'xlsx') => {
    setBusy(format);
    try {
      await download(reportExportUrl(format, query), `bao-cao-tong-hop.${format}`);
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Flex gap={8} wrap>
      <Button icon={<DownloadOutlined />} loading={busy === 'docx'} onClick={() => save('docx')}>
        Tải báo cáo (Word)
      </Button>
      <Button icon={<DownloadOutlined />} loading={busy === 'xlsx'} onClick={() => save('xlsx')}>
        Tải biểu mẫu (Excel)
      </Button>
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
  const [organisation] = useOrganisationMode();
  const phone = !Grid.useBreakpoint().md;
  const [drill, setDrillState] = useState<DrillDown | null>(null);
  const [drilled, setDrilled] = useState(false);
  const setDrill = (next: DrillDown | null) => {
    if (next) setDrilled(true);
    setDrillState(next);
  };
  const scope = useScopeUnit(actor);
  const period = usePeriodWindow(choice);
  const range = period.data ? reportRange(period.data) : undefined;
  const report = useCompletionReport(scope.data?.code, range?.from, range?.to, organisation);
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
          {report.data?.organisation && (
            <Typography.Text
              data-testid="report-organisation"
              style={{ ...MUTED, display: 'block', fontSize: 13 }}
            >
              {report.data.organisation.text}
            </Typography.Text>
          )}
        </div>
        <Flex
          vertical
          gap={8}
          align={phone ? 'flex-start' : 'flex-end'}
          style={{ maxWidth: '100%' }}
        >
          <PeriodPicker />
          <OrganisationPicker />
        </Flex>
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
          <Flex justify="space-between" align="center" wrap gap={12}>
            <Typography.Text style={{ ...MUTED, fontSize: 13 }}>
              Số liệu tổng hợp lúc {formatDateTime(report.data.generatedAt)}.
            </Typography.Text>
            {range && (
              <ExportButtons
                query={{
                  scope: scope.data.code,
                  from: range.from,
                  to: range.to,
                  groupBy: 'unit',
                  organisation,
                  label: period.data?.label,
                }}
              />
            )}
          </Flex>
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
            organisation={organisation}
            onClose={() => setDrill(null)}
          />
        </Suspense>
      )}
    </Flex>
  );
}
