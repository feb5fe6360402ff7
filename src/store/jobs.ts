/**
 * Jobs (inspection batches) and their chunks. The database is the source of truth for progress:
 * a queue (inline or BullMQ) only carries "run chunk N of job J"; a chunk's results and its done
 * mark commit together (InspectionRepo.writeChunk), so a lost or repeated queue message can
 * neither lose nor double-count work, and pending chunks can always be re-enqueued.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import { chunked, newId, notFound, nowIso } from './util.js';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface Job {
  id: string;
  kind: string;
  status: JobStatus;
  total: number;
  done: number;
  failed: number;
  chunks?: number;
  ruleSetId?: string;
  ruleSetVersion?: number;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  error?: string;
}

export interface InspectJobParams {
  ruleSetId: string;
  ruleSetVersion: number;
  importId?: string;
  selection?: Record<string, unknown>;
}

export interface ChunkRef {
  tenantId: string;
  jobId: string;
  chunk: number;
}

export const DEFAULT_CHUNK_SIZE = 200;

type Row = Database['jobs'];

function toJob(r: Row, chunks?: number): Job {
  const params = JSON.parse(r.params_json) as Partial<InspectJobParams>;
  const j: Job = { id: r.id, kind: r.kind, status: r.status as JobStatus, total: Number(r.total), done: Number(r.done), failed: Number(r.failed), createdAt: r.created_at };
  if (chunks !== undefined) j.chunks = chunks;
  if (params.ruleSetId) j.ruleSetId = params.ruleSetId;
  if (params.ruleSetVersion !== undefined) j.ruleSetVersion = params.ruleSetVersion;
  if (r.started_at) j.startedAt = r.started_at;
  if (r.finished_at) j.finishedAt = r.finished_at;
  if (r.error) j.error = r.error;
  return j;
}

export class JobRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** A job over these conversation ids, split into chunks, in one transaction. */
  async createInspectJob(tenantId: string, params: InspectJobParams, conversationIds: readonly string[], by: string | null, chunkSize = DEFAULT_CHUNK_SIZE): Promise<{ job: Job; chunks: ChunkRef[] }> {
    const id = newId('job');
    const at = nowIso();
    const slices = chunked(conversationIds, chunkSize);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('jobs')
        .values({
          id,
          tenant_id: tenantId,
          kind: 'inspect',
          status: slices.length === 0 ? 'done' : 'queued',
          total: conversationIds.length,
          done: 0,
          failed: 0,
          params_json: JSON.stringify(params),
          error: null,
          created_by: by,
          created_at: at,
          started_at: null,
          finished_at: slices.length === 0 ? at : null,
        })
        .execute();
      const rows = slices.map((ids, chunk) => ({ job_id: id, chunk, tenant_id: tenantId, status: 'pending', conversation_ids_json: JSON.stringify(ids), done: 0, failed: 0, attempts: 0, error: null, updated_at: at }));
      for (const slice of chunked(rows, 500)) await trx.insertInto('job_chunks').values(slice).execute();
    });
    return { job: (await this.get(tenantId, id))!, chunks: slices.map((_, chunk) => ({ tenantId, jobId: id, chunk })) };
  }

  async get(tenantId: string, id: string): Promise<Job | undefined> {
    const row = await this.db.selectFrom('jobs').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const n = await this.db.selectFrom('job_chunks').select((eb) => eb.fn.countAll<number>().as('n')).where('job_id', '=', id).executeTakeFirst();
    return toJob(row, Number(n?.n ?? 0));
  }

  /** A job by id regardless of tenant (queue workers: the chunk message names it). */
  async getAny(id: string): Promise<(Job & { tenantId: string; params: InspectJobParams }) | undefined> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? { ...toJob(row), tenantId: row.tenant_id, params: JSON.parse(row.params_json) as InspectJobParams } : undefined;
  }

  async chunk(jobId: string, chunk: number): Promise<{ tenantId: string; status: string; conversationIds: string[]; attempts: number }> {
    const row = await this.db.selectFrom('job_chunks').selectAll().where('job_id', '=', jobId).where('chunk', '=', chunk).executeTakeFirst();
    if (!row) throw notFound(`chunk ${chunk} of job ${jobId}`);
    return { tenantId: row.tenant_id, status: row.status, conversationIds: JSON.parse(row.conversation_ids_json) as string[], attempts: Number(row.attempts) };
  }

  /** Count an attempt and mark the job running (its first chunk started). */
  async startChunk(jobId: string, chunk: number): Promise<void> {
    const at = nowIso();
    await this.db
      .updateTable('job_chunks')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), status: sql<string>`case when status = 'done' then 'done' else 'running' end`, updated_at: at }))
      .where('job_id', '=', jobId)
      .where('chunk', '=', chunk)
      .execute();
    await this.db.updateTable('jobs').set({ status: 'running', started_at: at }).where('id', '=', jobId).where('status', '=', 'queued').execute();
  }

  /** A chunk gave up for good (every retry failed): its conversations count as failed. */
  async failChunk(jobId: string, chunk: number, error: string): Promise<void> {
    const at = nowIso();
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('job_chunks').selectAll().where('job_id', '=', jobId).where('chunk', '=', chunk).executeTakeFirst();
      if (!row || row.status === 'done' || row.status === 'failed') return;
      const n = (JSON.parse(row.conversation_ids_json) as string[]).length;
      await trx.updateTable('job_chunks').set({ status: 'failed', failed: n, error, updated_at: at }).where('job_id', '=', jobId).where('chunk', '=', chunk).execute();
      await trx
        .updateTable('jobs')
        .set((eb) => ({
          failed: eb('failed', '+', n),
          error: error.slice(0, 2000),
          status: sql<string>`case when done + failed + ${n} >= total then (case when done = 0 then 'failed' else 'done' end) else status end`,
          finished_at: sql<string | null>`case when done + failed + ${n} >= total then ${at} else finished_at end`,
        }))
        .where('id', '=', jobId)
        .execute();
    });
  }

  /** Chunks not done of jobs still queued or running (to re-enqueue after a queue outage). */
  async pendingChunks(limit = 10_000): Promise<ChunkRef[]> {
    const rows = await this.db
      .selectFrom('job_chunks as k')
      .innerJoin('jobs as j', 'j.id', 'k.job_id')
      .select(['k.tenant_id', 'k.job_id', 'k.chunk'])
      .where('k.status', 'in', ['pending', 'running'])
      .where('j.status', 'in', ['queued', 'running'])
      .orderBy('j.created_at')
      .orderBy('k.chunk')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ tenantId: r.tenant_id, jobId: r.job_id, chunk: Number(r.chunk) }));
  }

  async list(tenantId: string, limit = 50): Promise<Job[]> {
    const rows = await this.db.selectFrom('jobs').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').limit(limit).execute();
    return rows.map((r) => toJob(r));
  }
}
