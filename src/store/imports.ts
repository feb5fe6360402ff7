/**
 * Imports: a batch of conversations read from one upload. Conversations are stored in chunks;
 * each chunk (its conversations with all their turns, its rejected records, and the import's
 * counters) commits in ONE transaction, so a crash or a database failure mid-import leaves every
 * conversation either complete or absent, and the counters match what is stored.
 *
 * Re-import policy (idempotent by tenant + conversation id): `skip` (default) leaves a stored
 * conversation untouched and counts it in `duplicates`; `replace` overwrites one whose content
 * changed (its old inspection results go with it) unless it has a final appeal judgement (then
 * the record is rejected). An identical re-import is always a duplicate.
 */
import type { Kysely } from 'kysely';
import type { InputError } from '../conversation/errors.js';
import type { Conversation } from '../conversation/model.js';
import type { AtRestConfig } from '../security/at-rest.js';
import type { Bulk } from './bulk.js';
import { insertConversations, type OnDuplicate } from './conversations.js';
import type { Database } from './schema.js';
import { decodeCursor, encodeCursor, newId, notFound, nowIso } from './util.js';

export interface Import {
  id: string;
  status: 'running' | 'done' | 'failed';
  fileName: string;
  format: string;
  channel?: string;
  onDuplicate: OnDuplicate;
  accepted: number;
  rejected: number;
  duplicates: number;
  replaced: number;
  inspected: number;
  jobId?: string;
  error?: string;
  createdAt: string;
  finishedAt?: string;
}

export interface RecordError {
  line?: number;
  record?: number;
  conversationId?: string;
  field?: string;
  reason: string;
}

export function recordErrorOf(err: InputError): RecordError {
  const e: RecordError = { reason: err.reason };
  const l = err.location;
  if (l.line !== undefined) e.line = l.line;
  if (l.record !== undefined) e.record = l.record;
  if (l.conversationId !== undefined) e.conversationId = l.conversationId;
  if (l.field !== undefined) e.field = l.field;
  return e;
}

type Row = Database['imports'];

function toImport(r: Row, inspected: number): Import {
  const i: Import = {
    id: r.id,
    status: r.status as Import['status'],
    fileName: r.file_name,
    format: r.format,
    onDuplicate: r.on_duplicate as OnDuplicate,
    accepted: Number(r.accepted),
    rejected: Number(r.rejected),
    duplicates: Number(r.duplicates),
    replaced: Number(r.replaced),
    inspected,
    createdAt: r.created_at,
  };
  if (r.channel) i.channel = r.channel;
  if (r.job_id) i.jobId = r.job_id;
  if (r.error) i.error = r.error;
  if (r.finished_at) i.finishedAt = r.finished_at;
  return i;
}

export class ImportRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly bulk: Bulk,
    private readonly atRest: AtRestConfig,
  ) {}

  async create(tenantId: string, v: { fileName: string; format: string; channel?: string; onDuplicate?: OnDuplicate }, by: string | null): Promise<string> {
    const id = newId('imp');
    await this.db
      .insertInto('imports')
      .values({
        id,
        tenant_id: tenantId,
        status: 'running',
        file_name: v.fileName,
        format: v.format,
        channel: v.channel ?? null,
        on_duplicate: v.onDuplicate ?? 'skip',
        accepted: 0,
        rejected: 0,
        duplicates: 0,
        replaced: 0,
        job_id: null,
        error: null,
        created_by: by,
        created_at: nowIso(),
        finished_at: null,
      })
      .execute();
    return id;
  }

  /**
   * Store one chunk: conversations (+ turns), its rejected records, counters — one transaction.
   * Returns the ids stored by this chunk (new or replaced), to be inspected.
   */
  async writeChunk(tenantId: string, importId: string, conversations: readonly Conversation[], rejected: readonly RecordError[], onDuplicate: OnDuplicate = 'skip'): Promise<{ stored: string[]; accepted: number; duplicates: number; rejected: number; replaced: number }> {
    return this.db.transaction().execute(async (trx) => {
      // the write comes first: on SQLite the transaction holds the write lock from here on
      const head = await trx
        .updateTable('imports')
        .set({ status: 'running' })
        .where('id', '=', importId)
        .returning(['accepted', 'rejected', 'duplicates', 'replaced'])
        .executeTakeFirst();
      if (!head) throw notFound(`import ${importId}`);
      const out = await insertConversations(trx, tenantId, importId, conversations, onDuplicate, this.bulk, this.atRest);
      const errors: RecordError[] = [...rejected, ...out.refused.map((r) => ({ conversationId: r.id, reason: r.reason }))];
      if (errors.length > 0) {
        const base = await trx.selectFrom('import_errors').select((eb) => eb.fn.countAll<number>().as('n')).where('import_id', '=', importId).executeTakeFirst();
        let seq = Number(base?.n ?? 0);
        const rows = errors.map((e) => ({
          tenant_id: tenantId,
          import_id: importId,
          seq: seq++,
          line: e.line ?? null,
          record: e.record ?? null,
          conversation_id: e.conversationId ?? null,
          field: e.field ?? null,
          reason: e.reason,
        }));
        for (let i = 0; i < rows.length; i += 500) await trx.insertInto('import_errors').values(rows.slice(i, i + 500)).execute();
      }
      const accepted = out.inserted.length + out.replaced.length;
      await trx
        .updateTable('imports')
        .set({
          accepted: Number(head.accepted) + accepted,
          rejected: Number(head.rejected) + errors.length,
          duplicates: Number(head.duplicates) + out.duplicates.length,
          replaced: Number(head.replaced) + out.replaced.length,
        })
        .where('id', '=', importId)
        .execute();
      return { stored: [...out.inserted, ...out.replaced], accepted, duplicates: out.duplicates.length, rejected: errors.length, replaced: out.replaced.length };
    });
  }

  async finish(importId: string, status: 'done' | 'failed', error?: string, jobId?: string): Promise<void> {
    await this.db
      .updateTable('imports')
      .set({ status, error: error ?? null, finished_at: nowIso(), ...(jobId ? { job_id: jobId } : {}) })
      .where('id', '=', importId)
      .execute();
  }

  async get(tenantId: string, id: string): Promise<Import | undefined> {
    const row = await this.db.selectFrom('imports').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    return toImport(row, await this.inspected(row.job_id));
  }

  private async inspected(jobId: string | null): Promise<number> {
    if (!jobId) return 0;
    const j = await this.db.selectFrom('jobs').select('done').where('id', '=', jobId).executeTakeFirst();
    return Number(j?.done ?? 0);
  }

  async errors(tenantId: string, id: string, limit = 1000): Promise<RecordError[]> {
    const rows = await this.db.selectFrom('import_errors').selectAll().where('tenant_id', '=', tenantId).where('import_id', '=', id).orderBy('seq').limit(limit).execute();
    return rows.map((r) => {
      const e: RecordError = { reason: r.reason };
      if (r.line !== null) e.line = Number(r.line);
      if (r.record !== null) e.record = Number(r.record);
      if (r.conversation_id !== null) e.conversationId = r.conversation_id;
      if (r.field !== null) e.field = r.field;
      return e;
    });
  }

  async list(tenantId: string, limit = 50, cursor?: string) {
    const offset = decodeCursor(cursor);
    const total = Number((await this.db.selectFrom('imports').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirst())?.n ?? 0);
    const rows = await this.db.selectFrom('imports').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute();
    const items: Import[] = [];
    for (const r of rows) items.push(toImport(r, await this.inspected(r.job_id)));
    return { items, nextCursor: offset + rows.length < total ? encodeCursor(offset + rows.length) : null, total };
  }
}
