/**
 * Encryption at rest through the real store, on SQLite and PostgreSQL: what the database holds
 * (queried directly), every read path, search by phone number and by words, data-subject lookup,
 * wrong or missing keys, webhook signing with an encrypted secret, key rotation (resumable,
 * audited), the server's retention purge job, and the API on top.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotateStoreKeys } from '../../src/cli/keys.js';
import type { Conversation } from '../../src/conversation/model.js';
import { InlineQueue } from '../../src/queue/index.js';
import { startInspection } from '../../src/queue/service.js';
import { WebhookDispatcher } from '../../src/queue/webhooks.js';
import type { AtRestConfig } from '../../src/security/at-rest.js';
import { verifyChain } from '../../src/security/audit.js';
import { addKey, envelopeKeyId, generateKeyFile, isEncrypted, keyRingFromJson } from '../../src/security/crypto.js';
import { tokenize } from '../../src/security/pii/mask.js';
import { buildServer } from '../../src/server/app.js';
import { openStore, tenantScope, type Store } from '../../src/store/index.js';
import { DIALECTS, pgUnavailable, type TestStore } from './helpers.js';

const reason = await pgUnavailable();
if (reason) console.warn(`[at-rest tests] skipping PostgreSQL: ${reason}`);

const keyFile = generateKeyFile('k1');
const ring1 = keyRingFromJson(keyFile);
const ring2 = keyRingFromJson(addKey(keyFile, 'k2'));

const PHONE = '13812345678';
const AGENT_PHONE = '13987654321';
const LEGACY_PHONE = '13700001111';
const SECRET = 'whsec-加密存储-0123456789';
const T = 'acme';
const scope = tenantScope(T);

const recent = new Date(Date.now() - 86_400_000).toISOString();

const withPhone: Conversation = {
  id: 'enc-1',
  channel: 'chat',
  agentId: 'a1',
  customerId: PHONE,
  startedAt: recent,
  meta: { 客户姓名: '王小明', 收件地址: '北京市朝阳区建国路88号3栋' },
  turns: [
    { role: 'customer', text: `我的手机号是${PHONE}，订单还没到` },
    { role: 'agent', text: '您好，请问有什么可以帮您？' },
    { role: 'customer', text: '你们的客服电话是多少？我想直接打过去' },
    { role: 'agent', text: `我的私人电话是${AGENT_PHONE}，有事直接打给我` },
  ],
};

const ordinary: Conversation = {
  id: 'enc-2',
  channel: 'chat',
  agentId: 'a2',
  customerId: 'cust-889',
  startedAt: recent,
  turns: [
    { role: 'customer', text: '你好，我想退货，衣服尺码不合适' },
    { role: 'agent', text: '好的，我马上帮您办理退货，请问还有其他可以帮您的吗？' },
  ],
};

async function importInto(store: Store, tenantId: string, conversations: Conversation[]): Promise<void> {
  await store.auth.ensureTenant(tenantId);
  const imp = await store.imports.create(tenantId, { fileName: 'enc.jsonl', format: 'jsonl' }, null);
  const r = await store.imports.writeChunk(tenantId, imp, conversations, []);
  expect(r.accepted).toBe(conversations.length);
}

/** Every protected column, straight from the database. */
async function rawValues(store: Store): Promise<Array<string | null>> {
  const turns = await store.db.selectFrom('turns').select('text').execute();
  const convs = await store.db.selectFrom('conversations').select(['customer_id', 'meta_json']).execute();
  const findings = await store.db.selectFrom('findings').select(['text', 'message', 'suggestion']).execute();
  const hooks = await store.db.selectFrom('webhooks').select('secret').execute();
  return [...turns.map((r) => r.text), ...convs.flatMap((r) => [r.customer_id, r.meta_json]), ...findings.flatMap((r) => [r.text, r.message, r.suggestion]), ...hooks.map((r) => r.secret)];
}

