import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORMATS, registerInspectCommand, runInspect, type InspectOptions } from '../../src/cli/inspect.js';
import { BUILD_TIMEOUT_MS, ensureDistBuilt, importDist } from '../dist.js';
import { runCommand } from './run-command.js';

const repo = path.resolve(import.meta.dirname, '../..');
const dataDir = path.resolve(repo, '../shared/data');
const hasData = existsSync(dataDir);
if (!hasData) console.warn(`inspect.test: ${dataDir} is absent; the real-data run is skipped`);

function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), 'kefu-cli-'));
}

function capture() {
  const err = new PassThrough();
  let text = '';
  err.on('data', (d: Buffer) => (text += d.toString()));
  return { err, text: () => text };
}

describe('kefu inspect', () => {
  it('writes one JSONL line per conversation with exactly the documented keys', async () => {
    const out = path.join(tmp(), 'r.jsonl');
    const code = await runInspect([path.join(repo, 'examples/ecommerce-chats.jsonl')], { format: 'jsonl', output: out, progress: false });
    expect(code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBe(8);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(['id', 'channel', 'score', 'passed', 'findings', 'notApplicable']);
      for (const f of line.findings) {
        expect(Object.keys(f)).toEqual(['ruleId', 'severity', 'turn', 'start', 'end', 'text', 'message', 'suggestion']);
      }
    }
    const all = lines.flatMap((l) => l.findings);
    const forbidden = all.find((f) => f.ruleId === 'forbidden-phrase');
    expect(forbidden).toBeDefined();
    expect(forbidden.end).toBeGreaterThan(forbidden.start);
  });

  it('reports offsets into the original turn text, Traditional and full-width included', async () => {
    const dir = tmp();
    const file = path.join(dir, 'tw.jsonl');
    const text = '😊這個我們也不知道呢，您再問問別人吧';
    writeFileSync(file, `${JSON.stringify({ id: 'tw-1', channel: 'chat', turns: [{ role: 'customer', text: '請問可以改地址嗎？' }, { role: 'agent', text }] })}\n`);
    const out = path.join(dir, 'r.jsonl');
    await runInspect([file], { format: 'jsonl', output: out, progress: false });
    const [line] = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const f = line.findings.find((x: { ruleId: string }) => x.ruleId === 'forbidden-phrase');
    expect(f.turn).toBe(1);
    expect(text.slice(f.start, f.end)).toBe(f.text);
    expect(f.text).toContain('不知道');
  });

  it('exits 1 under --fail-on error and --min-score, 0 without them', async () => {
    const input = [path.join(repo, 'examples/ecommerce-chats.jsonl')];
    const out = path.join(tmp(), 'r.txt');
    expect(await runInspect(input, { format: 'table', output: out, progress: false })).toBe(0);
    expect(await runInspect(input, { format: 'table', output: out, progress: false, failOn: 'error' })).toBe(1);
    expect(await runInspect(input, { format: 'table', output: out, progress: false, minScore: 101 })).toBe(1);
    const report = readFileSync(out, 'utf8');
    expect(report).toContain('== 汇总 ==');
    expect(report).toContain('分数分布');
  });

  it('names file, line and field for bad input, and goes on with --skip-invalid', async () => {
    const dir = tmp();
    const file = path.join(dir, 'bad.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ id: 'ok-1', channel: 'chat', turns: [{ role: 'agent', text: '您好，请问有什么可以帮您？' }] }),
        JSON.stringify({ id: 'bad-1', channel: 'chat', turns: [{ role: '路人', text: '你好' }] }),
        JSON.stringify({ id: 'ok-2', channel: 'chat', turns: [{ role: 'agent', text: '您好' }] }),
      ].join('\n'),
    );
    const strict = capture();
    expect(await runInspect([file], { format: 'jsonl', output: path.join(dir, 'a'), progress: false }, strict.err)).toBe(2);
    expect(strict.text()).toMatch(/bad\.jsonl, line 2.*turns\[0\]\.role/);

    const lenient = capture();
    const out = path.join(dir, 'b');
    expect(await runInspect([file], { format: 'jsonl', output: out, progress: false, skipInvalid: true }, lenient.err)).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(lenient.text()).toContain('line 2');
  });

  it('fails with exit 2 and the reason on a bad config', async () => {
    const dir = tmp();
    const config = path.join(dir, 'kefu.config.json');
    writeFileSync(config, JSON.stringify({ extends: 'kefu:recommended', rules: { 'no-such-rule': 'error' } }));
    const c = capture();
    expect(await runInspect([path.join(repo, 'examples')], { format: 'jsonl', config, output: path.join(dir, 'o'), progress: false }, c.err)).toBe(2);
    expect(c.text()).toContain("unknown rule 'no-such-rule'");
  });

  it('writes a self-contained HTML report with the evidence marked and HTML escaped', async () => {
    const dir = tmp();
    const file = path.join(dir, 'x.jsonl');
    writeFileSync(file, `${JSON.stringify({ id: '<x>', channel: 'chat', turns: [{ role: 'customer', text: '<script>alert(1)</script>能退吗' }, { role: 'agent', text: '不行的哦' }] })}\n`);
    const out = path.join(dir, 'r.html');
    await runInspect([file], { format: 'html', output: out, progress: false });
    const html = readFileSync(out, 'utf8');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<mark>');
    expect(html).toContain('id="summary"');
  });

  it.skipIf(!hasData)('inspects all 6,069 real conversations without an error', async () => {
    const out = path.join(tmp(), 'all.jsonl');
    const files = ['ntcir-stc3-weibo', 'jddc2019-sample', 'mobilecs-examples'].map((d) => path.join(dataDir, d, 'conversations.jsonl'));
    expect(await runInspect(files, { format: 'jsonl', output: out, progress: false })).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(6069);
  }, 120_000);
});

