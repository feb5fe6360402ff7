/**
 * QA overview (/): headline numbers, score distribution, trend by day, top violated rules and
 * agents ranked, for the filters in the URL. Every bar and point drills down to its conversations.
 */
import { useMemo } from 'react';
import { api } from '../api/client';
import type { Overview } from '../api/types';
import { DrillChart, type DrillRow } from '../components/DrillChart';
import { apiFilters, Filters, filtersFrom, type FilterValues } from '../components/Filters';
import { KpiTile } from '../components/KpiTile';
import { Empty, ErrorBox, Loading } from '../components/States';
import type { ChartOption } from '../components/EChart';
import { formatPercent, formatScore } from '../lib/format';
import { href, useLocation } from '../lib/router';
import { useAsync } from '../lib/useAsync';

const BAR = '#2f6fdb';

/** "60-70" → scores from 60 up to (not including) 70; the last bucket, "90-100", includes 100. */
export function bucketRange(bucket: string): { minScore?: string; maxScore?: string } {
  const m = /^(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)$/.exec(bucket);
  if (!m) return {};
  const upper = Number(m[2]);
  return { minScore: m[1]!, maxScore: upper >= 100 ? m[2]! : String(upper - 0.001) };
}

const conversationsLink = (filters: FilterValues, extra: Record<string, string | undefined>) =>
  href('/conversations', { ...filters, ...extra });

function histogramChart(data: Overview, filters: FilterValues): { option: ChartOption; rows: DrillRow[] } {
  const rows = data.scoreHistogram.map((b) => ({ label: `${b.bucket} 分`, value: `${b.count} 个会话`, href: conversationsLink(filters, { ...bucketRange(b.bucket), sort: 'score' }) }));
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: data.scoreHistogram.map((b) => b.bucket), name: '得分' },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name: '会话数', data: data.scoreHistogram.map((b) => b.count), itemStyle: { color: BAR } }],
  };
  return { option, rows };
}

function trendChart(data: Overview, filters: FilterValues): { option: ChartOption; rows: DrillRow[] } {
  const rows = data.trend.map((d) => ({
    label: d.day,
    value: `均分 ${formatScore(d.meanScore)} · ${d.count} 个会话`,
    href: conversationsLink(filters, { from: d.day, to: d.day }),
  }));
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: data.trend.map((d) => d.day.slice(5)) },
    yAxis: [
      { type: 'value', name: '均分', min: 0, max: 100 },
      { type: 'value', name: '会话', minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { type: 'line', name: '平均分', data: data.trend.map((d) => d.meanScore), symbolSize: 8, itemStyle: { color: BAR } },
      { type: 'bar', name: '会话数', yAxisIndex: 1, data: data.trend.map((d) => d.count), itemStyle: { color: '#c7d7f5' } },
    ],
  };
  return { option, rows };
}

function topRulesChart(data: Overview, filters: FilterValues): { option: ChartOption; rows: DrillRow[] } {
  const rules = [...data.topRules].reverse(); // largest at the top of a horizontal bar chart
  const rows = data.topRules.map((r) => ({ label: `${r.description}（${r.ruleId}）`, value: `${r.count} 次`, href: conversationsLink(filters, { ruleId: r.ruleId }) }));
  const option: ChartOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rules.map((r) => r.description), axisLabel: { width: 150, overflow: 'truncate' } },
    series: [{ type: 'bar', name: '违规次数', data: rules.map((r) => r.count), itemStyle: { color: '#d9534f' } }],
  };
  // Rows follow the chart's data order for click → drill-down.
  return { option, rows: [...rows].reverse() };
}

function agentsChart(data: Overview, filters: FilterValues): { option: ChartOption; rows: DrillRow[] } {
  const ranked = [...data.agents].sort((a, b) => (b.meanScore ?? -1) - (a.meanScore ?? -1));
  const shown = [...ranked].reverse();
  const rows = ranked.map((a, i) => ({
    label: `${i + 1}. ${a.agentId}`,
    value: `均分 ${formatScore(a.meanScore)} · 合格率 ${formatPercent(a.passRate)} · ${a.conversations} 个会话 · ${a.findings} 条问题`,
    href: conversationsLink(filters, { agentId: a.agentId, sort: 'score' }),
  }));
  const option: ChartOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100 },
    yAxis: { type: 'category', data: shown.map((a) => a.agentId) },
    series: [{ type: 'bar', name: '平均分', data: shown.map((a) => a.meanScore), itemStyle: { color: '#3a9d5d' } }],
  };
  return { option, rows: [...rows].reverse() };
}

function OverviewCharts({ data, filters }: { data: Overview; filters: FilterValues }) {
  const charts = useMemo(
    () => ({
      histogram: histogramChart(data, filters),
      trend: trendChart(data, filters),
      rules: topRulesChart(data, filters),
      agents: agentsChart(data, filters),
    }),
    [data, filters],
  );
  const barsHeight = (n: number) => Math.max(200, n * 28 + 40);
  return (
    <div className="chart-grid">
      <DrillChart title="得分分布" {...charts.histogram} />
      <DrillChart title="按日趋势" {...charts.trend} />
      <DrillChart title="高频违规规则" {...charts.rules} height={barsHeight(data.topRules.length)} />
      <DrillChart title="客服排名（平均分）" {...charts.agents} height={barsHeight(data.agents.length)} />
    </div>
  );
}

export function OverviewPage() {
  const { search } = useLocation();
  const filters = useMemo(() => filtersFrom(new URLSearchParams(search)), [search]);
  const { state, reload } = useAsync(() => api.overview(apiFilters(filters)), [filters]);

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">质检概览</h1>
      <Filters path="/" values={filters} />
      {state.status === 'loading' && !state.data && <Loading />}
      {state.status === 'error' && <ErrorBox error={state.error} onRetry={reload} />}
      {state.data && state.data.conversations === 0 && (
        <Empty title="所选范围内还没有会话">
          <p>
            先<a href="#/imports">导入会话</a>，质检结果会出现在这里。
          </p>
        </Empty>
      )}
      {state.data && state.data.conversations > 0 && (
        <>
          <div className="kpi-row">
            <KpiTile label="会话数" value={state.data.conversations} format={String} />
            <KpiTile label="已质检" value={state.data.inspected} format={String} />
            <KpiTile label="平均分" value={state.data.meanScore} />
            <KpiTile label="合格率" value={state.data.passRate} format={formatPercent} />
            <KpiTile label="致命项" value={state.data.fatalCount} format={String} target={0} better="lower" />
          </div>
          <OverviewCharts data={state.data} filters={filters} />
        </>
      )}
    </section>
  );
}
