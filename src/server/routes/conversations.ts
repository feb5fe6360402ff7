/** Conversations, results, the review queue (抽检), review actions, inspections, jobs and stats. */
import { createHash } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { startInspection } from '../../queue/service.js';
import type { ConversationFilter } from '../../store/conversations.js';
import { overview } from '../../store/stats.js';
import { notFound } from '../../store/util.js';
import { principal, record, scope, type KefuContext } from '../context.js';
import {
  AppealSchema,
  AuditEntrySchema,
  ConversationSchema,
  ErrorSchema,
  IdParams,
  InspectionSchema,
  JobSchema,
  Opt,
  open,
  page,
  PageQuery,
  ReviewSchema,
  strict,
  SummarySchema,
  Type,
} from '../schemas.js';

const FilterQuery = {
  from: Opt(Type.String({ maxLength: 40 })),
  to: Opt(Type.String({ maxLength: 40 })),
  teamId: Opt(Type.String({ maxLength: 200 })),
  agentId: Opt(Type.String({ maxLength: 200 })),
  channel: Opt(Type.Union([Type.Literal('chat'), Type.Literal('call'), Type.Literal('email')])),
  ruleSetId: Opt(Type.String({ maxLength: 200 })),
};

const ConversationsQuery = Type.Object({
  ...FilterQuery,
  minScore: Opt(Type.Number()),
  maxScore: Opt(Type.Number()),
  passed: Opt(Type.Boolean()),
  ruleId: Opt(Type.String({ maxLength: 200 })),
  hasFatal: Opt(Type.Boolean()),
  q: Opt(Type.String({ maxLength: 200 })),
  reviewStatus: Opt(Type.Union([Type.Literal('unreviewed'), Type.Literal('reviewed'), Type.Literal('appealed'), Type.Literal('closed')])),
  sort: Opt(Type.Union([Type.Literal('score'), Type.Literal('-score'), Type.Literal('startedAt'), Type.Literal('-startedAt')])),
  ...PageQuery,
});

const ReviewQueueQuery = Type.Object({
  ...FilterQuery,
  mode: Opt(Type.Union([Type.Literal('worst'), Type.Literal('fatal'), Type.Literal('sample')], { default: 'worst' })),
  percent: Opt(Type.Number({ exclusiveMinimum: 0, maximum: 100, default: 10 })),
  seed: Opt(Type.String({ maxLength: 100 })),
  reviewStatus: Opt(Type.Union([Type.Literal('unreviewed'), Type.Literal('reviewed'), Type.Literal('appealed'), Type.Literal('closed')])),
  ...PageQuery,
});

function filterOf(q: Record<string, unknown>): ConversationFilter {
  const f: ConversationFilter = {};
  for (const k of ['from', 'to', 'teamId', 'agentId', 'channel', 'ruleSetId', 'minScore', 'maxScore', 'passed', 'ruleId', 'hasFatal', 'q', 'reviewStatus'] as const) {
    if (q[k] !== undefined) (f as Record<string, unknown>)[k] = q[k];
  }
  return f;
}