async function searchIds(store: Store, q: string): Promise<string[]> {
  return (await store.conversations.list(scope, { q }, 'startedAt', 100)).items.map((c) => c.id).sort();
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.name === 'postgres' && reason !== null)(`encryption at rest on ${dialect.name}`, () => {
    let t: TestStore;
    let store: Store;
    const others: Store[] = [];
    let receiver: Server;
    const hits: Array<{ sig: string; body: string }> = [];

    const reopen = async (atRest: AtRestConfig) => {
      const s = await openStore({ location: t.location, ...(t.schema ? { schema: t.schema } : {}), atRest });
      others.push(s);
      return s;
    };

    /** One webhook delivery through the dispatcher; returns the request the receiver got. */
    const deliver = async (s: Store, marker: string) => {
      await s.webhooks.enqueue(s.db, T, 'finding.fatal', [{ conversationId: marker }]);
      await new WebhookDispatcher(s).tick();
      const hit = hits.find((h) => h.body.includes(marker));
      expect(hit, `delivery ${marker}`).toBeDefined();
      return hit!;
    };

    beforeAll(async () => {
      t = await dialect.open({ atRest: { ring: ring1 } });
      store = t.store;
      await importInto(store, T, [withPhone, ordinary]);
      const queue = new InlineQueue(store);
      await startInspection(store, queue, scope, {}, null);
      await queue.idle();
      receiver = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          hits.push({ sig: String(req.headers['x-kefu-signature']), body });
          res.statusCode = 204;
          res.end();
        });
      });
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
      const port = (receiver.address() as { port: number }).port;
      await store.webhooks.create(T, { url: `http://127.0.0.1:${port}/hook`, events: ['finding.fatal'], secret: SECRET }, null);
    });
    afterAll(async () => {
      receiver?.close();
      for (const s of others) await s.close().catch(() => undefined);
      await t?.cleanup();
    });

    it('the database holds envelopes: no clear text, phone number, name, address or webhook secret', async () => {
      const raw = await rawValues(store);
      const dump = JSON.stringify(raw);
      for (const clear of [PHONE, AGENT_PHONE, '订单还没到', '王小明', '建国路', SECRET]) expect(dump).not.toContain(clear);
      const values = raw.filter((v): v is string => v !== null);
      expect(values.length).toBeGreaterThan(10);
      for (const v of values) {
        expect(isEncrypted(v), v).toBe(true);
        expect(envelopeKeyId(v)).toBe('k1');
      }
      // the search column keeps ordinary words and tokens, never the number
      const first = await store.db.selectFrom('turns').select(['search_text']).where('tenant_id', '=', T).where('conversation_id', '=', 'enc-1').where('seq', '=', 0).executeTakeFirstOrThrow();
      expect(first.search_text).toContain('订单还没到');
      expect(first.search_text).toContain(`⟦mobile:${tokenize(PHONE, ring1.tokenKey)}⟧`);
      expect(first.search_text).not.toContain(PHONE);
      const conv = await store.db.selectFrom('conversations').select(['customer_token']).where('tenant_id', '=', T).where('id', '=', 'enc-1').executeTakeFirstOrThrow();
      expect(conv.customer_token).toBe(tokenize(PHONE, ring1.tokenKey));
    });

    it('every read path opens the envelopes: detail, load, lists, findings, export', async () => {
      const got = (await store.conversations.get(scope, 'enc-1'))!;
      expect(got.turns.map((x) => x.text)).toEqual(withPhone.turns.map((x) => x.text));
      expect(got.customerId).toBe(PHONE);
      expect(got.meta).toEqual(withPhone.meta);
      const [loaded] = await store.conversations.load(T, ['enc-1']);
      expect(loaded!.turns[0]!.text).toBe(withPhone.turns[0]!.text);
      const list = await store.conversations.list(scope, {}, 'startedAt');
      expect(list.items.find((c) => c.id === 'enc-1')!.customerId).toBe(PHONE);
      expect((await store.conversations.summaries(scope, ['enc-1']))[0]!.customerId).toBe(PHONE);

      const inspection = (await store.inspections.get(scope, got.latestInspectionId!))!;
      const disclosure = inspection.findings.find((f) => f.ruleId === 'personal-info-disclosure')!;
      expect(disclosure.text).toBe(AGENT_PHONE);
      expect(disclosure.message).toContain(AGENT_PHONE);
      expect(withPhone.turns[disclosure.turn]!.text.slice(disclosure.start, disclosure.end)).toBe(disclosure.text);

      const exported = (await store.privacy.exportConversations(T, ['enc-1'])) as Conversation[];
      expect(exported[0]!.turns[0]!.text).toBe(`我的手机号是${PHONE}，订单还没到`);

      // a review recomputes the score from the stored (encrypted) findings
      const forbidden = inspection.findings.find((f) => f.severity === 'error' && f.ruleId !== 'personal-info-disclosure') ?? disclosure;
      const reviewed = await store.inspections.reviewFinding(scope, forbidden.id, 'reject', '复核：误报', 'qa-1', (id, v) => store.resolve(T, id, v));
      expect(reviewed.findings.find((f) => f.id === forbidden.id)).toMatchObject({ status: 'rejected', text: forbidden.text, message: forbidden.message });
    });

    it('search finds a conversation by phone number in any format and by ordinary words', async () => {
      expect(await searchIds(store, PHONE)).toEqual(['enc-1']);
      expect(await searchIds(store, '138 1234 5678')).toEqual(['enc-1']);
      expect(await searchIds(store, '+86 138-1234-5678')).toEqual(['enc-1']);
      expect(await searchIds(store, AGENT_PHONE)).toEqual(['enc-1']);
      expect(await searchIds(store, '订单还没到')).toEqual(['enc-1']);
      expect(await searchIds(store, '退货')).toEqual(['enc-2']);
      expect(await searchIds(store, '可以帮您')).toEqual(['enc-1', 'enc-2']);
      expect(await store.conversations.countMatching(scope, { q: PHONE })).toBe(1);
      // the data subject by phone (its token) or by customer id
      expect(await store.privacy.findSubjectConversations(T, { phoneToken: tokenize('+86 138 1234 5678', ring1.tokenKey) })).toEqual(['enc-1']);
      expect(await store.privacy.findSubjectConversations(T, { customerId: PHONE })).toEqual(['enc-1']);
      expect(await store.privacy.findSubjectConversations(T, { customerId: 'cust-889' })).toEqual(['enc-2']);
    });

    it('erasure (redact) stores the stars sealed and forgets the customer token', async () => {
      expect(await store.privacy.eraseConversations(T, ['enc-2'], 'redact')).toEqual({ conversations: 1, turns: 1 });
      const turn = await store.db.selectFrom('turns').select(['text', 'search_text']).where('tenant_id', '=', T).where('conversation_id', '=', 'enc-2').where('seq', '=', 0).executeTakeFirstOrThrow();
      expect(envelopeKeyId(turn.text)).toBe('k1');
      expect(turn.search_text).toBe('*'.repeat(ordinary.turns[0]!.text.length));
      const row = await store.db.selectFrom('conversations').select(['customer_id', 'customer_token']).where('tenant_id', '=', T).where('id', '=', 'enc-2').executeTakeFirstOrThrow();
      expect(row).toEqual({ customer_id: null, customer_token: null });
      const after = (await store.conversations.get(scope, 'enc-2'))!;
      expect(after.turns.map((x) => x.text)).toEqual(['*'.repeat(ordinary.turns[0]!.text.length), ordinary.turns[1]!.text]);
      expect(await store.privacy.findSubjectConversations(T, { customerId: 'cust-889' })).toEqual([]);
      expect(await searchIds(store, '尺码不合适')).toEqual([]);
    });

    it('a wrong or missing key fails with an error naming the key', async () => {
      const wrong = await reopen({ ring: keyRingFromJson({ activeKeyId: 'k1', keys: { k1: generateKeyFile().keys.k1! } }) });
      await expect(wrong.conversations.get(scope, 'enc-1')).rejects.toThrow(/key "k1": authentication failed/);
      await expect(wrong.verifyKeys()).rejects.toThrow(/key "k1": authentication failed/);
      const none = await reopen({});
      await expect(none.conversations.get(scope, 'enc-1')).rejects.toThrow(/encrypted with key "k1" but no key is configured/);
      await expect(none.verifyKeys()).rejects.toThrow(/no key is configured/);
      const otherRing = await reopen({ ring: keyRingFromJson(generateKeyFile('k9')) });
      await expect(otherRing.conversations.load(T, ['enc-1'])).rejects.toThrow(/key "k1", which is not in the key ring/);
      await expect(store.verifyKeys()).resolves.toBeUndefined();
    });

    it('webhook deliveries are signed with the decrypted secret; a process without the key claims nothing', async () => {
      const keyless = await reopen({});
      await store.webhooks.enqueue(store.db, T, 'finding.fatal', [{ conversationId: 'sig-waiting' }]);
      await expect(keyless.webhooks.claimDue(10, 60_000)).rejects.toThrow(/no key is configured/);
      const { sig, body } = await deliver(store, 'sig-k1');
      expect(sig).toBe('sha256=' + createHmac('sha256', SECRET).update(body).digest('hex'));
      // not leased away by the failed claim: delivered on the next tick with the key
      expect(hits.some((h) => h.body.includes('sig-waiting'))).toBe(true);
    });

    it('the API answers masked text, searches by phone number, reveals clear text on request; a missing key answers 500 decryption_failed', async () => {
      const app: FastifyInstance = await buildServer({ store, webhooks: false, webDir: false, retention: false });
      const { token: qa } = await store.auth.createToken({ tenantId: T, role: 'qa' });
      const { token: sup } = await store.auth.createToken({ tenantId: T, role: 'supervisor' });
      try {
        const r = await app.inject({ method: 'GET', url: '/conversations/enc-1', headers: { authorization: `Bearer ${qa}` } });
        expect(r.statusCode).toBe(200);
        expect(r.body).not.toContain(PHONE);
        expect(r.body).not.toContain(AGENT_PHONE);
        const body = r.json();
        expect(body.conversation.turns[0].text).toBe('我的手机号是138****5678，订单还没到');
        expect(body.conversation.customerId).toBe('138****5678');
        expect(body.inspection.findings.find((f: { ruleId: string }) => f.ruleId === 'personal-info-disclosure').text).toBe('139****4321');

        const found = await app.inject({ method: 'GET', url: `/conversations?q=${encodeURIComponent('138 1234 5678')}`, headers: { authorization: `Bearer ${qa}` } });
        expect(found.json().items.map((c: { id: string }) => c.id)).toEqual(['enc-1']);

        const revealed = await app.inject({ method: 'POST', url: '/conversations/enc-1/reveal', headers: { authorization: `Bearer ${sup}` }, payload: { reason: '客户来电核实订单' } });
        expect(revealed.statusCode).toBe(200);
        expect(revealed.json().conversation.turns[0].text).toBe(`我的手机号是${PHONE}，订单还没到`);
      } finally {
        await app.close();
      }

      const keyless = await reopen({});
      const broken = await buildServer({ store: keyless, webhooks: false, webDir: false, retention: false });
      try {
        const r = await broken.inject({ method: 'GET', url: '/conversations/enc-1', headers: { authorization: `Bearer ${qa}` } });
        expect(r.statusCode).toBe(500);
        expect(r.json().error.code).toBe('decryption_failed');
        expect(r.json().error.message).toMatch(/key "k1"/);
      } finally {
        await broken.close();
      }
    });

    it("the server's retention job purges expired conversations of a tenant with a retention period, not of another", async () => {
      const old = (id: string): Conversation => ({ id, channel: 'chat', agentId: 'a1', startedAt: '2015-01-01T08:00:00Z', turns: [{ role: 'customer', text: `我的手机号是${PHONE}，发票一直没开` }] });
      await importInto(store, T, [old('old-acme')]);
      await importInto(store, 'other', [old('old-other')]);
      await store.privacy.setRetention(T, 1825);
      const app = await buildServer({ store, webhooks: false, webDir: false, retention: { firstRunMs: 10, intervalMs: 3_600_000 } });
      try {
        const deadline = Date.now() + 10_000;
        while (!(await store.audit.all()).some((e) => e.action === 'retention.purge') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      } finally {
        await app.close();
        await store.privacy.setRetention(T, null);
      }
      const purge = (await store.audit.all()).filter((e) => e.action === 'retention.purge');
      expect(purge).toHaveLength(1);
      expect(purge[0]).toMatchObject({ tenantId: T, actor: { userId: 'system' }, details: { retentionDays: 1825, conversations: 1 } });
      expect(await store.conversations.load(T, ['old-acme', 'enc-1', 'enc-2'])).toHaveLength(2);
      expect(await store.conversations.load('other', ['old-other'])).toHaveLength(1);
    });

    it('rotation re-encrypts every value under the new key in batches, resumably, encrypts old plaintext on request, and is audited', async () => {
      // rows written before encryption was turned on
      const plain = await reopen({});
      await importInto(plain, T, [{ id: 'enc-legacy', channel: 'chat', customerId: LEGACY_PHONE, startedAt: recent, turns: [{ role: 'customer', text: `旧数据：我的电话是${LEGACY_PHONE}，快递到哪了` }] }]);
      expect(JSON.stringify(await rawValues(store))).toContain(LEGACY_PHONE);
      // found by phone number while still in clear, too
      expect(await searchIds(store, LEGACY_PHONE)).toEqual(['enc-legacy']);
      expect(await store.privacy.findSubjectConversations(T, { phoneToken: tokenize(LEGACY_PHONE, ring1.tokenKey), phone: LEGACY_PHONE })).toEqual(['enc-legacy']);

      const rotated = await reopen({ ring: ring2 });
      const stop = new AbortController();
      const first = await rotateStoreKeys(rotated, { batchSize: 1, pauseMs: 0, signal: stop.signal, onProgress: () => stop.abort() });
      expect(first.complete).toBe(false);
      expect(first.remaining.otherKeys).toBeGreaterThan(0);

      const second = await rotateStoreKeys(rotated, { batchSize: 2, pauseMs: 0, encryptPlaintext: true });
      expect(second.complete).toBe(true);
      expect(second.remaining).toEqual({ otherKeys: 0, plaintext: 0 });
      expect(second.sources.map((s) => s.source)).toEqual(['turns', 'findings', 'conversations', 'webhooks']);
      expect(second.sources.flatMap((s) => s.failed)).toEqual([]);
      expect(second.sources.reduce((n, s) => n + s.encryptedPlaintext, 0)).toBe(2); // the legacy turn and customer id

      const raw = await rawValues(rotated);
      expect(JSON.stringify(raw)).not.toContain(LEGACY_PHONE);
      for (const v of raw.filter((x): x is string => x !== null)) expect(envelopeKeyId(v), v).toBe('k2');
      // encrypting the clear values also replaced their search form and set the customer token
      const legacyTurn = await rotated.db.selectFrom('turns').select('search_text').where('tenant_id', '=', T).where('conversation_id', '=', 'enc-legacy').executeTakeFirstOrThrow();
      expect(legacyTurn.search_text).toBe(`旧数据：我的电话是⟦mobile:${tokenize(LEGACY_PHONE, ring2.tokenKey)}⟧，快递到哪了`);
      const legacyRow = await rotated.db.selectFrom('conversations').select('customer_token').where('tenant_id', '=', T).where('id', '=', 'enc-legacy').executeTakeFirstOrThrow();
      expect(legacyRow.customer_token).toBe(tokenize(LEGACY_PHONE, ring2.tokenKey));

      // still opens, searches and signs under the new key; the old key alone no longer suffices
      expect((await rotated.conversations.get(scope, 'enc-1'))!.turns[3]!.text).toBe(withPhone.turns[3]!.text);
      expect((await rotated.conversations.get(scope, 'enc-legacy'))!.customerId).toBe(LEGACY_PHONE);
      expect(await searchIds(rotated, PHONE)).toEqual(['enc-1']);
      expect(await searchIds(rotated, LEGACY_PHONE)).toEqual(['enc-legacy']);
      expect(await rotated.privacy.findSubjectConversations(T, { customerId: LEGACY_PHONE })).toEqual(['enc-legacy']);
      const { sig, body } = await deliver(rotated, 'sig-k2');
      expect(sig).toBe('sha256=' + createHmac('sha256', SECRET).update(body).digest('hex'));
      await expect(rotated.verifyKeys()).resolves.toBeUndefined();
      await expect(store.verifyKeys()).rejects.toThrow(/key "k2", which is not in the key ring/);

      const audit = await rotated.audit.all();
      const runs = audit.filter((e) => e.action === 'keys.rotate');
      expect(runs).toHaveLength(2);
      expect(runs[1]).toMatchObject({ target: { type: 'key', id: 'k2' }, details: { complete: true, remaining: { otherKeys: 0, plaintext: 0 } } });
      expect(JSON.stringify(runs)).not.toContain(LEGACY_PHONE);
      expect(verifyChain(audit).ok).toBe(true);

      // a rerun finds nothing to do
      const third = await rotateStoreKeys(rotated, { pauseMs: 0 });
      expect(third.sources.reduce((n, s) => n + s.scanned, 0)).toBe(0);
    });
  });
}
