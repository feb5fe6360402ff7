/** The QA overview (GET /stats/overview): aggregates over conversations and their latest inspection. */
import { sql } from 'kysely';
import { BUILTIN_RULES_BY_ID } from '../rules/index.js';
import type { ConversationFilter, ConversationRepo } from './conversations.js';
import type { Scope } from './scope.js';

export interface Overview {
  conversations: number;
  inspected: number;
  meanScore: number | null;
  passRate: number | null;
  fatalCount: number;
  scoreHistogram: Array<{ bucket: string; count: number }>;
  trend: Array<{ day: string; meanScore: number; count: number }>;
  topRules: Array<{ ruleId: string; description: string; count: number }>;
  agents: Array<{ agentId: string; conversations: number; meanScore: number | null; passRate: number | null; findings: number }>;
}

const round = (x: number | null | undefined, d = 1) => (x === null || x === undefined ? null : Math.round(Number(x) * 10 ** d) / 10 ** d);

export async function overview(repo: ConversationRepo, scope: Scope, f: ConversationFilter): Promise<Overview> {
  const all = await repo.countMatching(scope, f);
  // one pass over the inspected conversations grouped by (day, score bucket, passed, fatal) gives
  // the totals, the histogram and the trend
  const inspected = repo.filtered(scope, { ...f, inspected: true });
  const bucketExpr = sql<number>`case when i.score >= 90 then 9 when i.score >= 80 then 8 when i.score >= 70 then 7 when i.score >= 60 then 6 when i.score >= 50 then 5 when i.score >= 40 then 4 when i.score >= 30 then 3 when i.score >= 20 then 2 when i.score >= 10 then 1 else 0 end`;
  const dayExpr = sql<string>`substr(coalesce(c.started_at, c.created_at), 1, 10)`;
  const groups = await inspected
    .select((eb) => [dayExpr.as('day'), bucketExpr.as('b'), 'i.passed', 'i.fatal', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('i.score').as('total')])
    .groupBy([dayExpr, bucketExpr, 'i.passed', 'i.fatal'])
    .execute();
  let n = 0;
  let sum = 0;
  let passed = 0;
  let fatalCount = 0;
  const buckets = new Map<number, number>();
  const days = new Map<string, { n: number; sum: number }>();
  for (const g of groups) {
    const k = Number(g.n);
    const t = Number(g.total ?? 0);
    n += k;
    sum += t;
    if (Number(g.passed) === 1) passed += k;
    if (Number(g.fatal) === 1) fatalCount += k;
    buckets.set(Number(g.b), (buckets.get(Number(g.b)) ?? 0) + k);
    const d = days.get(g.day) ?? { n: 0, sum: 0 };
    d.n += k;
    d.sum += t;
    days.set(g.day, d);
  }
  const scoreHistogram = Array.from({ length: 10 }, (_, b) => ({ bucket: `${b * 10}-${b === 9 ? 100 : b * 10 + 10}`, count: buckets.get(b) ?? 0 }));
  const trend = [...days].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([day, d]) => ({ day, meanScore: round(d.sum / d.n) ?? 0, count: d.n }));

  const ruleRows = await inspected
    .innerJoin('findings as f', 'f.inspection_id', 'i.id')
    .where('f.status', '!=', 'rejected')
    .select((eb) => ['f.rule_id', eb.fn.countAll<number>().as('n')])
    .groupBy('f.rule_id')
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('f.rule_id')
    .limit(10)
    .execute();

  const agentRows = await inspected
    .where('c.agent_id', 'is not', null)
    .select((eb) => ['c.agent_id', eb.fn.countAll<number>().as('n'), eb.fn.avg<number>('i.score').as('mean'), eb.fn.avg<number>('i.passed').as('pass'), eb.fn.sum<number>('i.finding_count').as('findings')])
    .groupBy('c.agent_id')
    .orderBy(sql`avg(i.score)`, 'desc')
    .limit(200)
    .execute();

  return {
    conversations: all,
    inspected: n,
    meanScore: n === 0 ? null : round(sum / n),
    passRate: n === 0 ? null : round(passed / n, 3),
    fatalCount,
    scoreHistogram,
    trend,
    topRules: ruleRows.map((r) => ({ ruleId: r.rule_id, description: BUILTIN_RULES_BY_ID.get(r.rule_id)?.meta.description ?? r.rule_id, count: Number(r.n) })),
    agents: agentRows.map((r) => ({ agentId: r.agent_id!, conversations: Number(r.n), meanScore: round(r.mean), passRate: round(r.pass, 3), findings: Number(r.findings ?? 0) })),
  };
}
