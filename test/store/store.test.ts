/**
 * The store suite, run against SQLite (temp file) and PostgreSQL (unique schema per run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHmac } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InlineQueue } from '../../src/queue/index.js';
import { processChunk } from '../../src/queue/runner.js';
import { ingestFile, startInspection } from '../../src/queue/service.js';
import { WebhookDispatcher } from '../../src/queue/webhooks.js';
import { AuditLog, verifyChain } from '../../src/security/audit.js';
import { sha256hex, parseApiToken } from '../../src/security/auth-store.js';
import { openStore, tenantScope, type Store } from '../../src/store/index.js';
import { DIALECTS, PG_URL, pgUnavailable, type TestStore } from './helpers.js';
import { makeConversations, writeJsonl } from './fixtures.js';

const reason = await pgUnavailable();
if (reason) console.warn(`[store tests] skipping PostgreSQL: ${reason}`);

for (const dialect of DIALECTS) {
  const skip = dialect.name === 'postgres' && reason !== null;
  describe.skipIf(skip)(`store on ${dialect.name}`, () => {
    let t: TestStore;
    let store: Store;
    let dir: string;
    const T = 'acme';
    const scope = tenantScope(T);
    const resolve = (id: string, v: number) => store.resolve(T, id, v);

    beforeAll(async () => {
      t = await dialect.open();
      store = t.store;
      dir = mkdtempSync(path.join(tmpdir(), 'kefu-store-files-'));
      await store.auth.ensureTenant(T);
      await store.auth.ensureTenant('other');
    });
    afterAll(async () => {
      await t?.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('runs migrations once (re-opening is a no-op) and creates the default rule set', async () => {
      const again = await openStore({ location: t.location, ...(t.schema ? { schema: t.schema } : {}) });
      await again.close();
      const rs = await store.ruleSets.published(T);
      expect(rs).toMatchObject({ id: 'default', version: 1, status: 'published' });
    });

    it('stores conversations with their turns, counts duplicates, replaces changed ones on request', async () => {
      const convs = makeConversations(10, 'dup');
      const imp = await store.imports.create(T, { fileName: 'a.jsonl', format: 'jsonl' }, null);
      const first = await store.imports.writeChunk(T, imp, convs, []);
      expect(first).toMatchObject({ accepted: 10, duplicates: 0 });
      const again = await store.imports.writeChunk(T, imp, convs.slice(0, 4), []);
      expect(again).toMatchObject({ accepted: 0, duplicates: 4 });
      const changed = { ...convs[0]!, turns: [...convs[0]!.turns, { role: 'agent' as const, text: '补充一句' }] };
      const skip = await store.imports.writeChunk(T, imp, [changed], []);
      expect(skip).toMatchObject({ accepted: 0, duplicates: 1 });
      const replaced = await store.imports.writeChunk(T, imp, [changed, convs[1]!], [], 'replace');
      expect(replaced).toMatchObject({ accepted: 1, replaced: 1, duplicates: 1 });
      const [loaded] = await store.conversations.load(T, [changed.id]);
      expect(loaded!.turns).toHaveLength(5);
      expect(loaded!.turns[4]!.text).toBe('补充一句');
      const i = await store.imports.get(T, imp);
      expect(i).toMatchObject({ accepted: 11, duplicates: 6, replaced: 1 });
      // another tenant may use the same ids
      const other = await store.imports.create('other', { fileName: 'a.jsonl', format: 'jsonl' }, null);
      expect(await store.imports.writeChunk('other', other, convs.slice(0, 2), [])).toMatchObject({ accepted: 2 });
    });

    it('concurrent imports of the same ids store each conversation once', async () => {
      const convs = makeConversations(300, 'race');
      const a = await store.imports.create(T, { fileName: 'a', format: 'jsonl' }, null);
      const b = await store.imports.create(T, { fileName: 'b', format: 'jsonl' }, null);
      const results = await Promise.all([
        store.imports.writeChunk(T, a, convs.slice(0, 200), []),
        store.imports.writeChunk(T, b, convs.slice(100, 300), []),
        store.imports.writeChunk(T, b, convs.slice(50, 250), []),
      ]);
      const accepted = results.reduce((s, r) => s + r.accepted, 0);
      const dups = results.reduce((s, r) => s + r.duplicates, 0);
      expect(accepted).toBe(300);
      expect(dups).toBe(300);
      const n = await store.db.selectFrom('conversations').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', T).where('id', 'like', 'race-%').executeTakeFirst();
      expect(Number(n!.n)).toBe(300);
      const turns = await store.db.selectFrom('turns').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', T).where('conversation_id', 'like', 'race-%').executeTakeFirst();
      expect(Number(turns!.n)).toBe(1200);
    });

    it('imports a file in chunks, records each rejected record with line and field, inspects inline', async () => {
      const file = path.join(dir, 'mixed.jsonl');
      writeJsonl(file, makeConversations(25, 'file'), ['{"id": "broken", "channel": "chat", "turns": [', JSON.stringify({ id: 'bad-role', channel: 'chat', turns: [{ role: 'martian', text: 'x' }] })]);
      const queue = new InlineQueue(store);
      const { import: imp, job } = await ingestFile(store, queue, { tenantId: T, file, fileName: 'mixed.jsonl', format: 'jsonl', chunkSize: 10 });
      expect(imp).toMatchObject({ status: 'done', accepted: 25, rejected: 2 });
      const errors = await store.imports.errors(T, imp.id);
      expect(errors[0]).toMatchObject({ line: 26 });
      expect(errors[0]!.reason).toMatch(/JSON/);
      expect(errors[1]).toMatchObject({ line: 27, field: 'turns[0].role' });
      await queue.idle();
      const j = await store.jobs.get(T, job!.id);
      expect(j).toMatchObject({ status: 'done', total: 25, done: 25, failed: 0 });
      expect((await store.imports.get(T, imp.id))!.inspected).toBe(25);
      const page = await store.conversations.list(scope, { q: '不知道', inspected: true }, 'score', 100);
      expect(page.total).toBeGreaterThanOrEqual(9);
      expect(page.items.every((s) => s.score !== undefined && s.findingCount > 0)).toBe(true);
    });

    it('a chunk written twice (a retried worker) stores each result once and counts it once', async () => {
      const ids = makeConversations(30, 'dup').map((c) => c.id).slice(0, 10);
      const rs = await store.ruleSets.published(T);
      const { job, chunks } = await store.jobs.createInspectJob(T, { ruleSetId: rs.id, ruleSetVersion: rs.version }, ids, null, 5);
      // simulate two workers on the same chunk at once, then a late retry
      await Promise.all([processChunk(store, chunks[0]!), processChunk(store, chunks[0]!)]);
      await processChunk(store, chunks[0]!);
      await processChunk(store, chunks[1]!);
      const j = await store.jobs.get(T, job.id);
      expect(j).toMatchObject({ status: 'done', total: 10, done: 10 });
      const rows = await store.db.selectFrom('inspections').select(['conversation_id']).where('tenant_id', '=', T).where('conversation_id', 'in', ids).execute();
      expect(rows).toHaveLength(10);
      // a new job with the same rule set version leaves the results as they are
      const second = await store.jobs.createInspectJob(T, { ruleSetId: rs.id, ruleSetVersion: rs.version }, ids, null, 10);
      await processChunk(store, second.chunks[0]!);
      expect(await store.db.selectFrom('inspections').select('id').where('tenant_id', '=', T).where('conversation_id', 'in', ids).execute()).toHaveLength(10);
      expect(await store.jobs.get(T, second.job.id)).toMatchObject({ status: 'done', done: 10 });
    });

    it('review: confirm / reject findings, manual items, score recomputed; data scope', async () => {
      const queue = new InlineQueue(store);
      await startInspection(store, queue, scope, { conversationIds: ['file-00000'] }, null);
      await queue.idle();
      const conv = await store.conversations.get(scope, 'file-00000');
      const ins = (await store.inspections.get(scope, conv!.latestInspectionId!))!;
      expect(ins.findings.length).toBeGreaterThan(0);
      const before = ins.score;
      let after = ins;
      for (const f of ins.findings) after = await store.inspections.reviewFinding(scope, f.id, 'reject', '误报', 'u-qa', resolve);
      expect(after.findings.every((f) => f.status === 'rejected')).toBe(true);
      expect(after.score).toBeGreaterThan(before);
      expect(after.score).toBe(100);
      const dim = after.dimensions[0]!.id;
      after = await store.inspections.addManualItem(scope, ins.id, { dimensionId: dim, points: -5, reason: '语气生硬' }, 'u-qa', resolve);
      expect(after.manualItems).toHaveLength(1);
      expect(after.score).toBeLessThan(100);
      await expect(store.inspections.addManualItem(scope, ins.id, { dimensionId: 'nope', points: 1, reason: 'x' }, 'u', resolve)).rejects.toMatchObject({ status: 400 });
      // scope: agent a1 sees own conversations only; another tenant sees nothing
      const a1 = { tenantId: T, kind: 'own' as const, agentId: 'a1' };
      expect(await store.conversations.get(a1, 'file-00000')).toBeDefined();
      expect(await store.conversations.get({ ...a1, agentId: 'a2' }, 'file-00000')).toBeUndefined();
      expect(await store.conversations.get(tenantScope('other'), 'file-00000')).toBeUndefined();
      const own = await store.conversations.list(a1, {}, '-startedAt', 500);
      expect(own.items.every((s) => s.agentId === 'a1')).toBe(true);
      const team = await store.conversations.list({ tenantId: T, kind: 'team', teamId: 't2' }, {}, '-startedAt', 500);
      expect(team.total).toBeGreaterThan(0);
      expect(team.items.every((s) => s.teamId === 't2')).toBe(true);
      await expect(store.inspections.reviewFinding({ ...a1, agentId: 'a2' }, ins.findings[0]!.id, 'confirm', undefined, 'u', resolve)).rejects.toMatchObject({ status: 404 });
    });

    it('appeal → decision → final judgement closes for good (409 afterwards)', async () => {
      const conv = await store.conversations.get(scope, 'file-00003');
      const ins = (await store.inspections.get(scope, conv!.latestInspectionId!))!;
      const finding = ins.findings[0]!;
      const agent = { tenantId: T, kind: 'own' as const, agentId: conv!.agentId! };
      const appeal = await store.appeals.create(agent, finding.id, '客户先辱骂，我只是转述', 'u-agent');
      expect(appeal.status).toBe('open');
      await expect(store.appeals.create(agent, finding.id, 'again', 'u-agent')).rejects.toMatchObject({ status: 409 });
      await expect(store.appeals.finalJudgement(scope, appeal.id, 'accept', 'x', 'u-sup', resolve)).rejects.toMatchObject({ status: 409 });
      const decided = await store.appeals.decide(scope, appeal.id, 'accept', '属实', 'u-qa', resolve);
      expect(decided.status).toBe('accepted');
      const mid = (await store.inspections.get(scope, ins.id))!;
      expect(mid.findings.find((f) => f.id === finding.id)!.status).toBe('rejected');
      expect(mid.score).toBeGreaterThan(ins.score);
      const final = await store.appeals.finalJudgement(scope, appeal.id, 'reject', '终审维持原判', 'u-sup', resolve);
      expect(final.status).toBe('final_rejected');
      expect(final.decisions.map((d) => d.stage)).toEqual(['review', 'final']);
      const closed = (await store.inspections.get(scope, ins.id))!;
      expect(closed.reviewStatus).toBe('closed');
      expect(closed.findings.find((f) => f.id === finding.id)!.status).toBe('confirmed');
      expect(closed.score).toBe(ins.score);
      await expect(store.appeals.decide(scope, appeal.id, 'accept', 'x', 'u', resolve)).rejects.toMatchObject({ status: 409 });
      await expect(store.inspections.reviewFinding(scope, finding.id, 'reject', 'x', 'u', resolve)).rejects.toMatchObject({ status: 409 });
      await expect(store.inspections.addManualItem(scope, ins.id, { dimensionId: closed.dimensions[0]!.id, points: 1, reason: 'x' }, 'u', resolve)).rejects.toMatchObject({ status: 409 });
      await expect(store.appeals.create(agent, ins.findings[1]?.id ?? finding.id, 'x', 'u')).rejects.toMatchObject({ status: 409 });
      const list = await store.appeals.list(scope, { status: 'final' });
      expect(list.items.map((a) => a.id)).toContain(appeal.id);
      // a re-import with replace refuses a conversation closed by 终审
      const imp = await store.imports.create(T, { fileName: 'r', format: 'jsonl' }, null);
      const changed = { ...conv!, turns: [...conv!.turns, { role: 'agent' as const, text: 'x' }] };
      const r = await store.imports.writeChunk(T, imp, [changed], [], 'replace');
      expect(r).toMatchObject({ accepted: 0, rejected: 1 });
    });

    it('rule sets: draft → validate → publish → edit makes v2; unknown rule ids and file extends are refused', async () => {
      await expect(store.ruleSets.create(T, 'bad', { extends: 'kefu:recommended', rules: { 'no-such-rule': 'error' } }, null)).rejects.toMatchObject({ status: 400, details: { unknownRule: 'no-such-rule' } });
      await expect(store.ruleSets.create(T, 'bad', { extends: '/etc/passwd' }, null)).rejects.toMatchObject({ status: 400 });
      const rs = await store.ruleSets.create(T, '严格版', { extends: 'kefu:recommended', rules: { 'forbidden-phrase': 'off' } }, 'u');
      expect(rs).toMatchObject({ version: 1, status: 'draft' });
      const pub = await store.ruleSets.publish(T, rs.id);
      expect(pub.status).toBe('published');
      const v2 = await store.ruleSets.update(T, rs.id, { name: '严格版 2' }, 'u');
      expect(v2).toMatchObject({ version: 2, status: 'draft' });
      const v2b = await store.ruleSets.update(T, rs.id, { config: { extends: 'kefu:recommended' } }, 'u');
      expect(v2b.version).toBe(2);
      await store.ruleSets.publish(T, rs.id);
      const versions = await store.ruleSets.versions(T, rs.id);
      expect(versions.map((v) => [v.version, v.status])).toEqual([
        [2, 'published'],
        [1, 'archived'],
      ]);
      expect((await store.ruleSets.published(T)).id).toBe(rs.id);
      const list = await store.ruleSets.list(T);
      expect(list.items.map((r) => r.id).sort()).toEqual(['default', rs.id].sort());
    });

    it('auth: users, API tokens (sha256 only), sessions', async () => {
      const { token, userId } = await store.auth.createToken({ tenantId: T, role: 'qa' });
      const parsed = parseApiToken(token)!;
      const rec = await store.auth.findApiToken(parsed.id);
      expect(rec!.secretHash).toBe(sha256hex(parsed.secret));
      expect(rec!.secretHash).not.toContain(parsed.secret);
      expect((await store.auth.findUserById(userId))!.role).toBe('qa');
      await store.auth.revokeApiToken(parsed.id, new Date());
      expect((await store.auth.findApiToken(parsed.id))!.revokedAt).toBeInstanceOf(Date);
      const now = new Date();
      await store.auth.createSession({ idHash: 'h1', userId, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + 1000) });
      expect((await store.auth.findSession('h1'))!.userId).toBe(userId);
      await store.auth.deleteUserSessions(userId);
      expect(await store.auth.findSession('h1')).toBeUndefined();
    });

    it('audit log: hash chain verifies; a second writer for the same position is refused (no fork)', async () => {
      const log = new AuditLog(store.audit);
      await Promise.all(Array.from({ length: 10 }, (_, i) => log.record({ tenantId: T, action: 'test.event', actor: { userId: 'u' + i }, target: { type: 'conversation', id: 'file-00001' } })));
      const other = new AuditLog(store.audit);
      await other.record({ tenantId: T, action: 'test.other', actor: { userId: 'x' }, details: { conversationId: 'file-00001' } });
      const all = await store.audit.all();
      expect(verifyChain(all).ok).toBe(true);
      expect((await store.audit.forConversation(T, 'file-00001')).length).toBe(11);
      const last = all[all.length - 1]!;
      await expect(store.audit.append({ ...last, action: 'forged' })).rejects.toThrow();
    });

    it('webhooks: fatal findings enqueue deliveries in the inspection transaction; HMAC-signed; retried with backoff', async () => {
      const hits: Array<{ sig: string; body: string }> = [];
      let fail = 1;
      const server = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          hits.push({ sig: String(req.headers['x-kefu-signature']), body });
          res.statusCode = fail-- > 0 ? 500 : 204;
          res.end();
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const port = (server.address() as { port: number }).port;
      try {
        const secret = 'a-very-secret-secret';
        await store.webhooks.create(T, { url: `http://127.0.0.1:${port}/hook`, events: ['finding.fatal'], secret }, null);
        const n = await store.webhooks.enqueue(store.db, T, 'finding.fatal', [{ conversationId: 'file-00000', ruleIds: ['x'] }]);
        expect(n).toBe(1);
        const d = new WebhookDispatcher(store, { baseDelayMs: 50 });
        await d.tick();
        expect(hits).toHaveLength(1);
        let rows = await store.webhooks.deliveries(T);
        expect(rows[0]).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500 });
        await d.tick(); // not due yet
        expect(hits).toHaveLength(1);
        await new Promise((r) => setTimeout(r, 120));
        await d.tick();
        expect(hits).toHaveLength(2);
        rows = await store.webhooks.deliveries(T);
        expect(rows[0]).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 204 });
        const { sig, body } = hits[1]!;
        expect(sig).toBe('sha256=' + createHmac('sha256', secret).update(body).digest('hex'));
        expect(JSON.parse(body)).toMatchObject({ event: 'finding.fatal', tenantId: T, data: { conversationId: 'file-00000' } });
      } finally {
        server.close();
      }
    });

    it('privacy: retention purge, data-subject export and erasure (redact keeps QA history, delete removes)', async () => {
      const imp = await store.imports.create('other', { fileName: 'p', format: 'jsonl' }, null);
      const convs = makeConversations(6, 'pii').map((c, i) => ({ ...c, customerId: i < 2 ? 'cust-1' : `cust-${i}`, startedAt: i < 3 ? '2020-01-01T00:00:00Z' : c.startedAt }));
      await store.imports.writeChunk('other', imp, convs, []);
      await store.privacy.setRetention('other', 365);
      const settings = await store.privacy.retentionSettings();
      expect(settings.find((s) => s.tenantId === 'other')!.retentionDays).toBe(365);
      expect(await store.privacy.findSubjectConversations('other', { customerId: 'cust-1' })).toEqual(['pii-00000', 'pii-00001']);
      const exported = (await store.privacy.exportConversations('other', ['pii-00000'])) as Array<{ turns: Array<{ text: string }> }>;
      expect(exported[0]!.turns[0]!.text).toContain('订单');
      const red = await store.privacy.eraseConversations('other', ['pii-00000'], 'redact');
      expect(red).toEqual({ conversations: 1, turns: 2 });
      const [after] = await store.conversations.load('other', ['pii-00000']);
      expect(after!.customerId).toBeUndefined();
      expect(after!.turns[0]!.text).toMatch(/^\*+$/);
      expect(after!.turns[1]!.text).not.toMatch(/^\*+$/);
      const purged = await store.privacy.purgeConversationsBefore('other', new Date('2021-01-01T00:00:00Z'), 2);
      expect(purged).toBe(2);
      expect(await store.privacy.purgeConversationsBefore('other', new Date('2021-01-01T00:00:00Z'), 2)).toBe(1);
      const del = await store.privacy.eraseConversations('other', ['pii-00004'], 'delete');
      expect(del).toEqual({ conversations: 1, turns: 4 });
      expect(await store.conversations.load('other', ['pii-00000', 'pii-00004'])).toHaveLength(0);
    });

    it('the database going away mid-import: an error, no partial conversation, counters match what is stored', async () => {
      const file = path.join(dir, 'big.jsonl');
      writeJsonl(file, makeConversations(3000, 'gone'));
      const app = `kefu-victim-${process.pid}`;
      const victim = await openStore({ location: t.location, ...(t.schema ? { schema: t.schema } : {}), poolSize: 2, applicationName: app });
      let killed = false;
      const watcher = (async () => {
        for (let i = 0; i < 2000 && !killed; i++) {
          const r = await store.db.selectFrom('imports').select('accepted').where('file_name', '=', 'big.jsonl').executeTakeFirst();
          if (r && Number(r.accepted) >= 200) {
            killed = true;
            if (dialect.name === 'postgres') {
              // terminate the import's server connections, as a database restart would
              const c = new pg.Client({ connectionString: PG_URL });
              await c.connect();
              await c.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1`, [app]);
              await c.end();
              await victim.close().catch(() => undefined);
            } else {
              await victim.close();
            }
          }
          await new Promise((r) => setTimeout(r, 2));
        }
      })();
      await expect(ingestFile(victim, null, { tenantId: T, file, fileName: 'big.jsonl', format: 'jsonl', chunkSize: 100 })).rejects.toThrow();
      await watcher;
      expect(killed).toBe(true);
      const imp = await store.db.selectFrom('imports').selectAll().where('file_name', '=', 'big.jsonl').executeTakeFirstOrThrow();
      const stored = await store.db.selectFrom('conversations').select(['id', 'turn_count']).where('tenant_id', '=', T).where('id', 'like', 'gone-%').execute();
      expect(stored.length).toBeGreaterThan(0);
      expect(stored.length).toBeLessThan(3000);
      expect(stored.length % 100).toBe(0);
      expect(Number(imp.accepted)).toBe(stored.length);
      const turns = await store.db
        .selectFrom('turns')
        .select(['conversation_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('tenant_id', '=', T)
        .where('conversation_id', 'like', 'gone-%')
        .groupBy('conversation_id')
        .execute();
      expect(turns).toHaveLength(stored.length);
      expect(turns.every((r) => Number(r.n) === 4)).toBe(true);
      // the import can simply be run again: the stored ones are duplicates, the rest arrives
      const { import: again } = await ingestFile(store, null, { tenantId: T, file, fileName: 'big.jsonl', format: 'jsonl' });
      expect(again.accepted + again.duplicates).toBe(3000);
      expect(again.duplicates).toBe(stored.length);
    });
  });
}
