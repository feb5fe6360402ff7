/**
 * The inspection pool (worker_threads) against the single-threaded engine: the same results in
 * the same order, input and rule errors where a plain loop raises them, and nothing left running
 * when a caller stops early. Workers run compiled code, so these tests import the pool from dist/.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InputError } from '../../src/conversation/errors.js';
import type { Conversation } from '../../src/conversation/model.js';
import type { ConversationResult } from '../../src/engine/types.js';
import { BUILD_TIMEOUT_MS, DIST, ensureDistBuilt, importDist, ROOT } from '../dist.js';

type PoolModule = typeof import('../../src/engine/pool.js');
type ImportModule = typeof import('../../src/conversation/import/index.js');
type ErrorsModule = typeof import('../../src/conversation/errors.js');
type ConfigModule = typeof import('../../src/engine/config.js');
type JsonlModule = typeof import('../../src/cli/format/jsonl.js');

const EXAMPLES = path.join(ROOT, 'examples');
const IMPORT_FIXTURES = path.join(ROOT, 'test/fixtures/import');
const SHARED_DATA = path.resolve(ROOT, '../shared/data');
const sharedFiles = existsSync(SHARED_DATA)
  ? readdirSync(SHARED_DATA)
      .map((d) => path.join(SHARED_DATA, d, 'conversations.jsonl'))
      .filter((f) => existsSync(f))
  : [];
if (sharedFiles.length === 0) console.warn(`pool.test: ${SHARED_DATA} has no */conversations.jsonl; the real-data comparison is skipped`);

const config = { cwd: ROOT };

let pool: PoolModule;
let importer: ImportModule;
let errors: ErrorsModule;
let configModule: ConfigModule;
let jsonl: JsonlModule;

beforeAll(async () => {
  await ensureDistBuilt();
  [pool, importer, errors, configModule, jsonl] = await Promise.all([
    importDist<PoolModule>('engine/pool.js'),
    importDist<ImportModule>('conversation/import/index.js'),
    importDist<ErrorsModule>('conversation/errors.js'),
    importDist<ConfigModule>('engine/config.js'),
    importDist<JsonlModule>('cli/format/jsonl.js'),
  ]);
}, BUILD_TIMEOUT_MS);

function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), 'kefu-pool-'));
}

async function* stream(conversations: Iterable<Conversation>): AsyncGenerator<Conversation> {
  yield* conversations;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The reference: the engine in this thread, as `kefu inspect --jobs 1` runs it. */
async function inThread(conversations: AsyncIterable<Conversation>): Promise<ConversationResult[]> {
  const engine = await pool.loadEngine(config);
  const results: ConversationResult[] = [];
  for await (const conversation of conversations) results.push(engine.inspect(conversation));
  return results;
}

async function withPool<T>(jobs: number, run: (p: InstanceType<PoolModule['InspectionPool']>) => Promise<T>): Promise<T> {
  const p = await pool.InspectionPool.start({ jobs, config });
  try {
    return await run(p);
  } finally {
    await p.close();
  }
}

const lines = (results: readonly ConversationResult[]) => results.map((r) => jsonl.formatJsonLine(r)).join('');

/** Every conversation of examples/ and the import fixtures that read cleanly: chats, calls, CSV, transcripts. */
async function realisticConversations(): Promise<Conversation[]> {
  return collect(importer.readPaths([EXAMPLES, IMPORT_FIXTURES], { skipInvalid: true }));
}

/** `copies` of each realistic conversation under its own id, as one JSONL file of many conversations. */
async function writeMany(copies: number): Promise<{ file: string; count: number }> {
  const base = await realisticConversations();
  const file = path.join(tmp(), 'many.jsonl');
  const records: string[] = [];
  for (let k = 0; k < copies; k++) for (const c of base) records.push(JSON.stringify({ ...c, id: `${c.id}#${k}` }));
  writeFileSync(file, `${records.join('\n')}\n`);
  return { file, count: records.length };
}

