import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { assistRoutes } from '../../src/assist/http.js';
import { AssistSession } from '../../src/assist/session.js';
import { fullAssistant, T0, turns } from './helpers.js';

let app: FastifyInstance;
let url: string;
const routeConfigs: Array<{ url: string; permission: unknown }> = [];

beforeAll(async () => {
  app = Fastify();
  app.addHook('onRoute', (route) => {
    routeConfigs.push({ url: route.url, permission: (route.config as { permission?: unknown } | undefined)?.permission });
  });
  await app.register(assistRoutes, { assistant: await fullAssistant() });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as { port: number };
  url = `ws://127.0.0.1:${address.port}/assist`;
});

afterAll(async () => {
  await app.close();
});

/** A ws client that collects messages and waits for one matching a predicate. */
async function client() {
  const ws = new WebSocket(url);
  const messages: any[] = [];
  const waiters: Array<{ test: (m: any) => boolean; resolve: (m: any) => void }> = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    messages.push(m);
    for (const w of [...waiters]) if (w.test(m)) waiters.splice(waiters.indexOf(w), 1), w.resolve(m);
  });
  await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
  return {
    ws,
    messages,
    send: (m: unknown) => ws.send(typeof m === 'string' ? m : JSON.stringify(m)),
    next: (test: (m: any) => boolean, ms = 5000) =>
      new Promise<any>((resolve, reject) => {
        const found = messages.find(test);
        if (found) return resolve(found);
        const timer = setTimeout(() => reject(new Error('timed out waiting for a message')), ms);
        waiters.push({ test, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      }),
  };
}

describe('HTTP routes', () => {
  it('every assist route requires assist:use', () => {
    const assist = routeConfigs.filter((r) => r.url.startsWith('/assist'));
    expect([...new Set(assist.map((r) => r.url))].sort()).toEqual(['/assist', '/assist/check', '/assist/suggest']);
    for (const r of assist) expect(r.permission, r.url).toBe('assist:use');
  });

  it('POST /assist/check → problems with replacement and source', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/assist/check',
      payload: { draft: '小意思啦', context: { turns: turns('C 0: 谢谢你'), now: T0 + 5_000 } },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.problems[0]).toMatchObject({ ruleId: 'scenario-customer-thanks', start: 0, end: 3, replacement: { text: '请不必客气。' }, source: { file: '004_753ea7082ac4ddd9.txt' } });
    expect(body.coach).toMatchObject({ level: 'ok' });
  });

  it('POST /assist/suggest → ranked scripts', async () => {
    const res = await app.inject({ method: 'POST', url: '/assist/suggest', payload: { context: { turns: turns('C 0: 谢谢你'), now: T0 + 5_000 } } });
    expect(res.statusCode).toBe(200);
    expect(res.json().suggestions[0]).toMatchObject({ id: 'customer-thanks', say: '请不必客气。' });
  });

  it('validates bodies (400) and presets', async () => {
    expect((await app.inject({ method: 'POST', url: '/assist/check', payload: { context: {} } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/assist/check', payload: { draft: 'x'.repeat(5001) } })).statusCode).toBe(400);
    const res = await app.inject({ method: 'POST', url: '/assist/check', payload: { draft: '好的', context: { preset: 'kefu:nope' } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code ?? res.json().error?.code).toBe('unknown_preset');
  });
});

describe('WebSocket /assist', () => {
  it('round trip: a draft gets hints for its seq', async () => {
    const c = await client();
    c.send({ type: 'draft', agentId: 'a1', seq: 1, draft: '小意思啦', context: { turns: turns('C 0: 谢谢你'), now: T0 + 5_000 } });
    const hints = await c.next((m) => m.type === 'hints' && m.seq === 1);
    expect(hints.agentId).toBe('a1');
    expect(hints.problems[0].ruleId).toBe('scenario-customer-thanks');
    expect(hints.suggestions[0].id).toBe('customer-thanks');
    expect(hints.coach).toHaveProperty('level');
    // The context is sticky per agent: the next keystroke needs only the draft.
    c.send({ type: 'draft', agentId: 'a1', seq: 2, draft: '请不必客气。' });
    const next = await c.next((m) => m.type === 'hints' && m.seq === 2);
    expect(next.problems).toEqual([]);
    c.ws.close();
  });

  it('malformed messages get an error message and the socket stays open', async () => {
    const c = await client();
    c.send('not json');
    expect(await c.next((m) => m.type === 'error' && m.code === 'bad_json')).toBeTruthy();
    c.send({ type: 'draft', agentId: 'a1', seq: 'x', draft: 1 });
    expect(await c.next((m) => m.type === 'error' && m.code === 'bad_message')).toBeTruthy();
    c.send({ type: 'launch' });
    expect(await c.next((m) => m.type === 'error' && /未知的消息类型/.test(m.message))).toBeTruthy();
    c.send({ type: 'draft', agentId: 'a1', seq: 1, draft: '好的', context: { preset: 'kefu:nope' } });
    expect(await c.next((m) => m.type === 'error' && m.code === 'bad_context' && m.seq === 1)).toBeTruthy();
    c.send({ type: 'ping', seq: 9 });
    expect(await c.next((m) => m.type === 'pong' && m.seq === 9)).toBeTruthy();
    c.send({ type: 'draft', agentId: 'a1', seq: 2, draft: '好的', context: {} });
    expect(await c.next((m) => m.type === 'hints' && m.seq === 2)).toBeTruthy();
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    c.ws.close();
  });

  it('a burst of keystrokes: superseded drafts are skipped, the latest of every agent is answered', async () => {
    const c = await client();
    const draft = '您好，请问有什么可以帮您？';
    // One write = one burst: the server reads all frames before answering.
    const frames: string[] = [];
    for (const agent of ['a1', 'a2', 'a3']) {
      for (let i = 1; i <= draft.length; i++) frames.push(JSON.stringify({ type: 'draft', agentId: agent, seq: i, draft: draft.slice(0, i), context: { now: T0 } }));
    }
    for (const f of frames) c.ws.send(f);
    const last = draft.length;
    for (const agent of ['a1', 'a2', 'a3']) await c.next((m) => m.type === 'hints' && m.agentId === agent && m.seq === last);
    await new Promise((r) => setTimeout(r, 50));
    const hints = c.messages.filter((m) => m.type === 'hints');
    expect(hints.length).toBeLessThanOrEqual(frames.length);
    // Per agent, answers come in increasing seq order and never after the latest.
    for (const agent of ['a1', 'a2', 'a3']) {
      const seqs = hints.filter((m) => m.agentId === agent).map((m) => m.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(seqs.at(-1)).toBe(last);
    }
    // An out-of-date seq after a newer one is stale: not answered.
    c.send({ type: 'draft', agentId: 'a1', seq: 3, draft: '您好，' });
    await new Promise((r) => setTimeout(r, 100));
    expect(c.messages.filter((m) => m.type === 'hints' && m.agentId === 'a1' && m.seq === 3).length).toBeLessThanOrEqual(1);
    c.ws.close();
  });
});

describe('AssistSession (no network)', () => {
  it('coalesces a burst synchronously received into one answer per agent', async () => {
    const sent: any[] = [];
    const assistant = await fullAssistant();
    const session = new AssistSession((m) => sent.push(JSON.parse(m)), () => assistant);
    for (let i = 1; i <= 10; i++) session.receive(JSON.stringify({ type: 'draft', agentId: 'x', seq: i, draft: '您好'.slice(0, (i % 2) + 1) }));
    session.receive(JSON.stringify({ type: 'draft', agentId: 'y', seq: 1, draft: '嗯' }));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(sent.map((m) => [m.agentId, m.seq])).toEqual([
      ['x', 10],
      ['y', 1],
    ]);
    expect(session.stats).toMatchObject({ received: 11, answered: 2, superseded: 9, errors: 0 });
  });
});
