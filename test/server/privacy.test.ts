/**
 * PIPL routes through the real server (/privacy/retention, /privacy/subjects/export|erase) on
 * SQLite and PostgreSQL, each with and without encryption at rest: the subject's conversations in
 * clear text, found by customer id or by phone number in any format, audited; redaction removes
 * the number from everything stored, deletion removes the rows; another tenant's identical
 * customer is untouched; only privacy:manage; bad bodies answer 400 naming the field.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/conversation/model.js';
import type { AtRestConfig } from '../../src/security/at-rest.js';
import { verifyChain } from '../../src/security/audit.js';
import { generateKeyFile, keyRingFromJson } from '../../src/security/crypto.js';
import { hashPassword } from '../../src/security/passwords.js';
import { tokenize } from '../../src/security/pii/mask.js';
import { ROLES, ROLE_PERMISSIONS } from '../../src/security/permissions.js';
import { buildServer } from '../../src/server/app.js';
import { tenantScope, type Store } from '../../src/store/index.js';
import { DIALECTS, pgUnavailable, type TestStore } from '../store/helpers.js';

const reason = await pgUnavailable();
if (reason) console.warn(`[privacy route tests] skipping PostgreSQL: ${reason}`);

const PHONE = '13812345678';
const OTHER_PHONE = '13900001111';
const recent = new Date(Date.now() - 3 * 86_400_000).toISOString();

/** The same customer in both tenants: c-001, who gave 13812345678 (once typed with spaces, without a customer id). */
function conversations(prefix: string): Conversation[] {
  return [
    {
      id: `${prefix}-1`,
      channel: 'chat',
      agentId: 'a1',
      teamId: 't1',
      customerId: 'c-001',
      startedAt: recent,
      meta: { 客户姓名: '王小明', 来电号码: PHONE },
      turns: [
        { role: 'customer', text: `你好，我的手机号是${PHONE}，上周买的空气净化器一直没发货` },
        { role: 'agent', text: `您好，已为您查询，手机号${PHONE}名下的订单明天发出，请您耐心等待` },
        { role: 'customer', text: '好的，谢谢' },
        { role: 'agent', text: '不客气，祝您生活愉快，再见' },
      ],
    },
    {
      id: `${prefix}-2`,
      channel: 'chat',
      agentId: 'a2',
      teamId: 't1',
      startedAt: recent,
      turns: [
        { role: 'customer', text: '我之前来过电话，号码是 138 1234 5678，退款到哪一步了？' },
        { role: 'agent', text: '您好，退款已经原路退回，预计三个工作日内到账，请问还有其他可以帮您的吗？' },
      ],
    },
    {
      id: `${prefix}-3`,
      channel: 'chat',
      agentId: 'a1',
      teamId: 't1',
      customerId: 'c-002',
      startedAt: recent,
      turns: [
        { role: 'customer', text: `我的手机号是${OTHER_PHONE}，想改一下收货地址；订单号 2138123456789` },
        { role: 'agent', text: '好的，请您提供新的收货地址，我马上帮您修改' },
      ],
    },
  ];
}

const jsonl = (convs: readonly Conversation[]) => convs.map((c) => JSON.stringify(c)).join('\n') + '\n';
const ids = (convs: ReadonlyArray<{ id: string }>) => convs.map((c) => c.id).sort();

const MODES: Array<{ name: string; atRest: AtRestConfig }> = [
  { name: 'in clear', atRest: {} },
  { name: 'encrypted', atRest: { ring: keyRingFromJson(generateKeyFile('k1')) } },
];