describe('InspectionPool', () => {
  it('gives byte-identical JSONL to the single-threaded engine over examples/ and the import fixtures', async () => {
    const skipped: string[][] = [[], []];
    const read = (into: string[]) => importer.readPaths([EXAMPLES, IMPORT_FIXTURES], { skipInvalid: true, onInvalid: (e) => into.push(e.message) });
    const expected = lines(await inThread(read(skipped[0]!)));
    const pooled = await withPool(2, async (p) => (await collect(p.inspect(read(skipped[1]!)))).map((x) => x.result));
    expect(pooled.length).toBeGreaterThan(30);
    expect(lines(pooled)).toBe(expected);
    // Reading stays in this thread, so bad records are reported here, once each, either way.
    expect(skipped[1]).toEqual(skipped[0]);
    expect(skipped[1]!.some((m) => m.includes('bad.jsonl, line 2'))).toBe(true);
  });

  it('gives byte-identical JSONL over thousands of conversations spread over many batches', async () => {
    const { file, count } = await writeMany(60);
    expect(count).toBeGreaterThan(2000);
    const expected = lines(await inThread(importer.readPaths([file])));
    const pooled = await withPool(2, async (p) => {
      expect(p.size).toBe(2);
      return collect(p.inspect(importer.readPaths([file])));
    });
    expect(pooled).toHaveLength(count);
    expect(lines(pooled.map((x) => x.result))).toBe(expected);
  });

  it('keeps input order when long and short conversations finish out of order', async () => {
    const base = await realisticConversations();
    const chat = base.find((c) => c.id === 'shop-0005')!;
    // A 2,400-turn chat takes far longer than the one-line ones queued behind it on the other worker.
    const long = (id: string): Conversation => ({ id, channel: 'chat', turns: Array.from({ length: 300 }, () => chat.turns.map(({ role, text }) => ({ role, text }))).flat() });
    const input: Conversation[] = [];
    for (let i = 0; i < 6; i++) {
      input.push(long(`long-${i}`));
      for (let j = 0; j < 150; j++) input.push({ ...base[(i * 150 + j) % base.length]!, id: `short-${i}-${j}` });
    }
    const expected = await inThread(stream(input));
    const pooled = await withPool(2, (p) => collect(p.inspect(stream(input))));
    expect(pooled.map((x) => x.result.id)).toEqual(input.map((c) => c.id));
    expect(pooled.map((x) => x.result)).toEqual(expected);
    // The conversation handed back is the caller's own object (the table and HTML reports print it).
    expect(pooled.every((x, i) => x.conversation === input[i])).toBe(true);
    expect(pooled[0]!.result.findings.length).toBeGreaterThan(0);
  });

  it('yields every result before a bad record, then raises its InputError with file and line; skipInvalid goes on', async () => {
    const base = (await realisticConversations()).filter((c) => c.channel === 'chat');
    const good = (from: number, n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ ...base[(from + i) % base.length]!, id: `ok-${from + i}` }));
    const file = path.join(tmp(), 'mid-bad.jsonl');
    // 150 good records span three batches; line 151 has a speaker that is no role.
    writeFileSync(file, [...good(0, 150), JSON.stringify({ id: 'bad-1', channel: 'chat', turns: [{ role: '路人', text: '你好，在吗' }] }), ...good(150, 50)].join('\n'));

    const ids: string[] = [];
    let raised: unknown;
    await withPool(2, async (p) => {
      try {
        for await (const { result } of p.inspect(importer.readPaths([file]))) ids.push(result.id);
      } catch (e) {
        raised = e;
      }
    });
    expect(ids).toEqual(Array.from({ length: 150 }, (_, i) => `ok-${i}`));
    expect(raised).toBeInstanceOf(errors.InputError);
    expect((raised as InputError).location).toMatchObject({ file, line: 151 });
    expect((raised as Error).message).toMatch(/mid-bad\.jsonl, line 151.*turns\[0\]\.role/);

    const invalid: InputError[] = [];
    const lenient = await withPool(2, (p) => collect(p.inspect(importer.readPaths([file], { skipInvalid: true, onInvalid: (e) => invalid.push(e) }))));
    expect(lenient.map((x) => x.result.id)).toEqual(Array.from({ length: 200 }, (_, i) => `ok-${i}`));
    expect(invalid.map((e) => e.location.line)).toEqual([151]);
  });

  it('rejects start() with the ConfigError every worker hit, and leaves no worker running', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;
    const start = pool.InspectionPool.start({ jobs: 2, config: { source: { extends: 'kefu:recommended', rules: { 'no-such-rule': 'error' } }, cwd: ROOT } });
    await expect(start).rejects.toBeInstanceOf(configModule.ConfigError);
    await expect(start).rejects.toThrow("config: unknown rule 'no-such-rule'");

    const dir = tmp();
    writeFileSync(path.join(dir, 'kefu.config.yaml'), 'extends: kefu:call-centre\n');
    await expect(pool.InspectionPool.start({ jobs: 2, config: { source: 'kefu.config.yaml', cwd: dir } })).rejects.toThrow("unknown preset 'kefu:call-centre'");
    expect(process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length).toBe(before);
  });

  it('raises a rule crash with the rule id and conversation id, after the results before it', async () => {
    // Rules are code, so a custom one reaches the workers as a plugin preloaded into every thread
    // (`node --import`, which workers inherit); it throws on the first refund request it sees.
    const dir = tmp();
    const input = path.join(dir, 'chats.jsonl');
    const chats = (await realisticConversations()).filter((c) => c.channel === 'chat' && !c.turns.some((t) => t.text.includes('退款')));
    const refund: Conversation = { id: 'refund-77', channel: 'chat', turns: [{ role: 'customer', text: '衣服质量有问题，我要退款' }, { role: 'agent', text: '亲，这边马上为您处理退款' }] };
    const records = [...Array.from({ length: 100 }, (_, i) => ({ ...chats[i % chats.length]!, id: `c-${i}` })), refund, ...chats.map((c, i) => ({ ...c, id: `after-${i}` }))];
    writeFileSync(input, records.map((r) => JSON.stringify(r)).join('\n'));
    const plugin = path.join(dir, 'refund-plugin.mjs');
    writeFileSync(
      plugin,
      `import { BUILTIN_RULES_BY_ID } from ${JSON.stringify(pathToFileURL(path.join(DIST, 'rules/index.js')).href)};
BUILTIN_RULES_BY_ID.set('refund-flow', {
  meta: { id: 'refund-flow', description: '退款流程', category: 'scenario', defaultSeverity: 'warn', channels: ['chat'], scope: 'conversation', realtime: false, source: { kefuAddition: true, reason: 'test' } },
  create: (context) => ({
    conversationEnd() {
      if (context.conversation.turns.some((t) => t.text.includes('退款'))) throw new Error('refund workflow not configured');
    },
  }),
});
`,
    );
    const script = path.join(dir, 'run.mjs');
    writeFileSync(
      script,
      `import { InspectionPool } from ${JSON.stringify(pathToFileURL(path.join(DIST, 'engine/pool.js')).href)};
import { readPaths } from ${JSON.stringify(pathToFileURL(path.join(DIST, 'conversation/import/index.js')).href)};
const pool = await InspectionPool.start({ jobs: 2, config: { source: { extends: 'kefu:recommended', rules: { 'refund-flow': 'error' } }, cwd: process.cwd() } });
const ids = [];
try {
  for await (const { result } of pool.inspect(readPaths([${JSON.stringify(input)}]))) ids.push(result.id);
} catch (e) {
  console.log(JSON.stringify({ ids, name: e.name, message: e.message, ruleId: e.ruleId, conversationId: e.conversationId, cause: e.cause?.message }));
} finally {
  await pool.close();
}
`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', pathToFileURL(plugin).href, script], { cwd: ROOT });
    const outcome = JSON.parse(stdout) as Record<string, unknown>;
    expect(outcome).toEqual({
      ids: Array.from({ length: 100 }, (_, i) => `c-${i}`),
      name: 'RuleExecutionError',
      message: 'rule refund-flow failed on conversation refund-77: refund workflow not configured',
      ruleId: 'refund-flow',
      conversationId: 'refund-77',
      cause: 'refund workflow not configured',
    });
  });

  it('stops reading when the caller stops early, stays usable, and closes every worker', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;
    const base = await realisticConversations();
    let pulled = 0;
    let sourceClosed = false;
    async function* endless(): AsyncGenerator<Conversation> {
      try {
        for (let i = 0; ; i++) {
          pulled++;
          yield { ...base[i % base.length]!, id: `endless-${i}` };
        }
      } finally {
        sourceClosed = true;
      }
    }
    const p = await pool.InspectionPool.start({ jobs: 2, config });
    try {
      expect(process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length).toBe(before + 2);
      const firstFive: string[] = [];
      for await (const { result } of p.inspect(endless())) {
        firstFive.push(result.id);
        if (firstFive.length === 5) break;
      }
      expect(firstFive).toEqual(['endless-0', 'endless-1', 'endless-2', 'endless-3', 'endless-4']);
      expect(sourceClosed).toBe(true);
      // Read-ahead is bounded by the batches in flight, not by the input.
      const pulledAtStop = pulled;
      expect(pulledAtStop).toBeLessThan(1000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(pulled).toBe(pulledAtStop);

      // Answers to the abandoned batches are not mixed into the next run.
      const again = await collect(p.inspect(stream(base)));
      expect(again.map((x) => x.result)).toEqual(await inThread(stream(base)));
    } finally {
      await p.close();
    }
    await p.close();
    expect(process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length).toBe(before);
    await expect(collect(p.inspect(stream(base)))).rejects.toThrow('inspection pool is closed');
  });

  it('sizes itself: auto is one worker per core but one (at least 1, at most 8); anything but a positive integer is refused', () => {
    expect(pool.resolveJobs('auto')).toBe(Math.max(1, Math.min(availableParallelism() - 1, 8)));
    expect(pool.resolveJobs(3)).toBe(3);
    expect(() => pool.resolveJobs(0)).toThrow(RangeError);
    expect(() => pool.resolveJobs(1.5)).toThrow(RangeError);
  });

  it.skipIf(sharedFiles.length === 0)(
    'gives the same JSONL with 2 workers as with 1 over every ../shared/data/*/conversations.jsonl',
    async () => {
      const expected = lines(await inThread(importer.readPaths(sharedFiles)));
      const pooled = await withPool(2, async (p) => lines((await collect(p.inspect(importer.readPaths(sharedFiles)))).map((x) => x.result)));
      expect(pooled.length).toBe(expected.length);
      expect(pooled === expected).toBe(true);
    },
    120_000,
  );
});
