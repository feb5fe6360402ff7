/**
 * Inspection on several CPU cores with worker_threads. The main thread keeps reading and parsing
 * (so input errors and --skip-invalid reports stay where they are) and the workers only inspect.
 * Each worker loads the configuration itself, because rule definitions are code and cannot be
 * cloned; conversations travel to it in batches by structured clone. Results come back in input
 * order, so a report is byte for byte the one the single-threaded loop writes.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createEngine, loadConfig } from '../api.js';
import type { Conversation } from '../conversation/model.js';
import { ConfigError, type KefuConfig } from './config.js';
import { RuleExecutionError, type Engine } from './engine.js';
import type { ConversationResult } from './types.js';

/** loadConfig's arguments as plain data, so that every worker can load the same configuration. */
export interface PoolConfig {
  /** A config file path (relative to cwd) or a config object of plain data. */
  source?: string | KefuConfig;
  preset?: string;
  cwd: string;
}

/** A number of workers, or 'auto' for one per core but one. */
export type Jobs = number | 'auto';

export interface Inspected {
  conversation: Conversation;
  result: ConversationResult;
}

/**
 * 'auto' leaves one core to the main thread, which reads, parses and reports for every worker
 * (on two cores two workers were slower than none: three busy threads on two cores), and stops
 * at 8: past a few workers the main thread is the limit and more threads only take memory.
 */
const MAX_AUTO_JOBS = 8;
/** A batch closes at this many conversations or turns, whichever comes first. */
const BATCH_CONVERSATIONS = 64;
const BATCH_TURNS = 4096;
/** Batches queued per worker: enough that it never waits for the next one, few enough for flat memory. */
const BATCHES_IN_FLIGHT = 3;

/** Resolved relative to the compiled module, so it is found from dist/ once built. */
const WORKER_URL = new URL('./pool-worker.js', import.meta.url);

export function resolveJobs(jobs: Jobs): number {
  if (jobs === 'auto') return Math.max(1, Math.min(availableParallelism() - 1, MAX_AUTO_JOBS));
  if (!Number.isInteger(jobs) || jobs < 1) throw new RangeError(`jobs must be a positive integer or 'auto' (got ${jobs})`);
  return jobs;
}

/** The engine a configuration gives: the same steps in the main thread (one job) and in every worker. */
export async function loadEngine(config: PoolConfig): Promise<Engine> {
  return createEngine(await loadConfig(config.source, { preset: config.preset, cwd: config.cwd }));
}

/** An error as it crosses the thread boundary: enough to rebuild it with the same class and message. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  ruleId?: string;
  conversationId?: string;
  cause?: SerializedError;
}

export interface BatchRequest {
  id: number;
  conversations: Conversation[];
}

export type WorkerMessage =
  | { type: 'ready' }
  /** Loading the configuration failed. */
  | { type: 'failed'; error: SerializedError }
  /** The results of a batch, in order; with `error`, the ones before the conversation that failed. */
  | { type: 'inspected'; id: number; results: ConversationResult[]; error?: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const serialized: SerializedError = { name: error.name, message: error.message };
  if (error.stack !== undefined) serialized.stack = error.stack;
  if (error instanceof RuleExecutionError) {
    serialized.ruleId = error.ruleId;
    serialized.conversationId = error.conversationId;
    serialized.cause = serializeError(error.cause);
  }
  return serialized;
}

/** The same class and message as in the worker (callers test `instanceof ConfigError`), with the worker's stack. */
function reviveError(error: SerializedError): Error {
  if (error.ruleId !== undefined && error.conversationId !== undefined && error.cause) {
    return new RuleExecutionError(error.ruleId, error.conversationId, reviveError(error.cause));
  }
  const revived = error.name === 'ConfigError' ? new ConfigError(error.message) : new Error(error.message);
  revived.name = error.name;
  if (error.stack !== undefined) revived.stack = error.stack;
  return revived;
}

interface Batch {
  id: number;
  conversations: Conversation[];
  /** Set when the worker answered (or died): the results, and the error that stopped the batch. */
  outcome?: { results: ConversationResult[]; error?: Error };
}

interface PoolWorker {
  thread: Worker;
  inFlight: Map<number, Batch>;
  alive: boolean;
  /** An uncaught exception in the thread, reported to the batches it held when it exits. */
  crash?: Error;
}

/** Wait for a worker's first message: ready, or the reason it cannot inspect. */
function whenReady(thread: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: WorkerMessage) => {
      stopListening();
      if (message.type === 'failed') reject(reviveError(message.error));
      else resolve();
    };
    const onError = (error: Error) => {
      stopListening();
      reject(error);
    };
    const onExit = (code: number) => {
      stopListening();
      reject(new Error(`inspection worker exited with code ${code} while loading the configuration`));
    };
    const stopListening = () => thread.off('message', onMessage).off('error', onError).off('exit', onExit);
    thread.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}

/**
 * Read up to one batch. An error from the source ends the input: the conversations read before
 * it still go out, and the error is raised once their results have been yielded.
 */
