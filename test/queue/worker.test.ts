/**
 * Distributed inspection on the real Redis (127.0.0.1:6379): `kefu worker` child processes share
 * a batch; one is SIGKILLed mid-batch, another takes over; every conversation ends up inspected
 * exactly once and the job's progress counts each once. Then Redis itself goes away (a private
 * redis-server is killed and restarted empty) and the job resumes when it returns.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisQueue, startWorker } from '../../src/queue/redis.js';
import { ingestFile, startInspection } from '../../src/queue/service.js';
import { openStore, tenantScope, type Store } from '../../src/store/index.js';
import { makeConversations, writeJsonl } from '../store/fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIST = path.join(ROOT, 'node_modules/.cache/kefu-test-dist');
const REDIS_URL = process.env.KEFU_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(url: string): Promise<string | null> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
  r.on('error', () => undefined);
  try {
    await r.connect();
    await r.ping();
    return null;
  } catch (err) {
    return `Redis at ${url} unreachable: ${(err as Error).message}`;
  } finally {
    r.disconnect();
  }
}

/** Compile the project once (incremental) so a worker can run as a plain node process. */
function build(): void {
  const r = spawnSync('npx', ['tsc', '-p', 'tsconfig.json', '--outDir', DIST, '--declaration', 'false', '--sourceMap', 'false', '--incremental', '--tsBuildInfoFile', path.join(DIST, '.tsbuildinfo')], { cwd: ROOT, encoding: 'utf8' });
  // type errors elsewhere in the tree do not stop emission; a missing output does
  if (r.error) throw r.error;
}

function spawnWorker(db: string, prefix: string, redisUrl = REDIS_URL): ChildProcess {
  const code = `import(${JSON.stringify(path.join(DIST, 'cli/serve.js'))}).then((m) => m.runWorker(${JSON.stringify({ db, redis: redisUrl, prefix })})).catch((e) => { console.error(e); process.exit(1); })`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, env: { ...process.env, KEFU_QUEUE_LOCK_MS: '2000' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', (d) => process.env.KEFU_TEST_VERBOSE && process.stderr.write(`[worker ${child.pid}] ${d}`));
  return child;
}

function waitReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('worker did not start')), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(t);
        resolve();
      }
    });
    child.once('exit', (c) => reject(new Error(`worker exited with ${c}`)));
  });
}

async function until(cond: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function assertExactlyOnce(store: Store, tenantId: string, jobId: string, total: number): Promise<void> {
  const job = await store.jobs.get(tenantId, jobId);
  expect(job).toMatchObject({ status: 'done', total, done: total, failed: 0 });
  const rows = await store.db.selectFrom('inspections').select(['conversation_id']).where('tenant_id', '=', tenantId).execute();
  expect(rows).toHaveLength(total);
  expect(new Set(rows.map((r) => r.conversation_id)).size).toBe(total);
  const chunks = await store.db.selectFrom('job_chunks').select(['status', 'done']).where('job_id', '=', jobId).execute();
  expect(chunks.every((c) => c.status === 'done')).toBe(true);
  expect(chunks.reduce((s, c) => s + Number(c.done), 0)).toBe(total);
}

const unreachable = await redisReachable(REDIS_URL);
if (unreachable) console.warn(`[queue tests] skipping: ${unreachable}`);

describe.skipIf(unreachable !== null)('inspection workers on Redis', () => {
  let dir: string;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kefu-queue-'));
    build();
  }, 120_000);
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('two workers share a batch; one is SIGKILLed mid-batch; every conversation is inspected exactly once', async () => {
    const db = path.join(dir, 'kill.db');
    const prefix = `kefu-test-${process.pid}-${Date.now()}`;
    const store = await openStore({ location: db });
    const queue = new RedisQueue(store, { url: REDIS_URL, prefix, requeueMs: 0 });
    try {
      await store.auth.ensureTenant('acme');
      const file = path.join(dir, 'batch.jsonl');
      const N = 4000;
      writeJsonl(file, makeConversations(N, 'w'));
      await ingestFile(store, null, { tenantId: 'acme', file, format: 'jsonl', chunkSize: 500 });

      const w1 = spawnWorker(db, prefix);
      const w2 = spawnWorker(db, prefix);
      children.push(w1, w2);
      await Promise.all([waitReady(w1), waitReady(w2)]);

      const job = await startInspection(store, queue, tenantScope('acme'), {}, null, 100);
      expect(job.total).toBe(N);
      await until(async () => (await store.jobs.get('acme', job.id))!.done >= 600, 60_000, 'progress');
      w1.kill('SIGKILL');
      const progressAtKill = (await store.jobs.get('acme', job.id))!.done;
      expect(progressAtKill).toBeLessThan(N);
      const w3 = spawnWorker(db, prefix);
      children.push(w3);
      await waitReady(w3);
      await until(async () => (await store.jobs.get('acme', job.id))!.status === 'done', 120_000, 'the job to finish');
      await assertExactlyOnce(store, 'acme', job.id, N);
    } finally {
      for (const c of children) c.kill('SIGTERM');
      await queue.queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      await store.close();
    }
  }, 180_000);

  it('Redis going away: the job resumes when Redis returns (empty), nothing lost or doubled', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const url = `redis://127.0.0.1:${port}`;
    const startRedis = () => {
      const p = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      children.push(p);
      return p;
    };
    let redis = startRedis();
    await until(async () => (await redisReachable(url)) === null, 10_000, 'private redis');
    const db = path.join(dir, 'outage.db');
    const store = await openStore({ location: db });
    const queue = new RedisQueue(store, { url, requeueMs: 500 });
    const worker = startWorker(store, { url, lockMs: 2000, requeueMs: 500 });
    try {
      await store.auth.ensureTenant('acme');
      const file = path.join(dir, 'outage.jsonl');
      const N = 2000;
      writeJsonl(file, makeConversations(N, 'o'));
      await ingestFile(store, null, { tenantId: 'acme', file, format: 'jsonl' });
      const job = await startInspection(store, queue, tenantScope('acme'), {}, null, 50);
      await until(async () => (await store.jobs.get('acme', job.id))!.done >= 200, 60_000, 'progress');
      redis.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 1500));
      const during = (await store.jobs.get('acme', job.id))!;
      expect(during.status).not.toBe('done');
      redis = startRedis();
      await until(async () => (await store.jobs.get('acme', job.id))!.status === 'done', 120_000, 'the job to resume and finish');
      await assertExactlyOnce(store, 'acme', job.id, N);
    } finally {
      await worker.close().catch(() => undefined);
      await queue.close().catch(() => undefined);
      redis.kill('SIGKILL');
      await store.close();
    }
  }, 180_000);
});
