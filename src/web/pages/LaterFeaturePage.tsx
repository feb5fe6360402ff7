/**
 * Tickets, KPI dashboards and the staffing planner arrive with later issues. The page asks the
 * server whether the API exists; while it answers 404 it says so plainly instead of showing
 * invented numbers. The reusable pieces (SlaClock, KpiTile, IntervalChart) are ready for them.
 */
import { api, ApiError } from '../api/client';
import { ComingSoon, ErrorBox, Loading } from '../components/States';
import { useAsync } from '../lib/useAsync';

const FEATURES = {
  tickets: { title: '工单', path: '/tickets', description: '投诉与服务工单：实时 SLA 倒计时（临近截止变色）、投诉处理清单、升级、回访与满意度。' },
  kpis: { title: '指标看板', path: '/kpis', description: '服务水平、平均应答时间、放弃率、平均处理时长、首次解决率、满意度，按时段与班组。' },
  staffing: { title: '排班计划', path: '/staffing/plan', description: '输入话务量与服务目标，按 Erlang C/A 计算每个时段所需客服人数并生成排班。' },
} as const;

export function LaterFeaturePage({ feature }: { feature: keyof typeof FEATURES }) {
  const f = FEATURES[feature];
  const { state, reload } = useAsync(
    () =>
      api.probe(f.path).then(
        () => 'available' as const,
        (err: unknown) => {
          if (err instanceof ApiError && (err.status === 404 || err.status === 405)) return 'missing' as const;
          throw err;
        },
      ),
    [feature],
  );
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{f.title}</h1>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorBox error={state.error} onRetry={reload} />}
      {state.data === 'missing' && <ComingSoon title={f.title} description={f.description} />}
      {state.data === 'available' && (
        <p className="note">
          服务器已提供 <code>{f.path}</code> 接口，本页面将在下一版本接入。
        </p>
      )}
    </section>
  );
}
