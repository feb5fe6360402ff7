/**
 * Use cases shared by the HTTP API, the CLI and the bench: import a file, start an inspection.
 */
import { readConversations, type ImportFormat } from '../conversation/import/index.js';
import type { InputError } from '../conversation/errors.js';
import type { Channel, Conversation } from '../conversation/model.js';
import type { Store } from '../store/index.js';
import type { OnDuplicate } from '../store/conversations.js';
import { recordErrorOf, type Import, type RecordError } from '../store/imports.js';
import type { Job } from '../store/jobs.js';
import { tenantScope, type Scope } from '../store/scope.js';
import { notFound } from '../store/util.js';
import type { InspectionQueue } from './index.js';

export interface IngestOptions {
  tenantId: string;
  file: string;
  fileName?: string;
  format: ImportFormat;
  channel?: Channel;
  onDuplicate?: OnDuplicate;
  /** Inspect the stored conversations with the published rule set (default true). */
  inspect?: boolean;
  maxRecordBytes?: number;
  /** Conversations per transaction (default 200). */
  chunkSize?: number;
  by?: string | null;
}

/**
 * Stream a file into the store, chunk by chunk (each chunk one transaction), then queue its
 * inspection. A database failure stops the import with status `failed`: chunks committed before
 * stay complete, the failing chunk leaves nothing.
 */
export async function ingestFile(store: Store, queue: InspectionQueue | null, o: IngestOptions): Promise<{ import: Import; job?: Job }> {
  const importId = await store.imports.create(o.tenantId, { fileName: o.fileName ?? o.file, format: o.format, ...(o.channel ? { channel: o.channel } : {}), ...(o.onDuplicate ? { onDuplicate: o.onDuplicate } : {}) }, o.by ?? null);
  const chunkSize = o.chunkSize ?? 200;
  let batch: Conversation[] = [];
  let errors: RecordError[] = [];
  const stored: string[] = [];
  const flush = async () => {
    if (batch.length === 0 && errors.length === 0) return;
    const out = await store.imports.writeChunk(o.tenantId, importId, batch, errors, o.onDuplicate ?? 'skip');
    stored.push(...out.stored);
    batch = [];
    errors = [];
  };
  try {
    const items = readConversations(o.file, {
      format: o.format,
      skipInvalid: true,
      onInvalid: (err: InputError) => {
        const e = recordErrorOf(err);
        errors.push(e);
      },
      ...(o.channel ? { defaultChannel: o.channel } : {}),
      ...(o.maxRecordBytes ? { maxRecordBytes: o.maxRecordBytes } : {}),
    });
    for await (const c of items) {
      batch.push(c);
      if (batch.length >= chunkSize || errors.length >= chunkSize) await flush();
    }
    await flush();
  } catch (err) {
    await store.imports.finish(importId, 'failed', (err as Error).message).catch(() => undefined);
    throw Object.assign(err as Error, { importId });
  }
  let job: Job | undefined;
  if (o.inspect !== false && queue && stored.length > 0) {
    job = await startInspection(store, queue, tenantScope(o.tenantId), { conversationIds: stored, importId }, o.by ?? null);
  }
  await store.imports.finish(importId, 'done', undefined, job?.id);
  const imp = (await store.imports.get(o.tenantId, importId))!;
  return job ? { import: imp, job } : { import: imp };
}

export interface InspectionSelection {
  from?: string;
  to?: string;
  teamId?: string;
  agentId?: string;
  channel?: string;
  conversationIds?: string[];
  ruleSetId?: string;
  importId?: string;
}

/** Create an inspection job over a selection with a rule set's published version, and queue it. */
export async function startInspection(store: Store, queue: InspectionQueue, scope: Scope, sel: InspectionSelection, by: string | null, chunkSize?: number): Promise<Job> {
  const ruleSet = await store.ruleSets.published(scope.tenantId, sel.ruleSetId);
  const ids = await store.conversations.selectIds(scope, {
    ...(sel.from ? { from: sel.from } : {}),
    ...(sel.to ? { to: sel.to } : {}),
    ...(sel.teamId ? { teamId: sel.teamId } : {}),
    ...(sel.agentId ? { agentId: sel.agentId } : {}),
    ...(sel.channel ? { channel: sel.channel } : {}),
    ...(sel.conversationIds ? { ids: sel.conversationIds } : {}),
  });
  const { ruleSetId: _r, conversationIds, ...rest } = sel;
  const { job, chunks } = await store.jobs.createInspectJob(
    scope.tenantId,
    { ruleSetId: ruleSet.id, ruleSetVersion: ruleSet.version, ...(sel.importId ? { importId: sel.importId } : {}), selection: { ...rest, ...(conversationIds ? { conversationIds: conversationIds.length } : {}) } },
    ids,
    by,
    chunkSize,
  );
  await queue.submit(chunks);
  const fresh = await store.jobs.get(scope.tenantId, job.id);
  if (!fresh) throw notFound(`job ${job.id}`);
  return fresh;
}
