/**
 * BullMQ on Redis (REDIS_URL): the server enqueues one BullMQ job per chunk (job id
 * `<jobId>-<chunk>`, so enqueuing twice is a no-op); `kefu worker` processes run them.
 *
 * Failure handling:
 * - a worker killed mid-chunk: its lock expires, BullMQ moves the job back to waiting (stalled
 *   check), another worker runs it; the chunk's results commit with its done mark, so the rerun
 *   either finds it done or writes it once;
 * - Redis going away: producers and workers reconnect (ioredis); chunks the database still has
 *   pending are re-enqueued by a reconciler every `requeueMs` (Redis may come back empty).
 */
import { Queue, Worker, type ConnectionOptions, type Job as BullJob } from 'bullmq';
import type { Store } from '../store/index.js';
import type { ChunkRef } from '../store/jobs.js';
import type { InspectionQueue } from './index.js';
import { processChunk } from './runner.js';

export const QUEUE_NAME = 'kefu-inspect';

export interface RedisOptions {
  url?: string;
  /** Queue name prefix (tests use a unique one). */
  prefix?: string;
  /** Re-enqueue pending chunks every this many ms (default 10 s; 0 disables). */
  requeueMs?: number;
}

export function redisConnection(url = process.env.REDIS_URL || 'redis://127.0.0.1:6379'): ConnectionOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
    maxRetriesPerRequest: null,
    // reconnect forever, at most every 2 s
    retryStrategy: (times: number) => Math.min(200 * times, 2000),
  };
}

const JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential' as const, delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 100_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

function bullJobId(ref: ChunkRef): string {
  return `${ref.jobId}-${ref.chunk}`;
}

/** Enqueue chunks, at most `timeoutMs` waiting for Redis; throws on timeout (the reconciler retries). */
async function enqueue(queue: Queue, chunks: readonly ChunkRef[], timeoutMs: number): Promise<void> {
  for (let i = 0; i < chunks.length; i += 500) {
    const slice = chunks.slice(i, i + 500);
    const add = queue.addBulk(slice.map((ref) => ({ name: 'chunk', data: ref, opts: { ...JOB_OPTIONS, jobId: bullJobId(ref) } })));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not accept the jobs within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([add, timeout]);
    } finally {
      clearTimeout(timer);
    }
    add.catch(() => undefined);
  }
}

function startReconciler(store: Store, queue: Queue, everyMs: number, log: (msg: string) => void): () => void {
  if (everyMs <= 0) return () => undefined;
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      const pending = await store.jobs.pendingChunks();
      if (pending.length > 0) await enqueue(queue, pending, Math.max(1000, everyMs));
    } catch (err) {
      log(`requeue: ${(err as Error).message}`);
    } finally {
      busy = false;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

export class RedisQueue implements InspectionQueue {
  readonly mode = 'redis' as const;
  readonly queue: Queue;
  private stopReconciler: () => void;

  constructor(
    private readonly store: Store,
    options: RedisOptions = {},
    private readonly log: (msg: string) => void = () => undefined,
  ) {
    this.queue = new Queue(QUEUE_NAME, { connection: redisConnection(options.url), ...(options.prefix ? { prefix: options.prefix } : {}) });
    this.queue.on('error', (err) => log(`queue: ${err.message}`));
    this.stopReconciler = startReconciler(store, this.queue, options.requeueMs ?? 10_000, log);
  }

  async submit(chunks: readonly ChunkRef[]): Promise<void> {
    // the job is already in the database: an outage only delays it (the reconciler re-enqueues)
    try {
      await enqueue(this.queue, chunks, 3000);
    } catch (err) {
      this.log(`enqueue deferred: ${(err as Error).message}`);
    }
  }

  async idle(): Promise<void> {
    /* work runs in workers */
  }

  async close(): Promise<void> {
    this.stopReconciler();
    await this.queue.close();
  }
}

export interface WorkerOptions extends RedisOptions {
  concurrency?: number;
  /** How long a chunk's lock lasts without renewal; a killed worker's chunk is retried after it. */
  lockMs?: number;
  log?: (msg: string) => void;
}

export interface RunningWorker {
  worker: Worker;
  close(): Promise<void>;
}

/** Run inspection chunks from Redis until closed. */
export function startWorker(store: Store, options: WorkerOptions = {}): RunningWorker {
  const log = options.log ?? (() => undefined);
  const lockMs = options.lockMs ?? Number(process.env.KEFU_QUEUE_LOCK_MS || 30_000);
  const connection = redisConnection(options.url);
  const prefix = options.prefix ? { prefix: options.prefix } : {};
  const worker = new Worker(
    QUEUE_NAME,
    async (job: BullJob<ChunkRef>) => {
      const out = await processChunk(store, job.data);
      return { written: out.written, done: out.done, failed: out.failed };
    },
    {
      connection,
      ...prefix,
      concurrency: options.concurrency ?? 1,
      lockDuration: lockMs,
      stalledInterval: Math.max(1000, Math.floor(lockMs / 2)),
      maxStalledCount: 100,
    },
  );
  worker.on('error', (err) => log(`worker: ${err.message}`));
  worker.on('failed', (job, err) => {
    if (!job) return;
    log(`chunk ${job.id} failed (attempt ${job.attemptsMade}): ${err.message}`);
    if (job.attemptsMade >= (job.opts.attempts ?? 1)) void store.jobs.failChunk(job.data.jobId, job.data.chunk, err.message).catch(() => undefined);
  });
  const queue = new Queue(QUEUE_NAME, { connection, ...prefix });
  queue.on('error', () => undefined);
  const stop = startReconciler(store, queue, options.requeueMs ?? 10_000, log);
  return {
    worker,
    async close() {
      stop();
      await worker.close();
      await queue.close();
    },
  };
}
