/**
 * One ECharts instance in a div, resized with its container. `onSelect` receives the clicked
 * data index (bar, point), which the pages turn into a drill-down.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** Fonts with CJK glyphs first, so the canvas never falls back to boxes. */
export const CHART_FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';
/** Series colours with enough contrast on white. */
const PALETTE = ['#2f6fdb', '#d9480f', '#3a9d5d', '#7048e8', '#b42318', '#0b7285'];

export function EChart({ option, onSelect, label, height = 260 }: { option: ChartOption; onSelect?: (dataIndex: number) => void; label: string; height?: number }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ color: PALETTE, textStyle: { fontFamily: CHART_FONT }, ...option }, true);
  }, [option]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || !onSelect) return;
    const handler = (params: { dataIndex?: number }) => {
      if (typeof params.dataIndex === 'number') onSelect(params.dataIndex);
    };
    instance.on('click', handler);
    return () => {
      instance.off('click', handler);
    };
  }, [onSelect]);

  return <div ref={container} className="chart" role="img" aria-label={label} style={{ height }} />;
}
