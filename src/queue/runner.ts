/**
 * Running one chunk of an inspection job: load its conversations, inspect them with the job's
 * rule set version, store the results (idempotent) and the chunk's done mark in one transaction,
 * with webhook deliveries for fatal findings in the same transaction (outbox).
 * The same function runs inline (embedded server) and in `kefu worker` processes.
 */
import type { Store } from '../store/index.js';
import type { ChunkRef } from '../store/jobs.js';
import type { ChunkResult, WrittenChunk } from '../store/inspections.js';

export async function processChunk(store: Store, ref: ChunkRef): Promise<WrittenChunk> {
  const job = await store.jobs.getAny(ref.jobId);
  if (!job) throw new Error(`job ${ref.jobId} not found`);
  const chunk = await store.jobs.chunk(ref.jobId, ref.chunk);
  if (chunk.status === 'done' || chunk.status === 'failed') return { written: false, inserted: [], done: 0, failed: 0, fatal: [] };
  await store.jobs.startChunk(ref.jobId, ref.chunk);
  const { engine } = await store.engines.get(job.tenantId, job.params.ruleSetId, job.params.ruleSetVersion);
  const conversations = await store.conversations.load(job.tenantId, chunk.conversationIds);
  const found = new Set(conversations.map((c) => c.id));
  const results: ChunkResult[] = conversations.map((c) => {
    try {
      return { conversationId: c.id, result: engine.inspect(c) };
    } catch (err) {
      return { conversationId: c.id, error: (err as Error).message };
    }
  });
  // conversations deleted since the job was created (retention, erasure) count as failed
  for (const id of chunk.conversationIds) if (!found.has(id)) results.push({ conversationId: id, error: 'conversation no longer exists' });
  return store.inspections.writeChunk(
    job.tenantId,
    { id: ref.jobId, chunk: ref.chunk, ruleSetId: job.params.ruleSetId, ruleSetVersion: job.params.ruleSetVersion },
    results,
    async (trx, fatal) => {
      await store.webhooks.enqueue(
        trx,
        job.tenantId,
        'finding.fatal',
        fatal.map((f) => ({ conversationId: f.conversationId, inspectionId: f.inspectionId, ruleIds: f.fatal, score: f.score, ruleSetId: job.params.ruleSetId, ruleSetVersion: job.params.ruleSetVersion })),
      );
    },
  );
}
