/**
 * `POST /conversations/:id/reveal` — the clear text of one conversation for a role with
 * `pii:reveal`, written to the audit log first (who, which conversation, which kinds, why, when).
 * If the audit write fails, nothing is revealed.
 *
 *   await app.register(revealRoutes, { loadConversation: (p, id) => store.conversations.get(scopeOf(p), id), audit });
 */
import type { FastifyInstance } from 'fastify';
import type { Conversation } from '../conversation/model.js';
import { piiRevealEvent, type AuditLog } from './audit.js';
import { actorOf, principalOf } from './plugin.js';
import type { Principal } from './permissions.js';
import { piiKindsIn } from './redact.js';

export interface RevealRouteOptions {
  /** The conversation in the principal's scope (tenant / team / own), clear text; undefined → 404. */
  loadConversation: (principal: Principal, id: string) => Promise<Conversation | undefined>;
  audit: AuditLog;
}

export async function revealRoutes(app: FastifyInstance, opts: RevealRouteOptions): Promise<void> {
  app.post<{ Params: { id: string }; Body: { reason: string; turns?: number[] } }>(
    '/conversations/:id/reveal',
    {
      config: { permission: 'pii:reveal' },
      schema: {
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 200 } } },
        body: {
          type: 'object',
          required: ['reason'],
          additionalProperties: false,
          properties: { reason: { type: 'string', minLength: 2, maxLength: 500 }, turns: { type: 'array', items: { type: 'integer', minimum: 0 }, maxItems: 10000 } },
        },
      },
    },
    async (request, reply) => {
      const p = principalOf(request)!;
      const conv = await opts.loadConversation(p, request.params.id);
      if (!conv) return reply.code(404).send({ error: { code: 'not_found', message: 'no such conversation' } });
      const turns = request.body.turns;
      const shown = turns ? { ...conv, turns: conv.turns.filter((_, i) => turns.includes(i)) } : conv;
      const entry = await opts.audit.record(
        piiRevealEvent(actorOf(request, p), p.tenantId, { type: 'conversation', id: conv.id }, { kinds: piiKindsIn(shown), reason: request.body.reason, ...(turns ? { turns } : {}) }),
      );
      return { conversation: shown, audit: { seq: entry.seq, at: entry.at } };
    },
  );
}