for (const dialect of DIALECTS) {
  for (const mode of MODES) {
    describe.skipIf(dialect.name === 'postgres' && reason !== null)(`privacy routes on ${dialect.name}, ${mode.name}`, () => {
      let t: TestStore;
      let store: Store;
      let app: FastifyInstance;
      const h: Record<string, Record<string, string>> = {};
      /** token headers per role of acme, and globex's manager */
      const json = (role: string) => ({ ...h[role]!, 'content-type': 'application/json' });
      const post = (url: string, role: string, body: unknown) => app.inject({ method: 'POST', url, headers: json(role), payload: JSON.stringify(body) });
      /** everything the subject could be stored in: turn text, finding excerpts and messages, customer id, meta */
      const stored = async (tenantId: string, id: string) => {
        const [conv] = await store.conversations.load(tenantId, [id]);
        const findings = await store.db.selectFrom('findings').select('id').where('tenant_id', '=', tenantId).where('conversation_id', '=', id).execute();
        const inspections = await store.db.selectFrom('inspections').select('id').where('tenant_id', '=', tenantId).where('conversation_id', '=', id).execute();
        const full = inspections.length ? await store.inspections.get(tenantScope(tenantId), inspections[0]!.id) : undefined;
        return { conv, findingCount: findings.length, findings: full?.findings ?? [] };
      };

      beforeAll(async () => {
        t = await dialect.open({ atRest: mode.atRest });
        store = t.store;
        app = await buildServer({ store, webhooks: false, webDir: false, retention: false });
        for (const [key, tenantId, role] of [
          ['admin', 'acme', 'admin'],
          ['manager', 'acme', 'manager'],
          ['globex', 'globex', 'manager'],
          ['globexAdmin', 'globex', 'admin'],
          ...ROLES.filter((r) => r !== 'admin' && r !== 'manager').map((r) => [r, 'acme', r] as const),
        ] as const) {
          await store.auth.ensureTenant(tenantId);
          const { token } = await store.auth.createToken({ tenantId, role, ...(role === 'agent' ? { agentId: 'a1' } : {}), ...(role === 'team_lead' ? { teamId: 't1' } : {}) });
          h[key] = { authorization: `Bearer ${token}` };
        }
        for (const [role, prefix] of [
          ['admin', 'acme'],
          ['globexAdmin', 'globex'],
        ] as const) {
          const r = await app.inject({ method: 'POST', url: '/imports?format=jsonl', headers: { ...h[role]!, 'content-type': 'application/x-ndjson' }, payload: jsonl(conversations(prefix)) });
          expect(r.statusCode).toBe(202);
        }
        await app.kefu.queue.idle();
      });
      afterAll(async () => {
        await app?.close();
        await t?.cleanup();
      });

      it('only privacy:manage may call the routes (manager and admin), every other role gets 403', async () => {
        expect(ROLES.filter((r) => ROLE_PERMISSIONS[r].has('privacy:manage'))).toEqual(['manager', 'admin']);
        for (const role of ['agent', 'team_lead', 'supervisor', 'qa']) {
          expect((await app.inject({ method: 'GET', url: '/privacy/retention', headers: h[role]! })).statusCode, role).toBe(403);
          expect((await app.inject({ method: 'PUT', url: '/privacy/retention', headers: json(role), payload: '{"retentionDays":30}' })).statusCode, role).toBe(403);
          const exp = await post('/privacy/subjects/export', role, { customerId: 'c-001' });
          expect(exp.statusCode, role).toBe(403);
          expect(exp.body).not.toContain(PHONE);
          expect((await post('/privacy/subjects/erase', role, { customerId: 'c-001', mode: 'delete', confirm: true })).statusCode, role).toBe(403);
        }
        expect((await app.inject({ method: 'GET', url: '/privacy/retention' })).statusCode).toBe(401);
        // nothing was read or erased on their behalf
        expect((await store.audit.all()).filter((e) => e.action.startsWith('privacy.'))).toEqual([]);
        expect(await store.conversations.load('acme', ['acme-1'])).toHaveLength(1);
      });

      it('bad bodies answer 400 naming the field', async () => {
        const cases: Array<[string, unknown, RegExp]> = [
          ['/privacy/subjects/export', {}, /body\/customerId: a data subject needs a customerId or a phone number/],
          ['/privacy/subjects/export', { phone: '客服热线' }, /body\/phone: phone must be a phone number/],
          ['/privacy/subjects/export', { phone: '5678' }, /body\/phone/],
          ['/privacy/subjects/export', { customerId: '' }, /body\/customerId/],
          ['/privacy/subjects/export', { customerId: 'c-001', name: '王小明' }, /additional properties/],
          ['/privacy/subjects/export', { customerId: 42 }, /body\/customerId must be string/],
          ['/privacy/subjects/erase', { customerId: 'c-001', mode: 'redact' }, /required properties confirm/],
          ['/privacy/subjects/erase', { customerId: 'c-001', mode: 'redact', confirm: false }, /body\/confirm/],
          ['/privacy/subjects/erase', { customerId: 'c-001', mode: 'wipe', confirm: true }, /body\/mode must be equal to one of the allowed values/],
          ['/privacy/subjects/erase', { customerId: 'c-001', confirm: true }, /required properties mode/],
          ['/privacy/subjects/erase', { mode: 'delete', confirm: true }, /body\/customerId: a data subject needs/],
        ];
        for (const [url, body, message] of cases) {
          const r = await post(url, 'manager', body);
          expect(r.statusCode, JSON.stringify(body)).toBe(400);
          expect(r.json().error.code).toBe('validation');
          expect(r.json().error.message, JSON.stringify(body)).toMatch(message);
        }
        for (const [body, message] of [
          [{}, /required properties retentionDays/],
          [{ retentionDays: 0 }, /body\/retentionDays must be >= 1/],
          [{ retentionDays: 36501 }, /body\/retentionDays must be <= 36500/],
          [{ retentionDays: 1.5 }, /body\/retentionDays must be integer/],
          [{ retentionDays: '30' }, /body\/retentionDays must be integer/],
        ] as const) {
          const r = await app.inject({ method: 'PUT', url: '/privacy/retention', headers: json('manager'), payload: JSON.stringify(body) });
          expect(r.statusCode, JSON.stringify(body)).toBe(400);
          expect(r.json().error.message).toMatch(message);
        }
        const malformed = await app.inject({ method: 'POST', url: '/privacy/subjects/export', headers: json('manager'), payload: '{"customerId":' });
        expect(malformed.statusCode).toBe(400);
        expect((await store.audit.all()).filter((e) => e.action.startsWith('privacy.') || e.action === 'retention.set')).toEqual([]);
      });

      it("reads and sets the caller's tenant's retention period, audited; another tenant's is untouched", async () => {
        expect((await app.inject({ method: 'GET', url: '/privacy/retention', headers: h.manager! })).json()).toEqual({ tenantId: 'acme', retentionDays: null });
        const set = await app.inject({ method: 'PUT', url: '/privacy/retention', headers: json('manager'), payload: '{"retentionDays":365}' });
        expect(set.statusCode).toBe(200);
        expect(set.json()).toEqual({ tenantId: 'acme', retentionDays: 365 });
        expect((await app.inject({ method: 'GET', url: '/privacy/retention', headers: h.admin! })).json().retentionDays).toBe(365);
        expect((await app.inject({ method: 'GET', url: '/privacy/retention', headers: h.globex! })).json()).toEqual({ tenantId: 'globex', retentionDays: null });
        const forever = await app.inject({ method: 'PUT', url: '/privacy/retention', headers: json('admin'), payload: '{"retentionDays":null}' });
        expect(forever.json().retentionDays).toBeNull();
        const audit = (await store.audit.all()).filter((e) => e.action === 'retention.set');
        expect(audit.map((e) => [e.tenantId, e.actor.role, e.details])).toEqual([
          ['acme', 'manager', { retentionDays: 365, previous: null }],
          ['acme', 'admin', { retentionDays: null, previous: 365 }],
        ]);
      });

      it("exports exactly the customer's conversations in clear text, as an attachment, audited (who, which subject, how many)", async () => {
        const r = await post('/privacy/subjects/export', 'manager', { customerId: 'c-001', reason: '客户来电申请查阅个人信息 工单 T-20260301' });
        expect(r.statusCode).toBe(200);
        expect(r.headers['content-disposition']).toMatch(/^attachment; filename="kefu-subject-export-acme-\d+\.json"$/);
        expect(r.headers['content-type']).toMatch(/^application\/json/);
        const body = r.json();
        expect(ids(body.conversations)).toEqual(['acme-1']);
        const [conv] = body.conversations as Conversation[];
        expect(conv!.customerId).toBe('c-001');
        expect(conv!.turns[0]!.text).toBe(`你好，我的手机号是${PHONE}，上周买的空气净化器一直没发货`);
        expect(conv!.turns[1]!.text).toContain(PHONE);
        expect(conv!.meta).toEqual({ 客户姓名: '王小明', 来电号码: PHONE });

        const entry = (await store.audit.all()).find((e) => e.seq === body.auditSeq)!;
        expect(entry).toMatchObject({
          tenantId: 'acme',
          action: 'privacy.export',
          actor: { role: 'manager', via: 'token' },
          target: { type: 'data_subject', id: 'c-001' },
          details: { subject: { customerId: 'c-001' }, conversations: 1, reason: '客户来电申请查阅个人信息 工单 T-20260301' },
        });
        expect(entry.actor.userId).toMatch(/^usr_/);
        expect(r.headers['content-disposition']).toContain(`-${entry.seq}.json`);
      });

      it('exports by phone number in any format: the customer id and the number in text; the audit log never holds the number', async () => {
        const r = await post('/privacy/subjects/export', 'admin', { phone: '+86 138-1234-5678' });
        expect(r.statusCode).toBe(200);
        expect(ids(r.json().conversations)).toEqual(['acme-1', 'acme-2']);
        expect(r.json().conversations.find((c: Conversation) => c.id === 'acme-2').turns[0].text).toContain('138 1234 5678');
        const entry = (await store.audit.all()).find((e) => e.seq === r.json().auditSeq)!;
        expect(entry.details).toMatchObject({ conversations: 2 });
        expect(entry.details!.subject).toEqual(mode.atRest.ring ? { phoneToken: tokenize(PHONE, mode.atRest.ring.tokenKey) } : { phone: '138****5678' });
        expect(JSON.stringify(await store.audit.all())).not.toContain(PHONE);
        expect(JSON.stringify(await store.audit.all())).not.toContain('138 1234 5678');
        // a number that nobody gave: nothing, still audited
        const none = await post('/privacy/subjects/export', 'admin', { phone: '13700009999' });
        expect(none.json().conversations).toEqual([]);
      });

      it("another tenant's identical customer is never found", async () => {
        const r = await post('/privacy/subjects/export', 'globex', { customerId: 'c-001', phone: PHONE });
        expect(ids(r.json().conversations)).toEqual(['globex-1', 'globex-2']);
        const entry = (await store.audit.all()).find((e) => e.seq === r.json().auditSeq)!;
        expect(entry.tenantId).toBe('globex');
      });

      it("erase (redact) removes the number from every stored text of the subject's conversations and keeps the QA results", async () => {
        const before = await stored('acme', 'acme-1');
        // the agent repeated the number: personal-info-disclosure quotes it in its excerpt and message
        expect(JSON.stringify(before.findings)).toContain(PHONE);
        const r = await post('/privacy/subjects/erase', 'manager', { phone: PHONE, mode: 'redact', confirm: true, reason: '客户要求删除个人信息' });
        expect(r.statusCode).toBe(200);
        // customer turns of both conversations, and the agent's turn that repeated the number
        expect(r.json()).toMatchObject({ mode: 'redact', conversations: 2, turns: 4 });

        for (const id of ['acme-1', 'acme-2']) {
          const after = await stored('acme', id);
          const everything = JSON.stringify(after);
          expect(everything).not.toContain(PHONE);
          expect(everything).not.toContain('138 1234 5678');
          expect(everything).not.toContain('5678');
          expect(after.conv!.customerId).toBeUndefined();
          expect(after.conv!.meta).toBeUndefined();
          for (const turn of after.conv!.turns.filter((x) => x.role === 'customer')) expect(turn.text).toMatch(/^\*+$/);
        }
        const redacted = (await stored('acme', 'acme-1'))!;
        expect(redacted.conv!.turns[1]!.text).toBe('您好，已为您查询，手机号***********名下的订单明天发出，请您耐心等待');
        expect(redacted.conv!.turns[3]!.text).toBe('不客气，祝您生活愉快，再见');
        expect(redacted.findingCount).toBe(before.findingCount);
        // the database itself: no clear number in any column, and no token of it in the search column
        const raw = JSON.stringify(await store.db.selectFrom('turns').selectAll().where('tenant_id', '=', 'acme').where('conversation_id', 'in', ['acme-1', 'acme-2']).execute());
        expect(raw).not.toContain(PHONE);
        if (mode.atRest.ring) expect(raw).not.toContain(tokenize(PHONE, mode.atRest.ring.tokenKey));

        // not found any more; the other customer and the other tenant untouched
        expect((await post('/privacy/subjects/export', 'manager', { phone: PHONE, customerId: 'c-001' })).json().conversations).toEqual([]);
        const c2 = (await stored('acme', 'acme-3')).conv!;
        expect(c2.customerId).toBe('c-002');
        expect(c2.turns[0]!.text).toContain(OTHER_PHONE);
        const globex = (await stored('globex', 'globex-1')).conv!;
        expect(globex.customerId).toBe('c-001');
        expect(globex.turns[0]!.text).toContain(PHONE);
        expect(globex.turns[1]!.text).toContain(PHONE);

        const entry = (await store.audit.all()).find((e) => e.seq === r.json().auditSeq)!;
        expect(entry).toMatchObject({ tenantId: 'acme', action: 'privacy.erase', actor: { role: 'manager' }, details: { mode: 'redact', conversations: 2, turns: 4, conversationIds: ['acme-1', 'acme-2'], reason: '客户要求删除个人信息' } });
        expect(JSON.stringify(entry)).not.toContain(PHONE);
      });

      it("erase (delete) removes the subject's conversations with their results; the other tenant keeps its own", async () => {
        const r = await post('/privacy/subjects/erase', 'admin', { customerId: 'c-002', mode: 'delete', confirm: true });
        expect(r.statusCode).toBe(200);
        expect(r.json()).toMatchObject({ subject: { customerId: 'c-002' }, mode: 'delete', conversations: 1, turns: 2 });
        expect(await store.conversations.load('acme', ['acme-3'])).toEqual([]);
        for (const table of ['turns', 'inspections', 'findings'] as const) {
          expect(await store.db.selectFrom(table).select('tenant_id').where('tenant_id', '=', 'acme').where('conversation_id', '=', 'acme-3').execute(), table).toEqual([]);
        }
        expect((await app.inject({ method: 'GET', url: '/conversations/acme-3', headers: h.admin! })).statusCode).toBe(404);

        const g = await post('/privacy/subjects/erase', 'globex', { customerId: 'c-001', mode: 'delete', confirm: true });
        expect(g.json()).toMatchObject({ conversations: 1, turns: 4 });
        expect(ids(await store.conversations.load('globex', ['globex-1', 'globex-2', 'globex-3']))).toEqual(['globex-2', 'globex-3']);
        // acme's redacted conversations are still there
        expect(ids(await store.conversations.load('acme', ['acme-1', 'acme-2']))).toEqual(['acme-1', 'acme-2']);

        const log = await store.audit.all();
        expect(verifyChain(log).ok).toBe(true);
        expect(log.filter((e) => e.action === 'privacy.erase').map((e) => [e.tenantId, (e.details as { mode: string }).mode, (e.details as { conversations: number }).conversations])).toEqual([
          ['acme', 'redact', 2],
          ['acme', 'delete', 1],
          ['globex', 'delete', 1],
        ]);
      });
    });
  }
}

