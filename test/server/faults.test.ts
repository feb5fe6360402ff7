/**
 * Integration and faults: password login through the security plugin over the store, fatal
 * findings → signed webhook deliveries, and the database going away (503, clear message).
 */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { WebhookDispatcher } from '../../src/queue/webhooks.js';
import { hashPassword } from '../../src/security/passwords.js';
import { makeConversations } from '../store/fixtures.js';
import { testApp, type TestApp } from './helpers.js';

const jsonl = (convs: readonly unknown[]) => convs.map((c) => JSON.stringify(c)).join('\n') + '\n';

describe('server integration and faults', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const a of apps) await a.close().catch(() => undefined);
  });

  it('password login (security plugin over the store): cookie session reaches the API', async () => {
    const t = await testApp({ security: { secureCookies: false } });
    apps.push(t);
    await t.t.store.auth.createUser({ tenantId: 'acme', username: 'qa1', role: 'qa', passwordHash: await hashPassword('correct horse battery') });
    const bad = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'qa1', password: 'wrong password!' } });
    expect(bad.statusCode).toBe(401);
    const ok = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'qa1', password: 'correct horse battery' } });
    expect(ok.statusCode).toBe(200);
    const cookies = Object.fromEntries(ok.cookies.map((c) => [c.name, c.value]));
    expect(cookies.kefu_session).toBeTypeOf('string');
    const list = await t.app.inject({ method: 'GET', url: '/conversations', cookies });
    expect(list.statusCode).toBe(200);
    // a state change with a cookie needs the CSRF header
    const noCsrf = await t.app.inject({ method: 'POST', url: '/inspections', cookies, payload: {} });
    expect(noCsrf.statusCode).toBe(403);
    const withCsrf = await t.app.inject({ method: 'POST', url: '/inspections', cookies, headers: { 'x-csrf-token': cookies.kefu_csrf! }, payload: {} });
    expect(withCsrf.statusCode).toBe(202);
    const log = await t.t.store.audit.all();
    expect(log.map((e) => e.action)).toContain('auth.login');
  });

  it('fatal findings queue HMAC-signed webhook deliveries with the results', async () => {
    const t = await testApp();
    apps.push(t);
    const admin = await t.token('admin');
    const received: Array<{ headers: Record<string, unknown>; body: string }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (server.address() as { port: number }).port;
      const secret = 'webhook-secret-0123456789';
      expect((await t.app.inject({ method: 'POST', url: '/webhooks', headers: admin, payload: { url: `http://127.0.0.1:${port}/kefu`, events: ['finding.fatal'], secret } })).statusCode).toBe(201);
      // a standard where 服务禁语 is fatal (致命项)
      const config = {
        extends: 'kefu:recommended',
        scoring: { id: 'strict', name: '禁语一票否决', passMark: 80, dimensions: [{ id: 'fatal', name: '致命项', points: 100, items: [{ ruleId: 'forbidden-phrase', points: 100, fatal: true }] }] },
      };
      const rs = (await t.app.inject({ method: 'POST', url: '/rule-sets', headers: admin, payload: { name: '禁语致命', config } })).json().ruleSet;
      expect((await t.app.inject({ method: 'POST', url: `/rule-sets/${rs.id}/publish`, headers: admin })).statusCode).toBe(200);
      const imp = await t.app.inject({ method: 'POST', url: '/imports?format=jsonl', headers: { ...admin, 'content-type': 'application/x-ndjson' }, payload: jsonl(makeConversations(6, 'fatal')) });
      expect(imp.statusCode).toBe(202);
      await t.app.kefu.queue.idle();
      const fatal = (await t.app.inject({ method: 'GET', url: '/conversations?hasFatal=true', headers: admin })).json();
      expect(fatal.total).toBe(2); // fatal-00000 and fatal-00003
      expect(fatal.items.every((c: { score: number }) => c.score === 0)).toBe(true);
      await new WebhookDispatcher(t.t.store).tick();
      expect(received).toHaveLength(2);
      for (const r of received) {
        expect(r.headers['x-kefu-event']).toBe('finding.fatal');
        expect(r.headers['x-kefu-signature']).toBe('sha256=' + createHmac('sha256', secret).update(r.body).digest('hex'));
        expect(JSON.parse(r.body).data).toMatchObject({ ruleIds: ['forbidden-phrase'], ruleSetId: rs.id, score: 0 });
      }
      // the queue has them as delivered; re-running the inspection sends nothing new
      await t.app.inject({ method: 'POST', url: '/inspections', headers: admin, payload: {} });
      await t.app.kefu.queue.idle();
      await new WebhookDispatcher(t.t.store).tick();
      expect(received).toHaveLength(2);
    } finally {
      server.close();
    }
  });

  it('serves the built web UI at / (SPA fallback) without shadowing the API', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const web = mkdtempSync(path.join(tmpdir(), 'kefu-web-'));
    mkdirSync(path.join(web, 'assets'));
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Kefu</title>');
    writeFileSync(path.join(web, 'assets', 'app.js'), 'console.log(1)');
    const t = await testApp({ webDir: web });
    apps.push(t);
    const index = await t.app.inject({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('<title>Kefu</title>');
    expect((await t.app.inject({ method: 'GET', url: '/assets/app.js' })).body).toContain('console.log');
    expect((await t.app.inject({ method: 'GET', url: '/review/abc' })).body).toContain('<title>Kefu</title>');
    expect((await t.app.inject({ method: 'GET', url: '/conversations' })).statusCode).toBe(401);
    const apiMiss = await t.app.inject({ method: 'GET', url: '/conversations/x/y/z' });
    expect(apiMiss.statusCode).toBe(404);
    expect(apiMiss.json().error.code).toBe('not_found');
    expect((await t.app.inject({ method: 'GET', url: '/..%2f..%2fetc%2fpasswd' })).body).not.toContain('root:');
  });

  it('embedded mode resumes chunks a previous server run left pending', async () => {
    const { sqliteStore } = await import('../store/helpers.js');
    const { buildServer } = await import('../../src/server/app.js');
    const ts = await sqliteStore();
    try {
      await ts.store.auth.ensureTenant('acme');
      const imp = await ts.store.imports.create('acme', { fileName: 'x', format: 'jsonl' }, null);
      await ts.store.imports.writeChunk('acme', imp, makeConversations(20, 'resume'), []);
      const rs = await ts.store.ruleSets.published('acme');
      const { job } = await ts.store.jobs.createInspectJob('acme', { ruleSetId: rs.id, ruleSetVersion: rs.version }, makeConversations(20, 'resume').map((c) => c.id), null, 5);
      const app = await buildServer({ store: ts.store, webhooks: false, webDir: false });
      await app.ready();
      await app.kefu.queue.idle();
      expect(await ts.store.jobs.get('acme', job.id)).toMatchObject({ status: 'done', done: 20 });
      await app.close();
    } finally {
      await ts.cleanup();
    }
  });

  it('the database going away: 503 store_unavailable with a clear message, nothing half-written', async () => {
    const t = await testApp();
    apps.push(t);
    const admin = await t.token('admin');
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    await t.t.store.close();
    const h = await t.app.inject({ method: 'GET', url: '/health' });
    expect(h.statusCode).toBe(503);
    expect(h.json().error.code).toBe('store_unavailable');
    const r = await t.app.inject({ method: 'GET', url: '/conversations', headers: admin });
    expect(r.statusCode).toBe(503); // the token cannot even be checked
    expect(r.json().error.message).toMatch(/database is unavailable/);
  });
});
