/**
 * Store and queue throughput (issue 5), for the bench runner:
 *
 * - conversations/s stored + inspected (inline, one process) on SQLite and on PostgreSQL;
 * - conversations/s inspected by 1 and by 2 `kefu worker` processes on Redis, and the ratio.
 *
 * Input: the real conversations under `dataDir` (../shared/data: 6,069) replicated to `n` with
 * distinct ids. PostgreSQL (DATABASE_URL or postgres://postgres@127.0.0.1:5432/test, a schema of
 * its own, dropped afterwards) and Redis (REDIS_URL or 127.0.0.1:6379) parts are reported as
 * skipped when unreachable. Prints nothing; returns the numbers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { listInputFiles, readConversations } from '../conversation/import/index.js';
import type { Conversation } from '../conversation/model.js';
import { InlineQueue } from '../queue/index.js';
import { RedisQueue } from '../queue/redis.js';
import { ingestFile, startInspection } from '../queue/service.js';
import { openStore, tenantScope, type Store } from '../store/index.js';

const TENANT = 'bench';

async function loadCorpus(dataDir: string): Promise<Conversation[]> {
  const out: Conversation[] = [];
  for (const file of await listInputFiles(dataDir)) {
    if (!/\.jsonl$/.test(file)) continue;
    for await (const c of readConversations(file, { skipInvalid: true })) out.push(c);
  }
  return out;
}

/** The corpus replicated to n conversations (ids suffixed by the copy number), as a JSONL file. */
async function writeReplicated(corpus: readonly Conversation[], n: number, file: string): Promise<void> {
  const ws = createWriteStream(file);
  for (let i = 0; i < n; i++) {
    const c = corpus[i % corpus.length]!;
    const copy = Math.floor(i / corpus.length);
    const line = JSON.stringify({ ...c, id: copy === 0 ? c.id : `${c.id}~${copy}`, agentId: c.agentId ?? `agent-${i % 50}` }) + '\n';
    if (!ws.write(line)) await once(ws, 'drain');
  }
  ws.end();
  await once(ws, 'finish');
}

async function storeAndInspect(store: Store, file: string, n: number): Promise<Record<string, number>> {
  await store.auth.ensureTenant(TENANT);
  const queue = new InlineQueue(store);
  const t0 = performance.now();
  const { import: imp } = await ingestFile(store, queue, { tenantId: TENANT, file, format: 'jsonl', chunkSize: 500 });
  const stored = performance.now();
  await queue.idle();
  const t1 = performance.now();
  await queue.close();
  if (imp.accepted !== n) throw new Error(`bench: ${imp.accepted} of ${n} stored`);
  return {
    convPerSec: Math.round(n / ((t1 - t0) / 1000)),
    storeOnlyPerSec: Math.round(n / ((stored - t0) / 1000)),
    seconds: Math.round((t1 - t0) / 100) / 10,
  };
}

function pgUrl(): string {
  return process.env.DATABASE_URL && /^postgres/.test(process.env.DATABASE_URL) ? process.env.DATABASE_URL : 'postgres://postgres@127.0.0.1:5432/test';
}

async function pgReachable(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await c.end();
  }
}

function spawnWorker(db: string, schema: string | undefined, redis: string, prefix: string): ChildProcess {
  const serveJs = fileURLToPath(new URL('../cli/serve.js', import.meta.url));
  const env = { ...process.env, ...(schema ? { KEFU_DB_SCHEMA: schema } : {}) };
  const code = `import(${JSON.stringify(serveJs)}).then((m) => m.runWorker(${JSON.stringify({ db, redis, prefix })}))`;
  return spawn(process.execPath, ['--input-type=module', '-e', code], { env, stdio: ['ignore', 'pipe', 'ignore'] });
}

async function ready(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', (c) => reject(new Error(`worker exited (${c})`)));
  });
}

async function workersRun(store: Store, db: string, schema: string | undefined, redis: string, workers: number): Promise<number> {
  const prefix = `kefu-bench-${process.pid}-${workers}-${Date.now()}`;
  const children = Array.from({ length: workers }, () => spawnWorker(db, schema, redis, prefix));
  const queue = new RedisQueue(store, { url: redis, prefix, requeueMs: 0 });
  try {
    await Promise.all(children.map(ready));
    // a fresh rule set version per run, so every run inspects every conversation
    const rs = await store.ruleSets.create(TENANT, `bench ${workers}`, { extends: 'kefu:recommended' }, null);
    await store.ruleSets.publish(TENANT, rs.id);
    const t0 = performance.now();
    const job = await startInspection(store, queue, tenantScope(TENANT), { ruleSetId: rs.id }, null, 200);
    for (;;) {
      const j = (await store.jobs.get(TENANT, job.id))!;
      if (j.status === 'done' || j.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return Math.round(job.total / ((performance.now() - t0) / 1000));
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await queue.queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

export async function benchStore(opts: { n: number; dataDir: string }): Promise<Record<string, number | string>> {
  const n = Number(process.env.KEFU_BENCH_N || opts.n || 100_000);
  const out: Record<string, number | string> = { 'store.n': n };
  const corpus = await loadCorpus(opts.dataDir);
  out['store.corpus'] = corpus.length;
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-bench-store-'));
  try {
    const file = path.join(dir, 'replicated.jsonl');
    await writeReplicated(corpus, n, file);

    const sqliteDb = path.join(dir, 'bench.db');
    const sqlite = await openStore({ location: sqliteDb });
    try {
      const r = await storeAndInspect(sqlite, file, n);
      out['store.sqlite.conv_per_s'] = r.convPerSec!;
      out['store.sqlite.store_only_conv_per_s'] = r.storeOnlyPerSec!;
      out['store.sqlite.seconds'] = r.seconds!;
    } finally {
      await sqlite.close();
    }

    const url = pgUrl();
    let pgSchema: string | undefined;
    if (await pgReachable(url)) {
      pgSchema = `kefu_bench_${process.pid}_${Date.now().toString(36)}`;
      const store = await openStore({ location: url, schema: pgSchema });
      try {
        const r = await storeAndInspect(store, file, n);
        out['store.postgres.conv_per_s'] = r.convPerSec!;
        out['store.postgres.store_only_conv_per_s'] = r.storeOnlyPerSec!;
        out['store.postgres.seconds'] = r.seconds!;
      } finally {
        await store.close();
      }
    } else out['store.postgres'] = `skipped: ${url} unreachable`;

    const redis = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
    const serveJs = fileURLToPath(new URL('../cli/serve.js', import.meta.url));
    if (!existsSync(serveJs)) out['store.workers'] = 'skipped: run from the build (dist/) to spawn workers';
    else {
      // workers share the PostgreSQL store when there is one (the multi-machine shape), else SQLite
      const db = pgSchema ? url : sqliteDb;
      const store = pgSchema ? await openStore({ location: url, schema: pgSchema }) : await openStore({ location: sqliteDb });
      try {
        const one = await workersRun(store, db, pgSchema, redis, 1);
        const two = await workersRun(store, db, pgSchema, redis, 2);
        out['store.workers.store'] = store.dialect;
        out['store.workers.1.conv_per_s'] = one;
        out['store.workers.2.conv_per_s'] = two;
        out['store.workers.ratio_2_vs_1'] = Math.round((two / one) * 100) / 100;
      } catch (err) {
        out['store.workers'] = `failed: ${(err as Error).message}`;
      } finally {
        await store.close();
      }
    }
    if (pgSchema) await dropSchema(url, pgSchema);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
