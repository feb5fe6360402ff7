import Fastify from 'fastify';
import { describe, expect, it, beforeAll } from 'vitest';
import { AuditLog, MemoryAuditSink, verifyChain } from '../../src/security/audit.js';
import { MemoryAuthStore } from '../../src/security/auth-store.js';
import { hashPassword } from '../../src/security/passwords.js';
import { principalOf, securityPlugin, CSRF_COOKIE, SESSION_COOKIE } from '../../src/security/plugin.js';

let hash: string;
beforeAll(async () => {
  hash = await hashPassword('s3cret-密码', { ln: 10, r: 8, p: 1 });
});

async function build(extra: Partial<Parameters<typeof securityPlugin>[1]> = {}) {
  const store = new MemoryAuthStore();
  store.addUser({ id: 'u-agent', tenantId: 'A', username: 'agent1', role: 'agent', agentId: 'ag1', teamId: 't1', passwordHash: hash });
  store.addUser({ id: 'u-sup', tenantId: 'A', username: 'sup1', role: 'supervisor', passwordHash: hash });
  const sink = new MemoryAuditSink();
  let clock = new Date('2026-03-02T08:00:00Z');
  const app = Fastify();
  await app.register(securityPlugin, { store, audit: new AuditLog(sink), now: () => clock, publicPrefixes: ['/static/'], ...extra });
  app.get('/conversations', { config: { permission: 'conversations:read' } }, async (req) => ({ who: principalOf(req)!.username }));
  app.post('/imports', { config: { permission: 'conversations:import' } }, async () => ({ ok: true }));
  app.get('/health', { config: { permission: 'public' } }, async () => ({ ok: true }));
  app.get('/undeclared', async () => ({ leaked: true }));
  app.get('/static/app.js', async () => 'js');
  await app.ready();
  return { app, store, sink, advance: (ms: number) => (clock = new Date(clock.getTime() + ms)) };
}

async function login(app: Awaited<ReturnType<typeof build>>['app'], username: string, password = 's3cret-密码') {
  const r = await app.inject({ method: 'POST', url: '/auth/login', payload: { username, password } });
  const cookies = Object.fromEntries(r.cookies.map((c) => [c.name, c]));
  return { r, cookies, header: { cookie: `${SESSION_COOKIE}=${cookies[SESSION_COOKIE]?.value}; ${CSRF_COOKIE}=${cookies[CSRF_COOKIE]?.value}` }, csrf: cookies[CSRF_COOKIE]?.value };
}

describe('login, session cookie, me, logout', () => {
  it('sets HttpOnly Secure SameSite=Strict cookies and returns the user', async () => {
    const { app, sink } = await build();
    const { r, cookies } = await login(app, 'agent1');
    expect(r.statusCode).toBe(200);
    expect(r.json().user).toMatchObject({ username: 'agent1', role: 'agent', tenantId: 'A' });
    const s = cookies[SESSION_COOKIE]!;
    expect(s).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    expect(cookies[CSRF_COOKIE]!.httpOnly).toBeFalsy();
    expect(r.json().csrfToken).toBe(cookies[CSRF_COOKIE]!.value);
    expect(sink.entries.map((e) => e.action)).toEqual(['auth.login']);
  });
  it('secure can be turned off for 127.0.0.1 dev', async () => {
    const { app } = await build({ secureCookies: false });
    const { cookies } = await login(app, 'agent1');
    expect(cookies[SESSION_COOKIE]!.secure).toBeFalsy();
  });
  it('me, permissions, logout invalidates the session server-side', async () => {
    const { app, store } = await build();
    const { header, csrf } = await login(app, 'sup1');
    const me = await app.inject({ method: 'GET', url: '/auth/me', headers: header });
    expect(me.json().permissions).toContain('pii:reveal');
    expect([...store.sessions.keys()][0]).toMatch(/^[0-9a-f]{64}$/); // only the hash is stored
    const out = await app.inject({ method: 'POST', url: '/auth/logout', headers: { ...header, 'x-csrf-token': csrf! } });
    expect(out.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: header })).statusCode).toBe(401);
  });
  it('same answer for unknown user and wrong password', async () => {
    const { app } = await build();
    const a = await app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'nobody', password: 'whatever1' } });
    const b = await app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'agent1', password: 'wrong-pass' } });
    expect(a.statusCode).toBe(401);
    expect(a.json()).toEqual(b.json());
  });
  it('idle sessions expire', async () => {
    const { app, advance } = await build();
    const { header } = await login(app, 'agent1');
    advance(13 * 3600_000);
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: header })).statusCode).toBe(401);
  });
  it('rejects malformed login bodies', async () => {
    const { app } = await build();
    for (const payload of ['{"username":', '{"username": {"$gt": ""}, "password": "x"}', '{"password": "x"}', '[]']) {
      const r = await app.inject({ method: 'POST', url: '/auth/login', payload, headers: { 'content-type': 'application/json' } });
      expect(r.statusCode).toBe(400);
    }
  });
});

