/** Webhooks: subscribe a URL to events; deliveries are HMAC-SHA256 signed and retried. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { WEBHOOK_EVENTS } from '../../store/webhooks.js';
import { badRequest } from '../../store/util.js';
import { principal, record, type KefuContext } from '../context.js';
import { ErrorSchema, IdParams, open, strict, Type, WebhookSchema } from '../schemas.js';

export async function webhookRoutes(app: FastifyInstance, opts: { ctx: KefuContext }): Promise<void> {
  const { ctx } = opts;
  const { store } = ctx;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/webhooks', { config: { permission: 'webhooks:manage' }, schema: { tags: ['webhooks'], response: { 200: Type.Object({ items: Type.Array(WebhookSchema), nextCursor: Type.Null(), total: Type.Integer() }) } } }, async (request) => {
    const items = await store.webhooks.list(principal(request).tenantId);
    return { items, nextCursor: null, total: items.length };
  });

  r.post(
    '/webhooks',
    {
      config: { permission: 'webhooks:manage' },
      schema: {
        tags: ['webhooks'],
        body: Type.Object(
          {
            url: Type.String({ minLength: 8, maxLength: 2000 }),
            events: Type.Array(Type.Union(WEBHOOK_EVENTS.map((e) => Type.Literal(e))), { minItems: 1, uniqueItems: true }),
            secret: Type.String({ minLength: 16, maxLength: 200 }),
          },
          strict,
        ),
        response: { 201: Type.Object({ webhook: WebhookSchema }), 400: ErrorSchema },
      },
    },
    async (request, reply) => {
      const p = principal(request);
      let url: URL;
      try {
        url = new URL(request.body.url);
      } catch {
        throw badRequest(`url: not a valid URL: ${request.body.url}`);
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badRequest('url: only http and https are allowed');
      const webhook = await store.webhooks.create(p.tenantId, { url: url.toString(), events: request.body.events, secret: request.body.secret }, p.userId);
      await record(ctx, request, { action: 'webhook.create', target: { type: 'webhook', id: webhook.id }, details: { url: webhook.url, events: webhook.events } });
      reply.code(201);
      return { webhook };
    },
  );

  r.delete('/webhooks/:id', { config: { permission: 'webhooks:manage' }, schema: { tags: ['webhooks'], params: IdParams, response: { 200: Type.Object({ ok: Type.Boolean() }), 404: ErrorSchema } } }, async (request) => {
    const p = principal(request);
    await store.webhooks.delete(p.tenantId, request.params.id);
    await record(ctx, request, { action: 'webhook.delete', target: { type: 'webhook', id: request.params.id } });
    return { ok: true };
  });

  r.get(
    '/webhooks/:id/deliveries',
    { config: { permission: 'webhooks:manage' }, schema: { tags: ['webhooks'], params: IdParams, response: { 200: Type.Object({ items: Type.Array(Type.Object({}, open)) }) } } },
    async (request) => ({ items: await store.webhooks.deliveries(principal(request).tenantId, request.params.id) }),
  );
}
