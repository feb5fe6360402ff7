/**
 * The security layer of the HTTP server, as one Fastify plugin (registered by src/server):
 *
 * - authentication: `kefu_session` cookie (browser) or `Authorization: Bearer kefu_…` (API token);
 *   sets `request.principal`;
 * - authorisation: every route declares `config: { permission }` — a Permission, 'authenticated'
 *   (any signed-in user) or 'public'. A route without a declaration is refused (deny by default),
 *   except paths listed in `publicPrefixes` (docs, static web files);
 * - CSRF for cookie-authenticated state changes: `X-CSRF-Token` header = `kefu_csrf` cookie (a MAC of
 *   the session id), plus an Origin check;
 * - routes: POST /auth/login, POST /auth/logout, GET /auth/me, GET/POST /auth/tokens,
 *   DELETE /auth/tokens/:id;
 * - login rate limiting (per IP) and account lock-out (per user), both audited;
 * - security headers (@fastify/helmet) unless the server registered helmet itself.
 */
import { createHmac } from 'node:crypto';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditActor, AuditEvent, AuditLog } from './audit.js';
import { newApiToken, parseApiToken, randomId, safeEqualHex, sha256hex, type AuthStore, type UserRecord } from './auth-store.js';
import { dummyVerify, hashPassword, verifyPassword } from './passwords.js';
import { can, PERMISSIONS, ROLE_PERMISSIONS, type Permission, type Principal } from './permissions.js';

export const SESSION_COOKIE = 'kefu_session';
export const CSRF_COOKIE = 'kefu_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export type RouteAccess = Permission | 'authenticated' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route needs: enforced by the security plugin's guard. */
    permission?: RouteAccess;
  }
}

export interface SecurityPluginOptions {
  store: AuthStore;
  audit?: AuditLog;
  /** Secure cookie attribute (default true; false only for plain-HTTP dev on 127.0.0.1). */
  secureCookies?: boolean;
  sessionIdleMs?: number;
  sessionMaxMs?: number;
  /** failures in a row before a lock, and how long (default 5, 15 min) */
  lockout?: { maxFailures: number; lockMs: number };
  /** login attempts per IP per window (default 10 / minute) */
  loginRateLimit?: { max: number; windowMs: number };
  /** Paths that need no declaration and no login (prefix match), e.g. '/docs', '/assets/'. */
  publicPrefixes?: readonly string[];
  /** Origins allowed for cookie-authenticated state changes besides the request's own host. */
  allowedOrigins?: readonly string[];
  /** Register @fastify/helmet (default: when the server has not). */
  helmet?: boolean;
  now?: () => Date;
}

/** The principal of an authenticated request (set by the plugin). */
export function principalOf(request: FastifyRequest): Principal | undefined {
  return ((request as unknown as { principal?: Principal | null }).principal ?? undefined) || undefined;
}

function setPrincipal(request: FastifyRequest, p: Principal): void {
  (request as unknown as { principal: Principal }).principal = p;
}

export function routeAccess(request: FastifyRequest): RouteAccess | undefined {
  const cfg = request.routeOptions?.config as { permission?: RouteAccess } | undefined;
  return cfg?.permission;
}

function sendError(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  return reply.code(status).send({ error: details === undefined ? { code, message } : { code, message, details } });
}

export function toPrincipal(u: UserRecord, scopes?: readonly Permission[] | null): Principal {
  const p: Principal = { userId: u.id, username: u.username, role: u.role, tenantId: u.tenantId };
  if (u.teamId) p.teamId = u.teamId;
  if (u.agentId) p.agentId = u.agentId;
  if (scopes) p.tokenScopes = scopes;
  return p;
}

export function publicUser(u: UserRecord) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName ?? u.username,
    role: u.role,
    tenantId: u.tenantId,
    ...(u.teamId ? { teamId: u.teamId } : {}),
    ...(u.agentId ? { agentId: u.agentId } : {}),
  };
}

export function actorOf(request: FastifyRequest, p?: Principal): AuditActor {
  const pr = p ?? principalOf(request);
  return {
    userId: pr?.userId ?? 'anonymous',
    ...(pr ? { username: pr.username, role: pr.role } : {}),
    via: pr?.tokenScopes !== undefined || request.headers.authorization ? 'token' : 'session',
    ip: request.ip,
  };
}

