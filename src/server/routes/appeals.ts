/** Appeals (申诉): create (agent), decide (reviewer), final judgement (终审). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { principal, record, scope, type KefuContext } from '../context.js';
import { AppealSchema, ErrorSchema, IdParams, Opt, page, PageQuery, strict, Type } from '../schemas.js';

const Decision = Type.Object({ decision: Type.Union([Type.Literal('accept'), Type.Literal('reject')]), comment: Type.String({ minLength: 1, maxLength: 2000 }) }, strict);

export async function appealRoutes(app: FastifyInstance, opts: { ctx: KefuContext }): Promise<void> {
  const { ctx } = opts;
  const { store } = ctx;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    '/findings/:id/appeals',
    {
      config: { permission: 'appeals:create' },
      schema: {
        tags: ['appeals'],
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, strict),
        response: { 201: Type.Object({ appeal: AppealSchema }), 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const p = principal(request);
      const appeal = await store.appeals.create(scope(request), request.params.id, request.body.reason, p.userId);
      await record(ctx, request, { action: 'appeal.create', target: { type: 'appeal', id: appeal.id }, details: { conversationId: appeal.conversationId, findingId: appeal.findingId, reason: appeal.reason } });
      reply.code(201);
      return { appeal };
    },
  );

  r.post(
    '/appeals/:id/decision',
    { config: { permission: 'appeals:decide' }, schema: { tags: ['appeals'], params: IdParams, body: Decision, response: { 200: Type.Object({ appeal: AppealSchema }), 404: ErrorSchema, 409: ErrorSchema } } },
    async (request) => {
      const p = principal(request);
      const appeal = await store.appeals.decide(scope(request), request.params.id, request.body.decision, request.body.comment, p.userId, (id, v) => store.resolve(p.tenantId, id, v));
      await record(ctx, request, { action: 'appeal.decide', target: { type: 'appeal', id: appeal.id }, details: { conversationId: appeal.conversationId, findingId: appeal.findingId, decision: request.body.decision, comment: request.body.comment } });
      return { appeal };
    },
  );

  r.post(
    '/appeals/:id/final',
    { config: { permission: 'appeals:final' }, schema: { tags: ['appeals'], summary: '终审: closes the appeal for good', params: IdParams, body: Decision, response: { 200: Type.Object({ appeal: AppealSchema }), 404: ErrorSchema, 409: ErrorSchema } } },
    async (request) => {
      const p = principal(request);
      const appeal = await store.appeals.finalJudgement(scope(request), request.params.id, request.body.decision, request.body.comment, p.userId, (id, v) => store.resolve(p.tenantId, id, v));
      await record(ctx, request, { action: 'appeal.final', target: { type: 'appeal', id: appeal.id }, details: { conversationId: appeal.conversationId, findingId: appeal.findingId, decision: request.body.decision, comment: request.body.comment } });
      return { appeal };
    },
  );

  r.get(
    '/appeals',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['appeals'],
        querystring: Type.Object({ status: Opt(Type.Union([Type.Literal('open'), Type.Literal('decided'), Type.Literal('final')])), agentId: Opt(Type.String({ maxLength: 200 })), ...PageQuery }),
        response: { 200: page(AppealSchema) },
      },
    },
    async (request) => {
      const q = request.query;
      return store.appeals.list(scope(request), { ...(q.status ? { status: q.status } : {}), ...(q.agentId ? { agentId: q.agentId } : {}) }, q.limit ?? 50, q.cursor);
    },
  );
}
