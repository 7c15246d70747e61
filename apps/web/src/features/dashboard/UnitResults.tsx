import { MUTED } from './styles';
import { Flex, Grid, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { formatCount, formatPercent } from '../../shared/format';
import { PageLoading } from '../../shared/PageLoading';
import { Figure, INDICATORS } from './Figures';
import { PANEL } from './styles';
import type { DrillDown, ReportGroup } from './useDashboard';

/** A plain table (antd's Table would add ~50 KB gzipped to the overview's first load). */
const TABLE: React.CSSProperties = {
  width: '100%',
  borderCollapse: 'collapse',
  background: '#fff',
  border: '1px solid #f0f0f0',
  borderRadius: 8,
};
const TH: React.CSSProperties = {
  padding: '10px 12px',
  background: '#fafafa',
  borderBottom: '1px solid #f0f0f0',
  fontWeight: 600,
  textAlign: 'right',
  verticalAlign: 'bottom',
};
const TD: React.CSSProperties = {
  padding: '8px 12px',
  borderBottom: '1px solid #f0f0f0',
  textAlign: 'right',
};
// ECharts is the heaviest dependency: it loads after the figures, in its own chunk.
const UnitChart = lazy(() => import('./UnitChart'));

/**
 * Worst first: the highest late share (completed late + overdue among the tasks already due),
 * then the most overdue, then the lowest on-time share; units with nothing due yet go last.
 */
export function worstFirst(groups: ReportGroup[]): ReportGroup[] {
  return [...groups].sort(
    (a, b) =>
      (b.lateShare ?? -1) - (a.lateShare ?? -1) ||
      b.overdueIncomplete - a.overdueIncomplete ||
      (a.onTimeShare ?? 2) - (b.onTimeShare ?? 2) ||
      a.label.localeCompare(b.label, 'vi'),
  );
}

/** Screen readers hear the chart as one sentence; the table below holds every number. */
function chartSummary(groups: ReportGroup[]): string {
  const late = groups.filter((g) => g.completedLate + g.overdueIncomplete > 0);
  const head = `Biểu đồ kết quả theo đơn vị, xếp đơn vị có tỷ lệ trễ hạn cao nhất lên đầu, ${groups.length} đơn vị.`;
  if (late.length === 0)
    return `${head} Không đơn vị nào có nhiệm vụ trễ hạn. Số liệu chi tiết ở bảng bên dưới.`;
  const worst = late[0];
  return `${head} Cao nhất: ${worst.label}, tỷ lệ trễ hạn ${formatPercent(worst.lateShare)}, ${worst.overdueIncomplete} nhiệm vụ quá hạn chưa hoàn thành. Số liệu chi tiết ở bảng bên dưới.`;
}

interface Props {
  groups: ReportGroup[];
  onDrill: (drill: DrillDown) => void;
}

export function UnitResults({ groups, onDrill }: Props) {
  const screens = Grid.useBreakpoint();
  const sorted = worstFirst(groups);
  const drill = (g: ReportGroup, ind: (typeof INDICATORS)[number]) =>
    onDrill({
      title: `${ind.code} ${ind.label}`,
      classes: ind.classes,
      group: g.key,
      groupLabel: g.label,
    });

  return (
    <section aria-labelledby="theo-don-vi">
      <Typography.Title level={2} id="theo-don-vi" style={{ fontSize: 18, margin: '24px 0 12px' }}>
        Kết quả theo đơn vị
      </Typography.Title>
      {sorted.length === 0 ? (
        <div style={PANEL}>
          <Typography.Text style={MUTED}>
            Chưa có nhiệm vụ nào được giao trong kỳ này. Khi nhiệm vụ được giao cho các đơn vị, kết
            quả của từng đơn vị sẽ hiện ở đây.
          </Typography.Text>
        </div>
      ) : (
        <Flex vertical gap={12}>
          <div style={{ ...PANEL, padding: screens.md ? 16 : 8 }}>
            <Suspense fallback={<PageLoading />}>
              <UnitChart
                groups={sorted}
                label={chartSummary(sorted)}
                narrow={!screens.md}
                onSelect={(g) => drill(g, INDICATORS[0])}
              />
            </Suspense>
          </div>
          {screens.md ? (
            <table style={TABLE}>
              <caption style={{ captionSide: 'top', textAlign: 'start', padding: '0 0 8px' }}>
                <Typography.Text style={MUTED}>
                  Số liệu của biểu đồ, đơn vị có tỷ lệ trễ hạn cao nhất ở trên cùng. Bấm vào một số
                  để xem các nhiệm vụ.
                </Typography.Text>
              </caption>
              <thead>
                <tr>
                  <th scope="col" style={{ ...TH, textAlign: 'start' }}>
                    Đơn vị
                  </th>
                  {INDICATORS.map((ind) => (
                    <th key={ind.code} scope="col" style={TH}>
                      {ind.code} {ind.label}
                    </th>
                  ))}
                  <th scope="col" style={TH}>
                    Tỷ lệ trễ hạn
                  </th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((g) => (
                  <tr key={g.key}>
                    <th scope="row" style={{ ...TD, textAlign: 'start', fontWeight: 500 }}>
                      {g.label}
                    </th>
                    {INDICATORS.map((ind) => (
                      <td key={ind.code} style={TD}>
                        <Figure
                          size={15}
                          value={g.indicators[ind.code]}
                          label={`${g.label}, ${ind.code} ${ind.label}`}
                          onOpen={() => drill(g, ind)}
                        />
                      </td>
                    ))}
                    <td style={TD}>{formatPercent(g.lateShare)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <ul
              aria-label="Kết quả theo đơn vị"
              style={{ ...PANEL, listStyle: 'none', margin: 0, padding: 0 }}
            >
              {sorted.map((g) => (
                <li key={g.key} style={{ padding: '12px 16px', borderBottom: '1px solid #f0f0f0' }}>
                  <Typography.Text strong>{g.label}</Typography.Text>
                  <dl
                    style={{
                      display: 'grid',
                      gridTemplateColumns: '1fr auto',
                      gap: '2px 12px',
                      margin: '6px 0 0',
                    }}
                  >
                    {INDICATORS.map((ind) => (
                      <div key={ind.code} style={{ display: 'contents' }}>
                        <dt style={{ color: '#434343' }}>
                          {ind.code} {ind.label}
                        </dt>
                        <dd style={{ margin: 0, textAlign: 'right' }}>
                          <Figure
                            size={15}
                            value={g.indicators[ind.code]}
                            label={`${g.label}, ${ind.code} ${ind.label}`}
                            onOpen={() => drill(g, ind)}
                          />
                        </dd>
                      </div>
                    ))}
                    <div style={{ display: 'contents' }}>
                      <dt style={{ color: '#434343' }}>Tỷ lệ trễ hạn</dt>
                      <dd style={{ margin: 0, textAlign: 'right' }}>
                        {formatPercent(g.lateShare)}
                      </dd>
                    </div>
                  </dl>
                </li>
              ))}
            </ul>
          )}
          <Typography.Text style={{ ...MUTED, fontSize: 13 }}>
            Tổng {formatCount(sorted.length)} đơn vị. Tỷ lệ trễ hạn = (hoàn thành quá hạn + quá hạn
            chưa hoàn thành) / số nhiệm vụ đã đến hạn.
          </Typography.Text>
        </Flex>
      )}
    </section>
  );
}
