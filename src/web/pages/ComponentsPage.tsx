/**
 * Component gallery (#/dev/components, not in the navigation): the building blocks of the ticket,
 * KPI and staffing pages rendered with example props, for visual checks and end-to-end tests.
 * Every value here is an example input, not business data.
 */
import { useState } from 'react';
import { IntervalChart } from '../components/IntervalChart';
import { KpiTile } from '../components/KpiTile';
import { SlaClock } from '../components/SlaClock';

const HALF_HOURS = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'];
const EXAMPLE_SERIES = [
  { name: '所需人数', kind: 'bar' as const, values: [8, 11, 14, 13, 10, 9] },
  { name: '排班人数', kind: 'line' as const, values: [9, 10, 14, 14, 10, 8] },
];

export function ComponentsPage() {
  const [loadedAt] = useState(() => Date.now());
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">组件样例</h1>
      <p className="note">本页用示例参数展示可复用组件（非业务数据），供界面检查与自动化测试。</p>

      <h2>SLA 倒计时</h2>
      <ul className="sla-samples">
        <li data-sample="short">
          10 秒时限（每秒变化，依次变色）：
          <SlaClock label="首次响应" dueAt={loadedAt + 8_000} windowSeconds={10} />
        </li>
        <li data-sample="ok">
          <SlaClock label="投诉回复" dueAt={loadedAt + 100 * 60_000} windowSeconds={2 * 3600} />
        </li>
        <li data-sample="warn">
          <SlaClock label="投诉回复" dueAt={loadedAt + 40 * 60_000} windowSeconds={2 * 3600} />
        </li>
        <li data-sample="due">
          <SlaClock label="投诉回复" dueAt={loadedAt + 10 * 60_000} windowSeconds={2 * 3600} />
        </li>
        <li data-sample="breached">
          <SlaClock label="处理完成" dueAt={loadedAt - 5 * 60_000} windowSeconds={24 * 3600} />
        </li>
        <li data-sample="stopped">
          <SlaClock label="处理完成" dueAt={loadedAt + 3600_000} windowSeconds={24 * 3600} stoppedAt={loadedAt} />
        </li>
      </ul>

      <h2>指标卡片</h2>
      <div className="kpi-row">
        <KpiTile label="服务水平（20 秒内接通）" value={0.83} target={0.8} format={(v) => `${Math.round(v * 100)}%`} />
        <KpiTile label="平均应答时间" value={24} unit="秒" target={20} better="lower" />
        <KpiTile label="放弃率" value={0.04} target={0.05} better="lower" format={(v) => `${(v * 100).toFixed(1)}%`} />
        <KpiTile label="满意度" value={null} hint="暂无评价" />
      </div>

      <h2>时段图</h2>
      <IntervalChart title="每半小时所需与排班人数" intervals={HALF_HOURS} series={EXAMPLE_SERIES} unit="人" />
    </section>
  );
}