describe('kefu inspect --jobs', () => {
  // Workers load compiled code, so these runs use the CLI as built in dist/.
  let runBuilt: typeof runInspect;
  beforeAll(async () => {
    await ensureDistBuilt();
    ({ runInspect: runBuilt } = await importDist<typeof import('../../src/cli/inspect.js')>('cli/inspect.js'));
  }, BUILD_TIMEOUT_MS);

  async function run(paths: string[], options: Omit<InspectOptions, 'output' | 'progress'>) {
    const dir = tmp();
    const c = capture();
    const code = await runBuilt(paths, { ...options, output: path.join(dir, 'report'), progress: false }, c.err);
    return { code, report: readFileSync(path.join(dir, 'report'), 'utf8'), stderr: c.text() };
  }

  it('writes the same report, stderr and exit code with 2 workers as with 1, in every format', async () => {
    const input = [path.join(repo, 'examples'), path.join(repo, 'test/fixtures/import')];
    for (const format of FORMATS) {
      const single = await run(input, { format, skipInvalid: true, failOn: 'error' });
      const pooled = await run(input, { format, skipInvalid: true, failOn: 'error', jobs: 2 });
      expect(pooled, format).toEqual(single);
      expect(single.code).toBe(1);
      expect(single.stderr).toContain('skipped invalid record: ' + path.join(repo, 'test/fixtures/import/bad.jsonl') + ', line 2');
    }
  });

  it('stops at a bad record with exit 2 after writing the conversations before it, as with 1 worker', async () => {
    const dir = tmp();
    const file = path.join(dir, 'orders.jsonl');
    const chat = (i: number) => JSON.stringify({ id: `order-${i}`, channel: 'chat', turns: [{ role: 'customer', text: '我的快递三天了还没到' }, { role: 'agent', text: '您好，我马上帮您查询物流，请稍等' }] });
    writeFileSync(file, [...Array.from({ length: 90 }, (_, i) => chat(i)), '{"id": "order-90", "channel": "chat", "turns": [', chat(91)].join('\n'));
    const single = await run([file], { format: 'jsonl' });
    const pooled = await run([file], { format: 'jsonl', jobs: 2 });
    expect(pooled).toEqual(single);
    expect(pooled.code).toBe(2);
    expect(pooled.report.trim().split('\n')).toHaveLength(90);
    expect(pooled.stderr).toContain(`kefu: invalid input: ${file}, line 91`);
  });

  it('fails with exit 2 and the reason when the workers cannot load the config', async () => {
    const dir = tmp();
    const config = path.join(dir, 'kefu.config.json');
    writeFileSync(config, JSON.stringify({ extends: 'kefu:recommended', rules: { 'no-such-rule': 'error' } }));
    const c = capture();
    expect(await runBuilt([path.join(repo, 'examples')], { format: 'jsonl', config, jobs: 2, output: path.join(dir, 'o'), progress: false }, c.err)).toBe(2);
    expect(c.text()).toBe(`kefu: ${config}: unknown rule 'no-such-rule'\n`);
  });

  it('takes a positive integer or auto, and refuses anything else with exit 2', async () => {
    for (const bad of ['0', '-2', '1.5', 'many']) {
      const { code, err } = await runCommand(registerInspectCommand, 'inspect', [path.join(repo, 'examples'), '--jobs', bad]);
      expect(code).toBe(2);
      expect(err).toContain(`--jobs takes a positive integer or auto (got '${bad}')`);
    }
  });
});
