/**
 * Bad input through the real routes (buildServer over SQLite): SQL and HTML injection in imported
 * text and review comments are stored verbatim and answered as escaped JSON; oversize → 413,
 * malformed JSON → 400, path traversal in upload names is stripped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../server/helpers.js';

const SQLI = `Robert'); DROP TABLE conversations;-- " OR 1=1 -- ' OR ''='`;
const XSS = `<script>alert("x")</script><img src=x onerror=alert(1)>&amp;`;
const AGENT_TEXT = `这个我不知道，你自己去问快递 ${XSS}`;
const CUSTOMER_TEXT = `你好 ${SQLI}`;

describe('bad input through the real routes', () => {
  let t: TestApp;
  let qa: Record<string, string>;
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    t = await testApp({ limits: { bodyBytes: 16 * 1024, importBytes: 64 * 1024, recordBytes: 8 * 1024 } });
    qa = await t.token('qa');
  });
  afterAll(async () => t?.close());

  const importJsonl = (convs: unknown[], query = '') =>
    t.app.inject({ method: 'POST', url: `/imports?format=jsonl${query}`, headers: { ...qa, 'content-type': 'application/x-ndjson' }, payload: convs.map((c) => JSON.stringify(c)).join('\n') + '\n' });

  it('SQL / HTML injection in imported text is stored verbatim and returned as escaped JSON', async () => {
    const r = await importJsonl([{ id: 'inj-1', channel: 'chat', agentId: 'a1', customerId: SQLI, meta: { note: XSS }, turns: [{ role: 'customer', text: CUSTOMER_TEXT }, { role: 'agent', text: AGENT_TEXT }] }]);
    expect(r.statusCode).toBe(202);
    expect(r.json().import.accepted).toBe(1);
    await t.app.kefu.queue.idle();

    const g = await t.app.inject({ method: 'GET', url: '/conversations/inj-1', headers: qa });
    expect(g.statusCode).toBe(200);
    expect(g.headers['content-type']).toMatch(/^application\/json/);
    expect(g.headers['x-content-type-options']).toBe('nosniff');
    const conv = g.json().conversation;
    expect(conv.turns[0].text).toBe(CUSTOMER_TEXT);
    expect(conv.turns[1].text).toBe(AGENT_TEXT);
    expect(conv.customerId).toBe(SQLI);
    expect(conv.meta.note).toBe(XSS);
    // the raw bytes carry no markup: < > & are \u-escaped inside the JSON strings
    expect(g.body).not.toMatch(/[<>]/);
    expect(g.body).toContain('\\u003cscript\\u003e');
    // the tables are still there
    const list = await t.app.inject({ method: 'GET', url: '/conversations', headers: qa });
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBe(1);
  });

  it('injection strings as search / filter parameters are data, not SQL', async () => {
    for (const q of [`' OR '1'='1`, `'; DROP TABLE conversations;--`, `"); SELECT * FROM users;--`, '%', '_']) {
      const r = await t.app.inject({ method: 'GET', url: `/conversations?q=${encodeURIComponent(q)}`, headers: qa });
      expect(r.statusCode, q).toBe(200);
      expect(r.json().total, q).toBe(0);
    }
    const hit = await t.app.inject({ method: 'GET', url: `/conversations?q=${encodeURIComponent('DROP TABLE')}`, headers: qa });
    expect(hit.json().total).toBe(1);
    const byAgent = await t.app.inject({ method: 'GET', url: `/conversations?agentId=${encodeURIComponent(`a1' OR '1'='1`)}`, headers: qa });
    expect(byAgent.statusCode).toBe(200);
    expect(byAgent.json().total).toBe(0);
    const missing = await t.app.inject({ method: 'GET', url: `/conversations/${encodeURIComponent(`x' OR '1'='1`)}`, headers: qa });
    expect(missing.statusCode).toBe(404);
  });

  it('SQL / HTML injection in a review comment is stored verbatim and escaped on the way out', async () => {
    const conv = (await t.app.inject({ method: 'GET', url: '/conversations/inj-1', headers: qa })).json();
    const finding = conv.inspection?.findings?.[0];
    expect(finding).toBeDefined();
    const comment = `${SQLI} ${XSS}`;
    const r = await t.app.inject({ method: 'POST', url: `/findings/${finding.id}/review`, headers: { ...qa, ...json }, payload: JSON.stringify({ decision: 'confirm', comment }) });
    expect(r.statusCode).toBe(200);
    expect(r.body).not.toMatch(/[<>]/);
    const reviewed = r.json().inspection.findings.find((f: { id: string }) => f.id === finding.id);
    expect(reviewed).toMatchObject({ status: 'confirmed', reviewComment: comment });
    const again = (await t.app.inject({ method: 'GET', url: '/conversations/inj-1', headers: qa })).json();
    expect(again.inspection.findings.find((f: { id: string }) => f.id === finding.id).reviewComment).toBe(comment);
    const audited = again.history.find((h: { action: string }) => h.action === 'finding.review');
    expect(audited.details.comment).toBe(comment);
  });

  it('oversize bodies answer 413, never 500', async () => {
    const big = await t.app.inject({ method: 'POST', url: '/findings/x/review', headers: { ...qa, ...json }, payload: JSON.stringify({ decision: 'confirm', comment: 'x'.repeat(20 * 1024) }) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('body_too_large');
    const upload = await t.app.inject({ method: 'POST', url: '/imports?format=jsonl', headers: { ...qa, 'content-type': 'application/x-ndjson' }, payload: 'x'.repeat(70 * 1024) });
    expect(upload.statusCode).toBe(413);
    expect(upload.json().error.code).toBe('body_too_large');
  });

  it('malformed JSON answers 400 malformed_json on every JSON route', async () => {
    for (const url of ['/findings/x/review', '/conversations/inj-1/reveal', '/inspections', '/appeals/x/decision']) {
      const r = await t.app.inject({ method: 'POST', url, headers: { ...(await t.token('admin')), ...json }, payload: '{"decision": "confirm", ' });
      expect(r.statusCode, url).toBe(400);
      expect(r.json().error.code, url).toBe('malformed_json');
    }
    const empty = await t.app.inject({ method: 'POST', url: '/findings/x/review', headers: { ...qa, ...json }, payload: '' });
    expect(empty.statusCode).toBe(400);
  });

  it('upload names with ../ (either slash) or markup are reduced to a safe base name', async () => {
    const boundary = '----kefu-bad';
    const multipart = (filename: string, body: string) => `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/x-ndjson\r\n\r\n${body}\r\n--${boundary}--\r\n`;
    const line = (id: string) => JSON.stringify({ id, channel: 'chat', turns: [{ role: 'customer', text: '你好' }] }) + '\n';
    const cases: Array<[string, string]> = [
      ['../../etc/passwd.jsonl', 'passwd.jsonl'],
      ['..\\..\\windows\\system32\\evil.jsonl', 'evil.jsonl'],
      ['<script>x</script>.jsonl', 'script.jsonl'],
    ];
    let n = 0;
    for (const [name, expected] of cases) {
      const r = await t.app.inject({ method: 'POST', url: '/imports?inspect=false', headers: { ...qa, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: multipart(name, line(`up-${n++}`)) });
      expect(r.statusCode, name).toBe(202);
      expect(r.json().import.fileName, name).toBe(expected);
    }
    const q = await t.app.inject({ method: 'POST', url: `/imports?format=jsonl&inspect=false&fileName=${encodeURIComponent('../../../tmp/x.jsonl')}`, headers: { ...qa, 'content-type': 'application/x-ndjson' }, payload: line('up-q') });
    expect(q.statusCode).toBe(202);
    expect(q.json().import.fileName).toBe('x.jsonl');
    const onlyDots = await t.app.inject({ method: 'POST', url: `/imports?format=jsonl&inspect=false&fileName=${encodeURIComponent('../..')}`, headers: { ...qa, 'content-type': 'application/x-ndjson' }, payload: line('up-d') });
    expect(onlyDots.json().import.fileName).toBe('upload.jsonl');
  });
});