async function readBatch(source: AsyncIterator<Conversation>): Promise<{ conversations: Conversation[]; done: boolean; failure?: { error: unknown } }> {
  const conversations: Conversation[] = [];
  let turns = 0;
  try {
    while (conversations.length < BATCH_CONVERSATIONS && turns < BATCH_TURNS) {
      const next = await source.next();
      if (next.done) return { conversations, done: true };
      conversations.push(next.value);
      turns += next.value.turns.length;
    }
  } catch (error) {
    return { conversations, done: true, failure: { error } };
  }
  return { conversations, done: false };
}

export class InspectionPool {
  private readonly workers: PoolWorker[];
  /** Batches sent or answered but not yet yielded stay below this, so memory stays flat. */
  private readonly maxOutstanding: number;
  private nextBatchId = 0;
  private closed = false;
  /** Why the last worker to die died: raised when no worker is left for the input still to come. */
  private lastDeath: Error | undefined;
  private onSettle: Array<() => void> = [];

  private constructor(threads: Worker[]) {
    this.workers = threads.map((thread) => ({ thread, inFlight: new Map(), alive: true }));
    this.maxOutstanding = threads.length * BATCHES_IN_FLIGHT * 2;
    for (const worker of this.workers) this.listen(worker);
  }

  /** Start `jobs` workers; resolves once every one has loaded the configuration, or rejects with why one could not. */
  static async start(options: { jobs: Jobs; config: PoolConfig }): Promise<InspectionPool> {
    const threads: Worker[] = [];
    try {
      for (let i = resolveJobs(options.jobs); i > 0; i--) threads.push(new Worker(WORKER_URL, { workerData: options.config }));
      await Promise.all(threads.map(whenReady));
    } catch (error) {
      await Promise.all(threads.map((thread) => thread.terminate()));
      throw error;
    }
    return new InspectionPool(threads);
  }

  get size(): number {
    return this.workers.length;
  }

  /**
   * Inspect a stream of conversations; yields each with its result in input order. An error
   * from the source or from a rule is raised after every result before it, as in a plain loop;
   * stopping early closes the source and sends nothing more.
   */
  async *inspect(conversations: AsyncIterable<Conversation>): AsyncGenerator<Inspected> {
    if (this.closed) throw new Error('inspection pool is closed');
    const source = conversations[Symbol.asyncIterator]();
    const outstanding: Batch[] = [];
    let inputDone = false;
    let inputFailure: { error: unknown } | undefined;
    try {
      for (;;) {
        while (!inputDone && outstanding.length < this.maxOutstanding && this.hasCapacity()) {
          const read = await readBatch(source);
          inputDone = read.done;
          inputFailure = read.failure;
          if (read.conversations.length > 0) outstanding.push(this.send(read.conversations));
        }
        const head = outstanding[0];
        if (head?.outcome) {
          outstanding.shift();
          const { results, error } = head.outcome;
          for (let i = 0; i < results.length; i++) yield { conversation: head.conversations[i]!, result: results[i]! };
          if (error) throw error;
          continue;
        }
        if (!head && inputDone) break;
        if (!head && !this.workers.some((w) => w.alive)) throw this.lastDeath ?? new Error('inspection pool has no workers');
        await new Promise<void>((resolve) => this.onSettle.push(resolve));
      }
      if (inputFailure) throw inputFailure.error;
    } finally {
      if (!inputDone) await source.return?.();
    }
  }

  /** Terminate the workers. Safe to call more than once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.thread.terminate()));
  }

  private hasCapacity(): boolean {
    return this.workers.some((w) => w.alive && w.inFlight.size < BATCHES_IN_FLIGHT);
  }

  /** Send to the least-loaded live worker (hasCapacity() held before the batch was read). */
  private send(conversations: Conversation[]): Batch {
    let target: PoolWorker | undefined;
    for (const w of this.workers) if (w.alive && (!target || w.inFlight.size < target.inFlight.size)) target = w;
    const batch: Batch = { id: this.nextBatchId++, conversations };
    if (!target) {
      this.settle(batch, { results: [], error: this.lastDeath ?? new Error('inspection pool has no workers') });
      return batch;
    }
    target.inFlight.set(batch.id, batch);
    target.thread.postMessage({ id: batch.id, conversations } satisfies BatchRequest);
    return batch;
  }

  private settle(batch: Batch, outcome: NonNullable<Batch['outcome']>): void {
    batch.outcome = outcome;
    this.wake();
  }

  /** Wake an inspect() waiting for a result or for room in a worker. */
  private wake(): void {
    const waiting = this.onSettle;
    this.onSettle = [];
    for (const resolve of waiting) resolve();
  }

  private listen(worker: PoolWorker): void {
    worker.thread.on('message', (message: WorkerMessage) => {
      if (message.type !== 'inspected') return;
      // Batches of an inspect() that stopped early are answered too, and then left unread.
      const batch = worker.inFlight.get(message.id)!;
      worker.inFlight.delete(message.id);
      this.settle(batch, message.error ? { results: message.results, error: reviveError(message.error) } : { results: message.results });
    });
    worker.thread.on('error', (error) => (worker.crash = error));
    worker.thread.on('exit', (code) => {
      worker.alive = false;
      const error = this.closed ? new Error('inspection pool is closed') : (worker.crash ?? new Error(`inspection worker exited with code ${code}`));
      if (!this.closed) this.lastDeath = error;
      for (const batch of worker.inFlight.values()) batch.outcome = { results: [], error };
      worker.inFlight.clear();
      this.wake();
    });
  }
}
