/**
 * Values per time interval (e.g. 09:00, 09:30 …): bars and lines on one axis, with an optional
 * target line. Staffing uses it for required vs scheduled agents, KPI pages for service level.
 */
import { useMemo } from 'react';
import { EChart, type ChartOption } from './EChart';

export interface IntervalSeries {
  name: string;
  kind: 'bar' | 'line';
  values: (number | null)[];
}

export interface IntervalChartProps {
  title: string;
  intervals: string[];
  series: IntervalSeries[];
  unit?: string;
  target?: { value: number; label: string };
  onSelect?: (index: number) => void;
  height?: number;
}

export function intervalOption({ intervals, series, unit, target }: Pick<IntervalChartProps, 'intervals' | 'series' | 'unit' | 'target'>): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28, containLabel: true },
    xAxis: { type: 'category', data: intervals },
    yAxis: { type: 'value', name: unit ?? '' },
    series: series.map((s, i) => ({
      name: s.name,
      type: s.kind,
      data: s.values,
      ...(i === 0 && target
        ? { markLine: { symbol: 'none', lineStyle: { type: 'dashed', color: '#b42318' }, data: [{ yAxis: target.value, name: target.label }], label: { formatter: target.label } } }
        : {}),
    })),
  };
}

export function IntervalChart({ title, intervals, series, unit, target, onSelect, height }: IntervalChartProps) {
  const option = useMemo(() => intervalOption({ intervals, series, unit, target }), [intervals, series, unit, target]);
  return (
    <figure className="panel chart-panel">
      <figcaption className="panel-title">{title}</figcaption>
      <EChart option={option} label={title} {...(onSelect ? { onSelect } : {})} {...(height ? { height } : {})} />
    </figure>
  );
}
