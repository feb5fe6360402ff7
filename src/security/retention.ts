/**
 * Retention and data-subject rights (PIPL 个人信息保护法 §47 deletion, §45 access/copy).
 *
 * - Retention: each tenant sets how many days conversations are kept (null = forever). The purge
 *   job deletes older conversations (with their turns, inspections, findings, reviews, appeals) in
 *   batches and writes one audit entry per tenant and run.
 * - Export: every conversation of one customer (by customer id or by phone number → token), clear
 *   text, as JSON — itself a read of personal data, so audited.
 * - Erasure: the same selection, either deleted outright or redacted (customer turns replaced by
 *   '*', customer id and contact fields cleared) so the agent's QA history and scores survive
 *   without the person in them. Audited with counts and the subject's token, never the clear value.
 *
 * Written against `PrivacyStore`; src/store provides the adapter.
 */
import type { AuditActor, AuditEvent, AuditLog } from './audit.js';
import { tokenize } from './pii/mask.js';

export interface RetentionSetting {
  tenantId: string;
  /** null: keep forever */
  retentionDays: number | null;
}

export interface DataSubject {
  customerId?: string;
  /** clear phone number as typed; tokenised before it reaches the store */
  phone?: string;
  /** already tokenised phone (see pii/mask.ts tokenize) */
  phoneToken?: string;
}

export type ErasureMode = 'delete' | 'redact';

export interface PrivacyStore {
  retentionSettings(): Promise<RetentionSetting[]>;
  /** Delete at most `limit` conversations (and dependents) of the tenant that started before `cutoff`; returns how many. */
  purgeConversationsBefore(tenantId: string, cutoff: Date, limit: number): Promise<number>;
  /** Ids of the tenant's conversations whose customer matches (customer id, or phone token on the conversation/customer record or in its tokenised text). */
  findSubjectConversations(tenantId: string, subject: { customerId?: string; phoneToken?: string }): Promise<string[]>;
  /** Clear-text records for export (decrypted). */
  exportConversations(tenantId: string, ids: readonly string[]): Promise<unknown[]>;
  /** Delete or redact; returns counts of affected rows. */
  eraseConversations(tenantId: string, ids: readonly string[], mode: ErasureMode): Promise<{ conversations: number; turns: number }>;
}

export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 36500;

export function validateRetentionDays(days: unknown): number | null {
  if (days === null) return null;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < MIN_RETENTION_DAYS || days > MAX_RETENTION_DAYS) {
    throw new RangeError(`retentionDays must be an integer between ${MIN_RETENTION_DAYS} and ${MAX_RETENTION_DAYS}, or null`);
  }
  return days;
}

export function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

const SYSTEM: AuditActor = { userId: 'system', username: 'retention-job', role: 'system', via: 'system' };

export interface PurgeReport {
  tenantId: string;
  cutoff: string;
  purged: number;
}

/** One run of the purge job over every tenant with a retention period. */
export async function runRetentionPurge(store: PrivacyStore, audit: AuditLog, options: { now?: Date; batchSize?: number; signal?: AbortSignal } = {}): Promise<PurgeReport[]> {
  const now = options.now ?? new Date();
  const batch = options.batchSize ?? 500;
  const reports: PurgeReport[] = [];
  for (const s of await store.retentionSettings()) {
    if (s.retentionDays === null) continue;
    const cutoff = retentionCutoff(now, s.retentionDays);
    let purged = 0;
    for (;;) {
      if (options.signal?.aborted) break;
      const n = await store.purgeConversationsBefore(s.tenantId, cutoff, batch);
      purged += n;
      if (n < batch) break;
      await new Promise<void>((r) => setImmediate(r));
    }
    const report = { tenantId: s.tenantId, cutoff: cutoff.toISOString(), purged };
    reports.push(report);
    if (purged > 0) {
      await audit.record({ tenantId: s.tenantId, action: 'retention.purge', actor: SYSTEM, details: { cutoff: report.cutoff, retentionDays: s.retentionDays, conversations: purged } });
    }
  }
  return reports;
}

/** Start the purge job on an interval (default daily); returns a stop function. */
export function scheduleRetentionPurge(store: PrivacyStore, audit: AuditLog, intervalMs = 86_400_000, onError: (err: unknown) => void = () => {}): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runRetentionPurge(store, audit);
    } catch (err) {
      onError(err);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

function subjectQuery(subject: DataSubject, tokenKey: Buffer | string): { customerId?: string; phoneToken?: string; described: Record<string, string> } {
  const q: { customerId?: string; phoneToken?: string } = {};
  const described: Record<string, string> = {};
  if (subject.customerId) {
    q.customerId = subject.customerId;
    described.customerId = subject.customerId;
  }
  const token = subject.phoneToken ?? (subject.phone ? tokenize(subject.phone, tokenKey) : undefined);
  if (token) {
    q.phoneToken = token;
    described.phoneToken = token;
  }
  if (!q.customerId && !q.phoneToken) throw new RangeError('a data subject needs a customerId or a phone number');
  return { ...q, described };
}

export interface SubjectRequestContext {
  tenantId: string;
  actor: AuditActor;
  tokenKey: Buffer | string;
  /** free text from the request (ticket number of the customer's request, …) */
  reason?: string;
}

export async function exportDataSubject(store: PrivacyStore, audit: AuditLog, ctx: SubjectRequestContext, subject: DataSubject) {
  const q = subjectQuery(subject, ctx.tokenKey);
  const ids = await store.findSubjectConversations(ctx.tenantId, q);
  const conversations = await store.exportConversations(ctx.tenantId, ids);
  const event: AuditEvent = {
    tenantId: ctx.tenantId,
    action: 'privacy.export',
    actor: ctx.actor,
    target: { type: 'data_subject', id: q.customerId ?? q.phoneToken! },
    details: { subject: q.described, conversations: ids.length, ...(ctx.reason ? { reason: ctx.reason } : {}) },
  };
  const entry = await audit.record(event);
  return { subject: q.described, exportedAt: entry.at, auditSeq: entry.seq, conversations };
}

export async function eraseDataSubject(store: PrivacyStore, audit: AuditLog, ctx: SubjectRequestContext, subject: DataSubject, mode: ErasureMode = 'redact') {
  const q = subjectQuery(subject, ctx.tokenKey);
  const ids = await store.findSubjectConversations(ctx.tenantId, q);
  const counts = ids.length > 0 ? await store.eraseConversations(ctx.tenantId, ids, mode) : { conversations: 0, turns: 0 };
  const entry = await audit.record({
    tenantId: ctx.tenantId,
    action: 'privacy.erase',
    actor: ctx.actor,
    target: { type: 'data_subject', id: q.customerId ?? q.phoneToken! },
    details: { subject: q.described, mode, conversationIds: ids, ...counts, ...(ctx.reason ? { reason: ctx.reason } : {}) },
  });
  return { subject: q.described, mode, ...counts, auditSeq: entry.seq };
}
