import type { FastifyReply, FastifyRequest } from 'fastify';
import type { InspectionQueue } from '../queue/index.js';
import type { AuditActor, AuditEvent, AuditLog } from '../security/audit.js';
import type { Principal } from '../security/permissions.js';
import type { Store } from '../store/index.js';
import { scopeOf, type Scope } from '../store/scope.js';
import { StoreError } from '../store/util.js';

export interface Limits {
  /** Largest JSON request body (bytes). Default 1 MiB. */
  bodyBytes: number;
  /** Largest import upload (bytes). Default 256 MiB. */
  importBytes: number;
  /** Largest single record in an import (bytes). Default 1 MiB. */
  recordBytes: number;
}

export const DEFAULT_LIMITS: Limits = { bodyBytes: 1024 * 1024, importBytes: 256 * 1024 * 1024, recordBytes: 1024 * 1024 };

/** What route plugins get (also `app.kefu` for plugins of other issues). */
export interface KefuContext {
  store: Store;
  queue: InspectionQueue;
  audit: AuditLog;
  limits: Limits;
  /** Present conversation data to a principal (the security layer masks PII here). */
  present: Presenter;
}

export interface Presenter {
  conversation<C extends { turns: Array<{ text: string }> }>(conv: C, principal: Principal, request: FastifyRequest): C;
  findings<F extends { text: string; turn: number; start: number; end: number }>(findings: F[], maskedTurns: ReadonlyArray<{ text: string }>, principal: Principal, request: FastifyRequest): F[];
  /** List rows (customer id); optional, rows pass unchanged without it. */
  summaries?<S extends { customerId?: string | null }>(items: S[], principal: Principal, request: FastifyRequest): S[];
}

export const clearPresenter: Presenter = {
  conversation: (c) => c,
  findings: (f) => f,
};

export function principal(request: FastifyRequest): Principal {
  const p = (request as unknown as { principal?: Principal | null }).principal;
  if (!p) throw new StoreError('unauthenticated', 'sign in or send an API token', 401);
  return p;
}

export function scope(request: FastifyRequest): Scope {
  return scopeOf(principal(request));
}

export function actor(request: FastifyRequest): AuditActor {
  const p = principal(request);
  return { userId: p.userId, username: p.username, role: p.role, via: request.headers.authorization ? 'token' : 'session', ip: request.ip };
}

export function sendError(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  return reply.code(status).send({ error: details === undefined ? { code, message } : { code, message, details } });
}

export async function record(ctx: KefuContext, request: FastifyRequest, event: Omit<AuditEvent, 'actor' | 'tenantId'>): Promise<void> {
  const p = principal(request);
  await ctx.audit.record({ ...event, tenantId: p.tenantId, actor: actor(request) });
}
