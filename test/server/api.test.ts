/**
 * The HTTP API with app.inject(): contract shapes, the review / appeal workflow, rule sets, and
 * every bad-input case (malformed JSON, wrong types, oversized bodies and records, unknown rule
 * ids, concurrent imports of the same ids).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConversations } from '../store/fixtures.js';
import { testApp, type TestApp } from './helpers.js';

const jsonl = (convs: readonly unknown[], extra: string[] = []) => [...convs.map((c) => JSON.stringify(c)), ...extra].join('\n') + '\n';

describe('HTTP API', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let qa: Record<string, string>;
  let sup: Record<string, string>;
  let agentA1: Record<string, string>;
  let agentA2: Record<string, string>;
  let lead: Record<string, string>;
  let otherTenant: Record<string, string>;

  beforeAll(async () => {
    t = await testApp({ limits: { bodyBytes: 64 * 1024, importBytes: 2 * 1024 * 1024, recordBytes: 4 * 1024 } });
    admin = await t.token('admin');
    qa = await t.token('qa');
    sup = await t.token('supervisor');
    agentA1 = await t.token('agent', { agentId: 'a1' });
    agentA2 = await t.token('agent', { agentId: 'a2' });
    lead = await t.token('team_lead', { teamId: 't2' });
    otherTenant = await t.token('admin', { tenantId: 'globex' });
  });
  afterAll(async () => t?.close());

  const inject = (method: string, url: string, headers: Record<string, string>, payload?: unknown, extraHeaders: Record<string, string> = {}) =>
    t.app.inject({ method: method as 'GET', url, headers: { ...headers, ...extraHeaders }, ...(payload === undefined ? {} : { payload: payload as string }) });

  it('health and the OpenAPI document are public; everything else needs a token', async () => {
    const h = await t.app.inject({ method: 'GET', url: '/health' });
    expect(h.json()).toEqual({ ok: true, store: 'sqlite', queue: 'inline' });
    const docs = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(docs.statusCode).toBe(200);
    const paths = Object.keys(docs.json().paths);
    for (const p of ['/imports', '/conversations/{id}', '/review-queue', '/findings/{id}/review', '/appeals/{id}/final', '/rule-sets/{id}/dry-run', '/stats/overview', '/webhooks']) expect(paths).toContain(p);
    const r = await t.app.inject({ method: 'GET', url: '/conversations' });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('unauthenticated');
    const bad = await inject('GET', '/conversations', { authorization: 'Bearer kefu_nope' });
    expect(bad.statusCode).toBe(401);
  });

  it('imports JSONL: 202 with accepted / rejected (record, line, field), then inline inspection', async () => {
    const body = jsonl(makeConversations(30, 'h'), ['{"id":"x1","channel":"chat","turns":[{"role":"agent","text":5}]}', '{oops']);
    const r = await inject('POST', '/imports?format=jsonl', admin, body, { 'content-type': 'application/x-ndjson' });
    expect(r.statusCode).toBe(202);
    const { import: imp, errors, job } = r.json();
    expect(imp).toMatchObject({ status: 'done', accepted: 30, rejected: 2, duplicates: 0, format: 'jsonl' });
    expect(errors[0]).toMatchObject({ line: 31, conversationId: 'x1', field: 'turns[0].text' });
    expect(errors[1]).toMatchObject({ line: 32 });
    expect(job).toMatchObject({ kind: 'inspect', total: 30 });
    await t.app.kefu.queue.idle();
    const j = await inject('GET', `/jobs/${job.id}`, admin);
    expect(j.json().job).toMatchObject({ status: 'done', done: 30, total: 30 });
    const g = await inject('GET', `/imports/${imp.id}`, admin);
    expect(g.json().import).toMatchObject({ inspected: 30 });
    expect(g.json().errors).toHaveLength(2);
    const list = await inject('GET', '/imports', admin);
    expect(list.json()).toMatchObject({ total: 1, nextCursor: null });
  });

  it('imports CSV via multipart and the same ids again as duplicates', async () => {
    const csv = 'conversation_id,role,text,agent_id\nm1,customer,你好,a1\nm1,agent,您好，很高兴为您服务,a1\n';
    const boundary = '----kefu';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="../../etc/chats.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
    const r = await inject('POST', '/imports?inspect=false', admin, payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(r.statusCode).toBe(202);
    expect(r.json().import).toMatchObject({ accepted: 1, format: 'csv', fileName: 'chats.csv' });
    const again = await inject('POST', '/imports?inspect=false', admin, payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(again.json().import).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it('concurrent imports of the same ids: no duplicates', async () => {
    const body = jsonl(makeConversations(150, 'cc'));
    const rs = await Promise.all([1, 2, 3].map(() => inject('POST', '/imports?format=jsonl&inspect=false', admin, body, { 'content-type': 'application/x-ndjson' })));
    const accepted = rs.map((r) => r.json().import.accepted as number);
    expect(accepted.reduce((a, b) => a + b, 0)).toBe(150);
    const n = await t.t.store.db.selectFrom('conversations').select((eb) => eb.fn.countAll<number>().as('n')).where('id', 'like', 'cc-%').executeTakeFirst();
    expect(Number(n!.n)).toBe(150);
    const turns = await t.t.store.db.selectFrom('turns').select((eb) => eb.fn.countAll<number>().as('n')).where('conversation_id', 'like', 'cc-%').executeTakeFirst();
    expect(Number(turns!.n)).toBe(600);
  });

  it('bad input: malformed JSON, wrong types, oversized body / upload / record, unknown format', async () => {
    const malformed = await inject('POST', '/rule-sets', qa, '{"name": "x", "config": {', { 'content-type': 'application/json' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('malformed_json');
    expect(malformed.json().error.message).toMatch(/JSON/);
    const wrongType = await inject('POST', '/rule-sets', qa, { name: 42, config: {} });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error).toMatchObject({ code: 'validation' });
    expect(wrongType.json().error.message).toMatch(/name/);
    const extra = await inject('POST', '/findings/x/review', qa, { decision: 'maybe' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.message).toMatch(/decision/);
    const big = await inject('POST', '/rule-sets', qa, { name: 'x'.repeat(70 * 1024), config: {} });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.message).toMatch(/65536-byte limit/);
    const huge = await inject('POST', '/imports?format=jsonl', admin, 'x'.repeat(3 * 1024 * 1024), { 'content-type': 'application/x-ndjson' });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.message).toMatch(/import limit/);
    const record = { id: 'huge-record', channel: 'chat', turns: [{ role: 'agent', text: '您好'.repeat(3000) }] };
    const rec = await inject('POST', '/imports?format=jsonl&inspect=false', admin, jsonl([record, ...makeConversations(1, 'after-huge')]), { 'content-type': 'application/x-ndjson' });
    expect(rec.statusCode).toBe(202);
    expect(rec.json().import).toMatchObject({ accepted: 1, rejected: 1 });
    expect(rec.json().errors[0]).toMatchObject({ line: 1 });
    expect(rec.json().errors[0].reason).toMatch(/4096-byte record limit/);
    const noFormat = await inject('POST', '/imports', admin, 'abc', { 'content-type': 'application/octet-stream' });
    expect(noFormat.statusCode).toBe(400);
    expect(noFormat.json().error.message).toMatch(/format/);
    const badQuery = await inject('GET', '/conversations?minScore=abc', admin);
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().error.message).toMatch(/minScore/);
  });

  it('permissions and data scope: 403 for missing permissions, 404 across scopes and tenants', async () => {
    expect((await inject('POST', '/imports?format=jsonl', agentA1, '{}', { 'content-type': 'application/x-ndjson' })).statusCode).toBe(403);
    expect((await inject('POST', '/rule-sets/default/publish', qa)).statusCode).toBe(403);
    expect((await inject('GET', '/stats/overview', agentA1)).statusCode).toBe(403);
    const own = await inject('GET', '/conversations?limit=500', agentA1);
    expect(own.json().total).toBeGreaterThan(0);
    expect(own.json().items.every((c: { agentId: string }) => c.agentId === 'a1')).toBe(true);
    expect((await inject('GET', '/conversations/h-00001', agentA1)).statusCode).toBe(404); // a2's
    expect((await inject('GET', '/conversations/h-00000', agentA1)).statusCode).toBe(200);
    const team = await inject('GET', '/conversations?limit=500', lead);
    expect(team.json().items.every((c: { teamId: string }) => c.teamId === 't2')).toBe(true);
    expect((await inject('GET', '/conversations/h-00000', otherTenant)).statusCode).toBe(404);
    expect((await inject('GET', '/conversations', otherTenant)).json().total).toBe(0);
  });

  it('review queue, review with score recomputed, appeal, decision, 终审, 409 afterwards, history', async () => {
    const worst = await inject('GET', '/review-queue?mode=worst&limit=5', qa);
    expect(worst.statusCode).toBe(200);
    const items = worst.json().items as Array<{ id: string; score: number; agentId: string }>;
    expect(items.length).toBe(5);
    for (let i = 1; i < items.length; i++) expect(items[i]!.score).toBeGreaterThanOrEqual(items[i - 1]!.score);
    const fatal = await inject('GET', '/review-queue?mode=fatal&limit=5', qa);
    expect(fatal.statusCode).toBe(200);
    const sample = await inject('GET', '/review-queue?mode=sample&percent=20&seed=s1&limit=100', qa);
    const sample2 = await inject('GET', '/review-queue?mode=sample&percent=20&seed=s1&limit=100', qa);
    expect(sample.json().items.map((s: { id: string }) => s.id)).toEqual(sample2.json().items.map((s: { id: string }) => s.id));
    const perAgent = new Map<string, number>();
    for (const s of sample.json().items as Array<{ agentId: string }>) perAgent.set(s.agentId, (perAgent.get(s.agentId) ?? 0) + 1);
    expect([...perAgent.keys()].sort()).toEqual(['a1', 'a2', 'a3']);

    const target = items.find((i) => i.agentId === 'a1')!;
    const detail = await inject('GET', `/conversations/${target.id}`, qa);
    expect(detail.statusCode).toBe(200);
    const { conversation, inspection } = detail.json();
    expect(conversation.turns.length).toBe(4);
    expect(inspection).toMatchObject({ ruleSetId: 'default', ruleSetVersion: 1 });
    const [f1, f2] = inspection.findings;
    const confirmed = await inject('POST', `/findings/${f1.id}/review`, qa, { decision: 'confirm', comment: '属实' });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().inspection.findings[0]).toMatchObject({ status: 'confirmed', reviewComment: '属实' });
    const manual = await inject('POST', `/inspections/${inspection.id}/manual-items`, qa, { dimensionId: inspection.dimensions[0].id, points: 5, reason: '主动致歉' });
    expect(manual.json().inspection.manualItems).toHaveLength(1);
    const unknownDim = await inject('POST', `/inspections/${inspection.id}/manual-items`, qa, { dimensionId: 'nope', points: 5, reason: 'x' });
    expect(unknownDim.statusCode).toBe(400);
    const done = await inject('POST', `/inspections/${inspection.id}/complete-review`, qa);
    expect(done.json().inspection.reviewStatus).toBe('reviewed');

    // the agent appeals; another agent cannot
    expect((await inject('POST', `/findings/${f1.id}/appeals`, agentA2, { reason: 'x' })).statusCode).toBe(404);
    const ap = await inject('POST', `/findings/${f1.id}/appeals`, agentA1, { reason: '客户要求我这样说' });
    expect(ap.statusCode).toBe(201);
    const appeal = ap.json().appeal;
    expect(appeal).toMatchObject({ status: 'open', findingId: f1.id, agentId: 'a1' });
    expect((await inject('POST', `/appeals/${appeal.id}/decision`, agentA1, { decision: 'accept', comment: 'x' })).statusCode).toBe(403);
    const before = (await inject('GET', `/conversations/${target.id}`, qa)).json().inspection.score;
    const dec = await inject('POST', `/appeals/${appeal.id}/decision`, qa, { decision: 'accept', comment: '申诉成立' });
    expect(dec.json().appeal.status).toBe('accepted');
    const mid = (await inject('GET', `/conversations/${target.id}`, qa)).json().inspection;
    expect(mid.findings[0].status).toBe('rejected');
    expect(mid.score).toBeGreaterThanOrEqual(before);
    expect((await inject('POST', `/appeals/${appeal.id}/final`, qa, { decision: 'accept', comment: 'x' })).statusCode).toBe(403);
    const fin = await inject('POST', `/appeals/${appeal.id}/final`, sup, { decision: 'accept', comment: '终审：申诉成立' });
    expect(fin.statusCode).toBe(200);
    expect(fin.json().appeal.status).toBe('final_accepted');
    // closed for good
    expect((await inject('POST', `/appeals/${appeal.id}/final`, sup, { decision: 'reject', comment: 'x' })).statusCode).toBe(409);
    expect((await inject('POST', `/findings/${f1.id}/review`, qa, { decision: 'confirm' })).statusCode).toBe(409);
    if (f2) expect((await inject('POST', `/findings/${f2.id}/review`, qa, { decision: 'confirm' })).statusCode).toBe(409);
    const conflict = await inject('POST', `/inspections/${inspection.id}/manual-items`, qa, { dimensionId: inspection.dimensions[0].id, points: 1, reason: 'x' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.message).toMatch(/终审/);

    const final = (await inject('GET', `/conversations/${target.id}`, agentA1)).json();
    expect(final.inspection.reviewStatus).toBe('closed');
    expect(final.appeals[0].decisions.map((d: { stage: string }) => d.stage)).toEqual(['review', 'final']);
    expect(final.reviews.map((r: { kind: string }) => r.kind)).toEqual(['finding', 'manual_item', 'complete']);
    const actions = final.history.map((h: { action: string }) => h.action);
    expect(actions).toEqual(['finding.review', 'inspection.manual_item', 'inspection.complete_review', 'appeal.create', 'appeal.decide', 'appeal.final']);
    for (const h of final.history) expect(h).toHaveProperty('at');
    expect(final.history[5].actor.role).toBe('supervisor');
    const appeals = await inject('GET', '/appeals?status=final', agentA1);
    expect(appeals.json().items.map((a: { id: string }) => a.id)).toEqual([appeal.id]);
    expect((await inject('GET', '/appeals?status=final', agentA2)).json().total).toBe(0);
  });

  it('rule sets: unknown rule id → 400 naming it; validate, dry-run against published, publish, inspect with it', async () => {
    const unknown = await inject('POST', '/rule-sets', qa, { name: '新标准', config: { extends: 'kefu:recommended', rules: { 'no-such-rule': 'error' } } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain("unknown rule 'no-such-rule'");
    expect(unknown.json().error.details).toEqual({ unknownRule: 'no-such-rule' });
    const pathExtends = await inject('POST', '/rule-sets', qa, { name: 'x', config: { extends: '../../etc/passwd' } });
    expect(pathExtends.statusCode).toBe(400);
    const created = await inject('POST', '/rule-sets', qa, { name: '宽松版', config: { extends: 'kefu:recommended', rules: { 'forbidden-phrase': 'off' } } });
    expect(created.statusCode).toBe(201);
    const rs = created.json().ruleSet;
    expect(rs).toMatchObject({ version: 1, status: 'draft' });
    expect((await inject('POST', `/rule-sets/${rs.id}/validate`, qa)).json()).toEqual({ valid: true, errors: [] });
    const dry = await inject('POST', `/rule-sets/${rs.id}/dry-run`, qa, { limit: 100 });
    expect(dry.statusCode).toBe(200);
    const d = dry.json();
    expect(d.compared).toBeGreaterThan(0);
    expect(d.findingsAfter).toBeLessThan(d.findingsBefore);
    expect(d.changedScores).toBeGreaterThan(0);
    expect(d.byRule.find((x: { ruleId: string }) => x.ruleId === 'forbidden-phrase')).toMatchObject({ after: 0 });
    const pub = await inject('POST', `/rule-sets/${rs.id}/publish`, admin);
    expect(pub.json().ruleSet).toMatchObject({ status: 'published', version: 1 });
    const edit = await inject('PUT', `/rule-sets/${rs.id}`, qa, { config: { extends: 'kefu:recommended' } });
    expect(edit.json().ruleSet).toMatchObject({ version: 2, status: 'draft' });
    const got = await inject('GET', `/rule-sets/${rs.id}`, qa);
    expect(got.json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const run = await inject('POST', '/inspections', qa, { conversationIds: ['h-00000', 'h-00003', 'missing'] });
    expect(run.statusCode).toBe(202);
    expect(run.json().job).toMatchObject({ total: 2, ruleSetId: rs.id, ruleSetVersion: 1 });
    await t.app.kefu.queue.idle();
    const conv = (await inject('GET', '/conversations/h-00003', qa)).json();
    expect(conv.inspection).toMatchObject({ ruleSetId: rs.id, ruleSetVersion: 1 });
    expect(conv.inspection.findings.some((f: { ruleId: string }) => f.ruleId === 'forbidden-phrase')).toBe(false);
    const list = await inject('GET', `/conversations?ruleSetId=${rs.id}`, qa);
    expect(list.json().total).toBe(2);
  });

  it('stats overview and filters', async () => {
    const s = await inject('GET', '/stats/overview', qa);
    expect(s.statusCode).toBe(200);
    const o = s.json();
    expect(o.inspected).toBeGreaterThan(0);
    expect(o.scoreHistogram).toHaveLength(10);
    expect(o.trend.length).toBeGreaterThan(0);
    expect(o.topRules[0]).toHaveProperty('description');
    expect(o.agents.map((a: { agentId: string }) => a.agentId)).toEqual(expect.arrayContaining(['a1', 'a2', 'a3']));
    const filtered = await inject('GET', '/conversations?agentId=a2&sort=-score&hasFatal=false&limit=2', qa);
    const page = filtered.json();
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBeTypeOf('string');
    const next = await inject('GET', `/conversations?agentId=a2&sort=-score&hasFatal=false&limit=2&cursor=${page.nextCursor}`, qa);
    expect(next.json().items[0].id).not.toBe(page.items[0].id);
    const byRule = await inject('GET', '/conversations?ruleId=forbidden-phrase', qa);
    expect(byRule.json().total).toBeGreaterThan(0);
  });

  it('webhooks CRUD', async () => {
    const bad = await inject('POST', '/webhooks', admin, { url: 'ftp://x', events: ['finding.fatal'], secret: 'sixteen-chars-long!' });
    expect(bad.statusCode).toBe(400);
    const badEvent = await inject('POST', '/webhooks', admin, { url: 'https://example.invalid/h', events: ['nope'], secret: 'sixteen-chars-long!' });
    expect(badEvent.statusCode).toBe(400);
    const c = await inject('POST', '/webhooks', admin, { url: 'https://example.invalid/h', events: ['finding.fatal', 'sla.breach'], secret: 'sixteen-chars-long!' });
    expect(c.statusCode).toBe(201);
    expect(c.json().webhook).not.toHaveProperty('secret');
    expect((await inject('GET', '/webhooks', admin)).json().total).toBe(1);
    expect((await inject('GET', '/webhooks', qa)).statusCode).toBe(403);
    expect((await inject('DELETE', `/webhooks/${c.json().webhook.id}`, admin)).statusCode).toBe(200);
    expect((await inject('DELETE', `/webhooks/${c.json().webhook.id}`, admin)).statusCode).toBe(404);
  });

  it('meta: rules and presets', async () => {
    const rules = (await inject('GET', '/meta/rules', qa)).json().items;
    expect(rules.length).toBeGreaterThan(10);
    expect(rules[0]).toHaveProperty('categoryName');
    const presets = (await inject('GET', '/meta/presets', qa)).json().items;
    expect(presets.map((p: { name: string }) => p.name)).toContain('kefu:recommended');
  });

  it('unknown routes answer the JSON error shape', async () => {
    const r = await inject('GET', '/nope', admin);
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('not_found');
  });
});