describe('lock-out and rate limiting', () => {
  it('locks the account after 5 failures, audited, unlocks after 15 minutes', async () => {
    const { app, sink, advance } = await build();
    for (let i = 0; i < 5; i++) expect((await login(app, 'agent1', 'bad-password')).r.statusCode).toBe(401);
    const locked = await login(app, 'agent1');
    expect(locked.r.statusCode).toBe(429);
    expect(locked.r.json().error.code).toBe('account_locked');
    expect(Number(locked.r.headers['retry-after'])).toBeGreaterThan(0);
    expect(sink.entries.map((e) => e.action)).toContain('auth.lockout');
    advance(16 * 60_000);
    expect((await login(app, 'agent1')).r.statusCode).toBe(200);
    expect(verifyChain(sink.entries).ok).toBe(true);
  });
  it('limits login attempts per IP', async () => {
    const { app } = await build({ loginRateLimit: { max: 3, windowMs: 60_000 } });
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await login(app, 'nobody', 'x-password')).r.statusCode);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
  });
});

describe('authorisation, CSRF, headers', () => {
  it('401 without credentials, 403 without permission, deny undeclared routes', async () => {
    const { app } = await build();
    expect((await app.inject({ method: 'GET', url: '/conversations' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/static/app.js' })).statusCode).toBe(200);
    const { header, csrf } = await login(app, 'agent1');
    expect((await app.inject({ method: 'GET', url: '/conversations', headers: header })).json()).toEqual({ who: 'agent1' });
    const imp = await app.inject({ method: 'POST', url: '/imports', headers: { ...header, 'x-csrf-token': csrf! } });
    expect(imp.statusCode).toBe(403);
    expect(imp.json().error.code).toBe('forbidden');
    expect((await app.inject({ method: 'GET', url: '/undeclared', headers: header })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/nope', headers: header })).statusCode).toBe(404);
  });
  it('cookie-authenticated state changes need the CSRF token and a same origin', async () => {
    const { app } = await build();
    const { header, csrf } = await login(app, 'sup1');
    expect((await app.inject({ method: 'POST', url: '/imports', headers: header })).json().error.code).toBe('csrf');
    expect((await app.inject({ method: 'POST', url: '/imports', headers: { ...header, 'x-csrf-token': 'forged' } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/imports', headers: { ...header, 'x-csrf-token': csrf!, origin: 'https://evil.example', host: 'kefu.local' } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/imports', headers: { ...header, 'x-csrf-token': csrf!, origin: 'http://kefu.local', host: 'kefu.local' } })).statusCode).toBe(200);
  });
  it('sends security headers', async () => {
    const { app } = await build();
    const r = await app.inject({ method: 'GET', url: '/health' });
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
  });
});

describe('API tokens', () => {
  it('creates scoped tokens, never wider than the role, usable without CSRF, revocable', async () => {
    const { app, store } = await build();
    const { header, csrf } = await login(app, 'sup1');
    const h = { ...header, 'x-csrf-token': csrf! };
    const wide = await app.inject({ method: 'POST', url: '/auth/tokens', headers: h, payload: { name: 'x', scopes: ['users:manage'] } });
    expect(wide.statusCode).toBe(403);
    const r = await app.inject({ method: 'POST', url: '/auth/tokens', headers: h, payload: { name: '导入脚本', scopes: ['conversations:import'] } });
    expect(r.statusCode).toBe(201);
    const token = r.json().token as string;
    expect(token).toMatch(/^kefu_/);
    expect(JSON.stringify([...store.tokens.values()])).not.toContain(token.split('_')[2]);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await app.inject({ method: 'POST', url: '/imports', headers: bearer })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/conversations', headers: bearer })).statusCode).toBe(403); // not in scope
    expect((await app.inject({ method: 'POST', url: '/auth/tokens', headers: bearer, payload: { name: 'y' } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/conversations', headers: { authorization: 'Bearer kefu_garbage' } })).statusCode).toBe(401);
    const id = r.json().apiToken.id as string;
    expect((await app.inject({ method: 'DELETE', url: `/auth/tokens/${id}`, headers: h })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/imports', headers: bearer })).statusCode).toBe(401);
  });
});

describe('route × role walk (harness self-test on a toy app)', () => {
  it('every declared route answers 403 exactly for roles without its permission', async () => {
    const { walkMatrix } = await import('./matrix-helper.js');
    const { newApiToken, sha256hex } = await import('../../src/security/auth-store.js');
    const { ROLES } = await import('../../src/security/permissions.js');
    const { app, store } = await build();
    const tokens = {} as Record<(typeof ROLES)[number], string>;
    for (const role of ROLES) {
      store.addUser({ id: `u-${role}`, tenantId: 'A', username: `m-${role}`, role, passwordHash: null });
      const t = newApiToken();
      await store.createApiToken({ id: t.id, userId: `u-${role}`, name: 'm', secretHash: sha256hex(t.secret), scopes: null, createdAt: new Date(), expiresAt: null });
      tokens[role] = t.token;
    }
    const cells = await walkMatrix(app, tokens);
    expect(cells.filter((c) => !c.ok)).toEqual([]);
    expect(cells.filter((c) => c.url === '/imports' && c.expected === 'forbidden').map((c) => c.role)).toEqual(['agent', 'team_lead']);
  });
});
