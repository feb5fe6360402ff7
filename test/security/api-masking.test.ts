/**
 * PII masking through the real server: GET /conversations/:id answers masked text for every role;
 * the clear text only comes from POST /conversations/:id/reveal, which writes a pii.reveal audit entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../server/helpers.js';

const MOBILE = '13812345678';
const ID_NUMBER = '11010519491231002X'; // valid check digit

describe('PII masking in API responses', () => {
  let t: TestApp;
  let qa: Record<string, string>;
  let sup: Record<string, string>;

  beforeAll(async () => {
    t = await testApp();
    qa = await t.token('qa');
    sup = await t.token('supervisor');
    const conv = {
      id: 'pii-1',
      channel: 'chat',
      agentId: 'a1',
      customerId: MOBILE,
      turns: [
        { role: 'customer', text: `我的手机号是${MOBILE}，身份证号${ID_NUMBER}，请帮我查一下订单` },
        { role: 'agent', text: '好的，请稍等' },
      ],
    };
    const r = await t.app.inject({ method: 'POST', url: '/imports?format=jsonl', headers: { ...qa, 'content-type': 'application/x-ndjson' }, payload: JSON.stringify(conv) + '\n' });
    expect(r.statusCode).toBe(202);
    expect(r.json().import.accepted).toBe(1);
    await t.app.kefu.queue.idle();
  });
  afterAll(async () => t?.close());

  it('GET /conversations/:id masks mobile and ID numbers (qa token)', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/conversations/pii-1', headers: qa });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    const text: string = body.conversation.turns[0].text;
    expect(r.body).not.toContain(MOBILE);
    expect(r.body).not.toContain(ID_NUMBER);
    expect(text).toContain('138****5678');
    expect(text).toContain('*'.repeat(8));
    expect(text.length).toBe(`我的手机号是${MOBILE}，身份证号${ID_NUMBER}，请帮我查一下订单`.length); // length-preserving
    expect(body.conversation.customerId).toBe('138****5678');
    for (const f of body.inspection?.findings ?? []) {
      expect(f.text).not.toContain(MOBILE);
      expect(f.text).not.toContain(ID_NUMBER);
    }
  });

  it('list rows (GET /conversations, /review-queue) mask a customer id that is a phone number', async () => {
    for (const url of ['/conversations', '/review-queue', '/review-queue?mode=sample&percent=100']) {
      const r = await t.app.inject({ method: 'GET', url, headers: qa });
      expect(r.statusCode, url).toBe(200);
      expect(r.body, url).not.toContain(MOBILE);
      const row = r.json().items.find((c: { id: string }) => c.id === 'pii-1');
      if (url === '/conversations') expect(row).toBeDefined();
      if (row) expect(row.customerId).toBe('138****5678');
    }
  });

  it('masks for a role that may reveal too: clear text is never in the plain read', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/conversations/pii-1', headers: sup });
    expect(r.statusCode).toBe(200);
    expect(r.body).not.toContain(MOBILE);
    expect(r.body).not.toContain(ID_NUMBER);
  });

  it('the reveal route needs pii:reveal, returns clear text and writes a pii.reveal audit entry', async () => {
    const post = (headers: Record<string, string>, payload: unknown) =>
      t.app.inject({ method: 'POST', url: '/conversations/pii-1/reveal', headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
    expect((await post(qa, { reason: '复核' })).statusCode).toBe(403);
    const before = (await t.t.store.audit.all()).filter((e) => e.action === 'pii.reveal');
    expect(before).toHaveLength(0);
    const r = await post(sup, { reason: '客户投诉复核 T-7' });
    expect(r.statusCode).toBe(200);
    const text: string = r.json().conversation.turns[0].text;
    expect(text).toContain(MOBILE);
    expect(text).toContain(ID_NUMBER);
    const reveals = (await t.t.store.audit.all()).filter((e) => e.action === 'pii.reveal');
    expect(reveals).toHaveLength(1);
    expect(reveals[0]).toMatchObject({ tenantId: 'acme', target: { type: 'conversation', id: 'pii-1' }, details: { reason: '客户投诉复核 T-7' }, actor: { role: 'supervisor' } });
    expect((reveals[0]!.details as { kinds: string[] }).kinds).toEqual(expect.arrayContaining(['id_card', 'mobile']));
    expect(JSON.stringify(reveals)).not.toContain(MOBILE);
    expect(r.json().audit.seq).toBe(reveals[0]!.seq);
  });

  it('reveal stays in the tenant: another tenant gets 404', async () => {
    const other = await t.token('manager', { tenantId: 'globex' });
    const r = await t.app.inject({ method: 'POST', url: '/conversations/pii-1/reveal', headers: { ...other, 'content-type': 'application/json' }, payload: JSON.stringify({ reason: 'look' }) });
    expect(r.statusCode).toBe(404);
  });
});
