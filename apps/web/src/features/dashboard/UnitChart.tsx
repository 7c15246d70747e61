import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import type { ReportGroup } from './useDashboard';

// Only the parts the bar chart uses: the rest of ECharts never reaches the browser.
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** The four figures a unit's bar is made of, with colours dark enough to read on white. */
export const SERIES = [
  { key: 'onTime', name: 'Đúng hạn, trước hạn', color: '#237804' },
  { key: 'completedLate', name: 'Hoàn thành quá hạn', color: '#d46b08' },
  { key: 'overdueIncomplete', name: 'Quá hạn chưa hoàn thành', color: '#a8071a' },
  { key: 'inProgressNotDue', name: 'Đang thực hiện trong hạn', color: '#1d5fb8' },
] as const;

const valueOf = (g: ReportGroup, key: (typeof SERIES)[number]['key']) =>
  key === 'onTime' ? g.completedEarly + g.completedOnTime : g[key];

interface Props {
  groups: ReportGroup[];
  label: string;
  /** A phone: the legend wraps onto more lines and unit names get less room. */
  narrow?: boolean;
  onSelect?: (group: ReportGroup) => void;
}

/** Horizontal stacked bars, one per unit, worst first (at the top). */
export default function UnitChart({ groups, label, narrow = false, onSelect }: Props) {
  // ECharts draws the first category at the bottom: reverse so the worst unit is on top.
  const rows = [...groups].reverse();
  const legendHeight = narrow ? 84 : 48;
  const option = {
    animation: false,
    grid: { left: 8, right: 16, top: legendHeight, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0, textStyle: { color: '#262626' } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#434343' } },
    yAxis: {
      type: 'category',
      data: rows.map((g) => g.label),
      axisLabel: { color: '#262626', width: narrow ? 110 : 180, overflow: 'break', lineHeight: 15 },
    },
    series: SERIES.map((s) => ({
      name: s.name,
      type: 'bar',
      stack: 'total',
      barMaxWidth: 28,
      itemStyle: { color: s.color },
      data: rows.map((g) => valueOf(g, s.key)),
    })),
  };
  return (
    <div role="img" aria-label={label}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        notMerge
        style={{
          height: Math.max(200, legendHeight + 16 + rows.length * (narrow ? 48 : 40)),
          width: '100%',
        }}
        onEvents={
          onSelect
            ? { click: (e: { dataIndex: number }) => onSelect(rows[e.dataIndex]) }
            : undefined
        }
      />
    </div>
  );
}