export async function conversationRoutes(app: FastifyInstance, opts: { ctx: KefuContext }): Promise<void> {
  const { ctx } = opts;
  const { store } = ctx;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const presentPage = <P extends { items: Array<{ customerId?: string | null }> }>(page: P, request: FastifyRequest): P =>
    ctx.present.summaries ? { ...page, items: ctx.present.summaries(page.items, principal(request), request) } : page;
  const resolver = (tenantId: string) => (ruleSetId: string, version: number) => store.resolve(tenantId, ruleSetId, version);

  r.get(
    '/conversations',
    { config: { permission: 'conversations:read' }, schema: { tags: ['conversations'], querystring: ConversationsQuery, response: { 200: page(SummarySchema) } } },
    async (request) => {
      const q = request.query;
      return presentPage(await store.conversations.list(scope(request), filterOf(q), q.sort ?? '-startedAt', q.limit ?? 50, q.cursor), request);
    },
  );

  r.get(
    '/conversations/:id',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['conversations'],
        params: IdParams,
        response: {
          200: Type.Object({ conversation: ConversationSchema, inspection: Type.Union([InspectionSchema, Type.Null()]), reviews: Type.Array(ReviewSchema), appeals: Type.Array(AppealSchema), history: Type.Array(AuditEntrySchema) }, open),
          404: ErrorSchema,
        },
      },
    },
    async (request) => {
      const sc = scope(request);
      const p = principal(request);
      const conv = await store.conversations.get(sc, request.params.id);
      if (!conv) throw notFound(`conversation ${request.params.id}`);
      const { latestInspectionId, ...conversation } = conv;
      const inspection = latestInspectionId ? ((await store.inspections.get(sc, latestInspectionId)) ?? null) : null;
      const shown = ctx.present.conversation(conversation, p, request);
      if (inspection) inspection.findings = ctx.present.findings(inspection.findings, shown.turns, p, request);
      const [reviews, appeals, history] = await Promise.all([
        store.inspections.reviews(sc.tenantId, conv.id),
        store.appeals.list(sc, { conversationId: conv.id }, 500),
        store.audit.forConversation(sc.tenantId, conv.id),
      ]);
      return { conversation: shown, inspection, reviews, appeals: appeals.items, history };
    },
  );

  r.get(
    '/review-queue',
    { config: { permission: 'review:write' }, schema: { tags: ['review'], summary: 'worst scores first, fatal first, or a random percent per agent (抽检)', querystring: ReviewQueueQuery, response: { 200: page(SummarySchema) } } },
    async (request) => {
      const q = request.query;
      const sc = scope(request);
      const f = { ...filterOf(q), inspected: true };
      const limit = q.limit ?? 50;
      if (q.mode === 'sample') {
        const seed = q.seed ?? '0';
        const pairs = await store.conversations.idsWithAgent(sc, f);
        const byAgent = new Map<string, string[]>();
        for (const { id, agentId } of pairs) {
          const key = agentId ?? '';
          let list = byAgent.get(key);
          if (!list) byAgent.set(key, (list = []));
          list.push(id);
        }
        const rank = (id: string) => createHash('sha256').update(`${seed}\u0000${id}`).digest('hex');
        const picked: string[] = [];
        for (const [, ids] of [...byAgent].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
          const n = Math.ceil((ids.length * (q.percent ?? 10)) / 100);
          picked.push(...ids.map((id) => ({ id, k: rank(id) })).sort((a, b) => (a.k < b.k ? -1 : 1)).slice(0, n).map((x) => x.id));
        }
        const offset = q.cursor ? Number(Buffer.from(q.cursor, 'base64url').toString()) || 0 : 0;
        const slice = picked.slice(offset, offset + limit);
        return presentPage({
          items: await store.conversations.summaries(sc, slice),
          nextCursor: offset + limit < picked.length ? Buffer.from(String(offset + limit)).toString('base64url') : null,
          total: picked.length,
        }, request);
      }
      return presentPage(await store.conversations.list(sc, f, q.mode === 'fatal' ? 'fatal' : 'score', limit, q.cursor), request);
    },
  );

  r.post(
    '/findings/:id/review',
    {
      config: { permission: 'review:write' },
      schema: {
        tags: ['review'],
        params: IdParams,
        body: Type.Object({ decision: Type.Union([Type.Literal('confirm'), Type.Literal('reject')]), comment: Opt(Type.String({ maxLength: 2000 })) }, strict),
        response: { 200: Type.Object({ inspection: InspectionSchema }), 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request) => {
      const p = principal(request);
      const inspection = await store.inspections.reviewFinding(scope(request), request.params.id, request.body.decision, request.body.comment, p.userId, resolver(p.tenantId));
      await record(ctx, request, {
        action: 'finding.review',
        target: { type: 'finding', id: request.params.id },
        details: { conversationId: inspection.conversationId, inspectionId: inspection.id, decision: request.body.decision, comment: request.body.comment, score: inspection.score },
      });
      return { inspection };
    },
  );

  r.post(
    '/inspections/:id/manual-items',
    {
      config: { permission: 'review:write' },
      schema: {
        tags: ['review'],
        params: IdParams,
        body: Type.Object({ dimensionId: Type.String({ minLength: 1, maxLength: 100 }), points: Type.Number({ minimum: -100, maximum: 100 }), reason: Type.String({ minLength: 1, maxLength: 2000 }) }, strict),
        response: { 200: Type.Object({ inspection: InspectionSchema }), 400: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request) => {
      const p = principal(request);
      const inspection = await store.inspections.addManualItem(scope(request), request.params.id, request.body, p.userId, resolver(p.tenantId));
      await record(ctx, request, {
        action: 'inspection.manual_item',
        target: { type: 'inspection', id: inspection.id },
        details: { conversationId: inspection.conversationId, dimensionId: request.body.dimensionId, points: request.body.points, reason: request.body.reason, score: inspection.score },
      });
      return { inspection };
    },
  );

  r.post(
    '/inspections/:id/complete-review',
    { config: { permission: 'review:write' }, schema: { tags: ['review'], params: IdParams, response: { 200: Type.Object({ inspection: InspectionSchema }), 404: ErrorSchema, 409: ErrorSchema } } },
    async (request) => {
      const p = principal(request);
      const inspection = await store.inspections.completeReview(scope(request), request.params.id, p.userId);
      await record(ctx, request, { action: 'inspection.complete_review', target: { type: 'inspection', id: inspection.id }, details: { conversationId: inspection.conversationId, score: inspection.score } });
      return { inspection };
    },
  );

  r.post(
    '/inspections',
    {
      config: { permission: 'inspections:run' },
      schema: {
        tags: ['inspections'],
        summary: 'Inspect a selection of conversations with a published rule set (inline or on workers)',
        body: Type.Object(
          {
            from: Opt(Type.String({ maxLength: 40 })),
            to: Opt(Type.String({ maxLength: 40 })),
            teamId: Opt(Type.String({ maxLength: 200 })),
            agentId: Opt(Type.String({ maxLength: 200 })),
            channel: Opt(Type.Union([Type.Literal('chat'), Type.Literal('call'), Type.Literal('email')])),
            conversationIds: Opt(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100_000 })),
            ruleSetId: Opt(Type.String({ maxLength: 200 })),
          },
          strict,
        ),
        response: { 202: Type.Object({ job: JobSchema }), 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const p = principal(request);
      const job = await startInspection(store, ctx.queue, scope(request), request.body, p.userId);
      await record(ctx, request, { action: 'inspection.run', target: { type: 'job', id: job.id }, details: { total: job.total, ruleSetId: job.ruleSetId, ruleSetVersion: job.ruleSetVersion } });
      reply.code(202);
      return { job };
    },
  );

  r.get(
    '/jobs/:id',
    { config: { permission: 'conversations:read' }, schema: { tags: ['inspections'], params: IdParams, response: { 200: Type.Object({ job: JobSchema }), 404: ErrorSchema } } },
    async (request) => {
      const job = await store.jobs.get(principal(request).tenantId, request.params.id);
      if (!job) throw notFound(`job ${request.params.id}`);
      return { job };
    },
  );

  r.get(
    '/stats/overview',
    {
      config: { permission: 'stats:read' },
      schema: {
        tags: ['stats'],
        querystring: Type.Object(FilterQuery),
        response: {
          200: Type.Object(
            {
              conversations: Type.Integer(),
              inspected: Type.Integer(),
              meanScore: Type.Union([Type.Number(), Type.Null()]),
              passRate: Type.Union([Type.Number(), Type.Null()]),
              fatalCount: Type.Integer(),
              scoreHistogram: Type.Array(Type.Object({ bucket: Type.String(), count: Type.Integer() })),
              trend: Type.Array(Type.Object({ day: Type.String(), meanScore: Type.Number(), count: Type.Integer() })),
              topRules: Type.Array(Type.Object({ ruleId: Type.String(), description: Type.String(), count: Type.Integer() })),
              agents: Type.Array(
                Type.Object({ agentId: Type.String(), conversations: Type.Integer(), meanScore: Type.Union([Type.Number(), Type.Null()]), passRate: Type.Union([Type.Number(), Type.Null()]), findings: Type.Integer() }),
              ),
            },
            open,
          ),
        },
      },
    },
    async (request) => overview(store.conversations, scope(request), filterOf(request.query)),
  );
}