describe('privacy routes with a browser session', () => {
  let t: TestStore;
  let app: FastifyInstance;
  beforeAll(async () => {
    t = await DIALECTS[0].open({ atRest: {} });
    await t.store.auth.createUser({ tenantId: 'acme', username: 'mgr', role: 'manager', passwordHash: await hashPassword('经理的密码-2026') });
    app = await buildServer({ store: t.store, webhooks: false, webDir: false, retention: false, security: { secureCookies: false } });
  });
  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  it('state changes need the CSRF token; reads do not', async () => {
    const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'mgr', password: '经理的密码-2026' } });
    const cookies = Object.fromEntries(login.cookies.map((c) => [c.name, c.value]));
    expect((await app.inject({ method: 'GET', url: '/privacy/retention', cookies })).statusCode).toBe(200);
    for (const [method, url, payload] of [
      ['PUT', '/privacy/retention', { retentionDays: 30 }],
      ['POST', '/privacy/subjects/export', { customerId: 'c-001' }],
      ['POST', '/privacy/subjects/erase', { customerId: 'c-001', mode: 'delete', confirm: true }],
    ] as const) {
      const refused = await app.inject({ method, url, cookies, payload });
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().error.code).toBe('csrf');
      const ok = await app.inject({ method, url, cookies, headers: { 'x-csrf-token': cookies.kefu_csrf! }, payload });
      expect(ok.statusCode, url).toBe(200);
    }
    const actors = (await t.store.audit.all()).filter((e) => e.action !== 'auth.login').map((e) => [e.action, e.actor.username, e.actor.via]);
    expect(actors).toEqual([
      ['retention.set', 'mgr', 'session'],
      ['privacy.export', 'mgr', 'session'],
      ['privacy.erase', 'mgr', 'session'],
    ]);
  });
});
