/**
 * Where inspection chunks run. `inline`: in this process, one chunk at a time in the background
 * (the embedded default). `redis`: BullMQ on REDIS_URL, run by `kefu worker` processes.
 * Either way the database holds the truth about progress (jobs / job_chunks).
 */
import type { Store } from '../store/index.js';
import type { ChunkRef } from '../store/jobs.js';
import { processChunk } from './runner.js';

export interface InspectionQueue {
  readonly mode: 'inline' | 'redis';
  /** Hand chunks over; resolves once they are accepted (not run). Never throws for an outage: pending chunks are re-enqueued. */
  submit(chunks: readonly ChunkRef[]): Promise<void>;
  /** Resolves when nothing submitted to this process is left to run (inline); tests use it. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export class InlineQueue implements InspectionQueue {
  readonly mode = 'inline' as const;
  private pending: ChunkRef[] = [];
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly onError: (err: unknown, ref: ChunkRef) => void = () => undefined,
  ) {}

  async submit(chunks: readonly ChunkRef[]): Promise<void> {
    if (this.closed) throw new Error('queue closed');
    this.pending.push(...chunks);
    if (!this.running) this.running = this.drain().finally(() => (this.running = null));
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0 && !this.closed) {
      const ref = this.pending.shift()!;
      // let requests in between chunks
      await new Promise((r) => setImmediate(r));
      let attempt = 0;
      for (;;) {
        try {
          await processChunk(this.store, ref);
          break;
        } catch (err) {
          attempt++;
          if (attempt >= 3 || this.closed) {
            this.onError(err, ref);
            await this.store.jobs.failChunk(ref.jobId, ref.chunk, (err as Error).message).catch(() => undefined);
            break;
          }
          await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
        }
      }
    }
  }

  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }
}

export { processChunk } from './runner.js';