/** csrf token = HMAC(session id): unforgeable without the HttpOnly session cookie. */
function csrfFor(sessionId: string): string {
  return createHmac('sha256', sessionId).update('kefu csrf v1').digest('base64url');
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

class WindowLimiter {
  private hits = new Map<string, { count: number; reset: number }>();
  constructor(
    private max: number,
    private windowMs: number,
  ) {}
  /** returns seconds to wait, or 0 */
  hit(key: string, now: number): number {
    const e = this.hits.get(key);
    if (!e || e.reset <= now) {
      this.hits.set(key, { count: 1, reset: now + this.windowMs });
      if (this.hits.size > 10_000) for (const [k, v] of this.hits) if (v.reset <= now) this.hits.delete(k);
      return 0;
    }
    e.count++;
    return e.count > this.max ? Math.ceil((e.reset - now) / 1000) : 0;
  }
}

export interface RouteEntry {
  method: string;
  url: string;
  permission: RouteAccess | undefined;
}

const ROUTE_TABLES = new WeakMap<object, RouteEntry[]>();

/** Every route registered after the plugin, with its declared permission (for the matrix test and docs). */
export function securedRoutes(app: FastifyInstance): RouteEntry[] {
  return [...(ROUTE_TABLES.get(app) ?? [])];
}

async function securityPluginImpl(app: FastifyInstance, opts: SecurityPluginOptions): Promise<void> {
  const table: RouteEntry[] = [];
  ROUTE_TABLES.set(app, table);
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    const permission = (r.config as { permission?: RouteAccess } | undefined)?.permission;
    for (const m of methods) if (m !== 'HEAD') table.push({ method: m, url: r.url, permission });
  });
  const store = opts.store;
  const now = opts.now ?? (() => new Date());
  const idleMs = opts.sessionIdleMs ?? 12 * 3600_000;
  const maxMs = opts.sessionMaxMs ?? 7 * 24 * 3600_000;
  const lock = opts.lockout ?? { maxFailures: 5, lockMs: 15 * 60_000 };
  const limiter = new WindowLimiter(opts.loginRateLimit?.max ?? 10, opts.loginRateLimit?.windowMs ?? 60_000);
  const secure = opts.secureCookies ?? true;
  const publicPrefixes = opts.publicPrefixes ?? [];
  const audit = async (e: AuditEvent) => {
    if (opts.audit) await opts.audit.record(e);
  };

  if (!app.hasDecorator('parseCookie')) await app.register(cookie);
  if (opts.helmet ?? !app.hasReplyDecorator('helmet')) {
    await app.register(helmet, {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
      frameguard: { action: 'deny' },
      // HSTS only makes sense over TLS; helmet sends it on every response, browsers ignore it on http
      strictTransportSecurity: secure ? { maxAge: 15552000, includeSubDomains: true } : false,
    });
  }
  if (!app.hasRequestDecorator('principal')) app.decorateRequest('principal', null);

  const cookieBase = { path: '/', sameSite: 'strict' as const, secure };

  async function authenticate(request: FastifyRequest): Promise<{ principal: Principal; via: 'session' | 'token'; sessionId?: string } | { error: string } | undefined> {
    const auth = request.headers.authorization;
    if (auth !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const parsed = m ? parseApiToken(m[1]!) : undefined;
      if (!parsed) return { error: 'malformed Authorization header (expected "Bearer kefu_…")' };
      const t = await store.findApiToken(parsed.id);
      const t0 = now();
      if (!t || t.revokedAt || (t.expiresAt && t.expiresAt <= t0) || !safeEqualHex(sha256hex(parsed.secret), t.secretHash)) return { error: 'invalid or expired API token' };
      const u = await store.findUserById(t.userId);
      if (!u || u.disabled) return { error: 'invalid or expired API token' };
      void store.touchApiToken?.(t.id, t0);
      return { principal: toPrincipal(u, t.scopes ?? [...ROLE_PERMISSIONS[u.role]]), via: 'token' };
    }
    const sid = request.cookies?.[SESSION_COOKIE];
    if (!sid) return undefined;
    const idHash = sha256hex(sid);
    const s = await store.findSession(idHash);
    const t0 = now();
    if (!s || s.expiresAt <= t0 || t0.getTime() - s.lastSeenAt.getTime() > idleMs) {
      if (s) await store.deleteSession(idHash);
      return { error: 'session expired, please sign in again' };
    }
    const u = await store.findUserById(s.userId);
    if (!u || u.disabled) return { error: 'session expired, please sign in again' };
    if (t0.getTime() - s.lastSeenAt.getTime() > 60_000) await store.touchSession(idHash, t0);
    return { principal: toPrincipal(u), via: 'session', sessionId: sid };
  }

  function originAllowed(request: FastifyRequest): boolean {
    const origin = request.headers.origin;
    if (origin === undefined) return true; // same-origin requests from older browsers, non-browser clients
    if (opts.allowedOrigins?.includes(origin)) return true;
    const host = request.headers.host;
    if (!host) return false;
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  }

  app.addHook('onRequest', async (request, reply) => {
    if (!request.routeOptions?.url) return; // no route: let the 404 handler answer
    let access = routeAccess(request);
    const path = request.url.split('?')[0]!;
    if (access === undefined && publicPrefixes.some((p) => path === p || path.startsWith(p.endsWith('/') ? p : p + '/') || path.startsWith(p))) access = 'public';
    const result = await authenticate(request);
    if (access === 'public') {
      if (result && 'principal' in result) setPrincipal(request, result.principal);
      return;
    }
    if (access === undefined) {
      request.log.error({ url: request.routeOptions.url }, 'route without config.permission: refused (deny by default)');
      return sendError(reply, 403, 'forbidden', 'this route declares no permission');
    }
    if (!result) return sendError(reply, 401, 'unauthenticated', 'sign in or send an API token');
    if ('error' in result) return sendError(reply, 401, 'unauthenticated', result.error);
    if (result.via === 'session' && UNSAFE.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      const cookieVal = request.cookies?.[CSRF_COOKIE];
      const expected = csrfFor(result.sessionId!);
      if (typeof header !== 'string' || !cookieVal || !safeEqualHex(header, cookieVal) || !safeEqualHex(header, expected)) {
        return sendError(reply, 403, 'csrf', 'missing or invalid X-CSRF-Token header');
      }
      if (!originAllowed(request)) return sendError(reply, 403, 'csrf', 'cross-origin request refused');
    }
    setPrincipal(request, result.principal);
    if (access !== 'authenticated' && !can(result.principal, access)) {
      return sendError(reply, 403, 'forbidden', `permission ${access} required`);
    }
  });

  // --- routes -------------------------------------------------------------------------------

  const loginSchema = {
    body: {
      type: 'object',
      required: ['username', 'password'],
      additionalProperties: false,
      properties: { username: { type: 'string', minLength: 1, maxLength: 128 }, password: { type: 'string', minLength: 1, maxLength: 1024 } },
    },
  };

  app.post<{ Body: { username: string; password: string } }>('/auth/login', { schema: loginSchema, config: { permission: 'public' } }, async (request, reply) => {
    const t0 = now();
    const wait = limiter.hit(request.ip, t0.getTime());
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      return sendError(reply, 429, 'rate_limited', `too many login attempts, retry in ${wait}s`);
    }
    const { username, password } = request.body;
    const user = await store.findUserByUsername(username);
    const anon: AuditActor = { userId: user?.id ?? 'unknown', username, via: 'session', ip: request.ip };
    if (!user || user.disabled || !user.passwordHash) {
      await dummyVerify();
      return sendError(reply, 401, 'invalid_credentials', '用户名或密码错误 (invalid username or password)');
    }
    if (user.lockedUntil && user.lockedUntil > t0) {
      const secs = Math.ceil((user.lockedUntil.getTime() - t0.getTime()) / 1000);
      reply.header('retry-after', String(secs));
      return sendError(reply, 429, 'account_locked', `账号已锁定，请 ${Math.ceil(secs / 60)} 分钟后再试 (account locked)`);
    }
    const v = await verifyPassword(password, user.passwordHash);
    if (!v.ok) {
      const failures = (user.lockedUntil && user.lockedUntil <= t0 ? 0 : user.failedLogins) + 1;
      const locked = failures >= lock.maxFailures ? new Date(t0.getTime() + lock.lockMs) : null;
      await store.setLoginState(user.id, failures, locked);
      await audit({ tenantId: user.tenantId, action: locked ? 'auth.lockout' : 'auth.login_failed', actor: anon, target: { type: 'user', id: user.id }, details: { failures } });
      return sendError(reply, 401, 'invalid_credentials', '用户名或密码错误 (invalid username or password)');
    }
    await store.setLoginState(user.id, 0, null);
    if (v.needsRehash) await store.setPasswordHash(user.id, await hashPassword(password));
    const sid = randomId(32);
    await store.createSession({ idHash: sha256hex(sid), userId: user.id, createdAt: t0, lastSeenAt: t0, expiresAt: new Date(t0.getTime() + maxMs), ip: request.ip, userAgent: String(request.headers['user-agent'] ?? '').slice(0, 256) });
    const csrf = csrfFor(sid);
    reply.setCookie(SESSION_COOKIE, sid, { ...cookieBase, httpOnly: true, maxAge: Math.floor(maxMs / 1000) });
    reply.setCookie(CSRF_COOKIE, csrf, { ...cookieBase, httpOnly: false, maxAge: Math.floor(maxMs / 1000) });
    await audit({ tenantId: user.tenantId, action: 'auth.login', actor: { ...anon, role: user.role }, target: { type: 'user', id: user.id } });
    return { user: publicUser(user), csrfToken: csrf };
  });

  app.post('/auth/logout', { config: { permission: 'authenticated' } }, async (request, reply) => {
    const sid = request.cookies?.[SESSION_COOKIE];
    if (sid) await store.deleteSession(sha256hex(sid));
    reply.clearCookie(SESSION_COOKIE, cookieBase);
    reply.clearCookie(CSRF_COOKIE, cookieBase);
    const p = principalOf(request)!;
    await audit({ tenantId: p.tenantId, action: 'auth.logout', actor: actorOf(request), target: { type: 'user', id: p.userId } });
    return { ok: true };
  });

  app.get('/auth/me', { config: { permission: 'authenticated' } }, async (request) => {
    const p = principalOf(request)!;
    const u = (await store.findUserById(p.userId))!;
    const sid = request.cookies?.[SESSION_COOKIE];
    return { user: publicUser(u), permissions: PERMISSIONS.filter((perm) => can(p, perm)), ...(sid && !request.headers.authorization ? { csrfToken: csrfFor(sid) } : {}) };
  });

  const tokenSchema = {
    body: {
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 100 },
        scopes: { type: 'array', items: { type: 'string', enum: [...PERMISSIONS] }, maxItems: PERMISSIONS.length, uniqueItems: true },
        expiresInDays: { type: 'integer', minimum: 1, maximum: 3650 },
      },
    },
  };

  app.post<{ Body: { name: string; scopes?: Permission[]; expiresInDays?: number } }>('/auth/tokens', { schema: tokenSchema, config: { permission: 'authenticated' } }, async (request, reply) => {
    const p = principalOf(request)!;
    if (p.tokenScopes !== undefined || request.headers.authorization) return sendError(reply, 403, 'forbidden', 'API tokens cannot create API tokens; sign in');
    const scopes = request.body.scopes ?? null;
    const notAllowed = (scopes ?? []).filter((s) => !ROLE_PERMISSIONS[p.role].has(s));
    if (notAllowed.length) return sendError(reply, 403, 'forbidden', `your role lacks: ${notAllowed.join(', ')}`);
    const t0 = now();
    const { id, secret, token } = newApiToken();
    const expiresAt = request.body.expiresInDays ? new Date(t0.getTime() + request.body.expiresInDays * 86_400_000) : null;
    await store.createApiToken({ id, userId: p.userId, name: request.body.name, secretHash: sha256hex(secret), scopes, createdAt: t0, expiresAt });
    await audit({ tenantId: p.tenantId, action: 'token.create', actor: actorOf(request), target: { type: 'api_token', id }, details: { scopes, expiresAt: expiresAt?.toISOString() ?? null } });
    reply.code(201);
    return { token, apiToken: { id, name: request.body.name, scopes, createdAt: t0.toISOString(), expiresAt: expiresAt?.toISOString() ?? null } };
  });

  app.get('/auth/tokens', { config: { permission: 'authenticated' } }, async (request) => {
    const p = principalOf(request)!;
    const items = (await store.listApiTokens(p.userId)).map((t) => ({
      id: t.id,
      name: t.name,
      scopes: t.scopes,
      createdAt: t.createdAt.toISOString(),
      expiresAt: t.expiresAt?.toISOString() ?? null,
      revokedAt: t.revokedAt?.toISOString() ?? null,
    }));
    return { items, nextCursor: null, total: items.length };
  });

  app.delete<{ Params: { id: string } }>('/auth/tokens/:id', { schema: { params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } } } }, config: { permission: 'authenticated' } }, async (request, reply) => {
    const p = principalOf(request)!;
    const t = await store.findApiToken(request.params.id);
    // own tokens, or any token of the tenant for users:manage
    const owner = t ? await store.findUserById(t.userId) : undefined;
    if (!t || !owner || owner.tenantId !== p.tenantId || (t.userId !== p.userId && !can(p, 'users:manage'))) return sendError(reply, 404, 'not_found', 'no such token');
    await store.revokeApiToken(t.id, now());
    await audit({ tenantId: p.tenantId, action: 'token.revoke', actor: actorOf(request), target: { type: 'api_token', id: t.id } });
    return { ok: true };
  });
}

// Apply hooks and decorators to the registering scope (what fastify-plugin does).
(securityPluginImpl as unknown as Record<symbol, unknown>)[Symbol.for('skip-override')] = true;
(securityPluginImpl as unknown as Record<symbol, unknown>)[Symbol.for('fastify.display-name')] = 'kefu-security';

export const securityPlugin = securityPluginImpl;
