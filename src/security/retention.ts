/**
 * Retention and data-subject rights (PIPL 个人信息保护法 §47 deletion, §45 access/copy).
 *
 * - Retention: each tenant sets how many days conversations are kept (null = forever). The purge
 *   job deletes older conversations (with their turns, inspections, findings, reviews, appeals) in
 *   batches and writes one audit entry per tenant and run.
 * - Export: every conversation of one customer (by customer id or by phone number → token), clear
 *   text, as JSON — itself a read of personal data, so audited.
 * - Erasure: the same selection, either deleted outright or redacted (customer turns replaced by
 *   '*', personal data in the other turns and in findings masked, customer id and contact fields
 *   cleared) so the agent's QA history and scores survive without the person in them. Audited with
 *   counts and the subject's token, never the clear value.
 *
 * Written against `PrivacyStore`; src/store provides the adapter.
 */
import type { AuditActor, AuditEvent, AuditLog } from './audit.js';
import { canonicalPiiValue, maskValue, tokenize } from './pii/mask.js';

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

/** What the store looks a data subject up by. */
export interface SubjectQuery {
  customerId?: string;
  phoneToken?: string;
  /** canonical clear number, for rows stored without a key (development, or before encryption was turned on) */
  phone?: string;
}

export interface PrivacyStore {
  retentionSettings(): Promise<RetentionSetting[]>;
  /** Delete at most `limit` conversations (and dependents) of the tenant that started before `cutoff`; returns how many. */
  purgeConversationsBefore(tenantId: string, cutoff: Date, limit: number): Promise<number>;
  /** Ids of the tenant's conversations whose customer matches (customer id, or phone token on the conversation/customer record or in its tokenised text; the clear phone in rows stored in clear). */
  findSubjectConversations(tenantId: string, subject: SubjectQuery): Promise<string[]>;
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

const MAX_TIMER_MS = 2 ** 31 - 1;

export interface PurgeSchedule {
  /** Between runs (default daily). */
  intervalMs?: number;
  /** Before the first run (default one minute): after start-up, yet not a whole interval late, so restarts cannot postpone the purge forever. */
  firstRunMs?: number;
  batchSize?: number;
  onError?: (err: unknown) => void;
}

/**
 * Start the purge job on unref'd timers (they never keep the process alive). The returned stop
 * function cancels the schedule and waits for a run in progress, which stops after its batch.
 */
export function scheduleRetentionPurge(store: PrivacyStore, audit: AuditLog, schedule: PurgeSchedule = {}): () => Promise<void> {
  const intervalMs = schedule.intervalMs ?? 86_400_000;
  // Node replaces a longer timer delay with 1 ms, which would purge continuously
  if (!(intervalMs >= 1 && intervalMs <= MAX_TIMER_MS)) throw new RangeError(`the purge interval must be between 1 ms and ${MAX_TIMER_MS} ms (24.8 days), got ${intervalMs}`);
  const controller = new AbortController();
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running || controller.signal.aborted) return;
    running = runRetentionPurge(store, audit, { signal: controller.signal, ...(schedule.batchSize ? { batchSize: schedule.batchSize } : {}) })
      .then(
        () => undefined,
        (err: unknown) => schedule.onError?.(err),
      )
      .finally(() => (running = null));
  };
  const first = setTimeout(tick, schedule.firstRunMs ?? 60_000);
  const timer = setInterval(tick, intervalMs);
  first.unref();
  timer.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    controller.abort();
    await running;
  };
}

/** A data subject that cannot be looked up; `field` names the offending input. */
export class SubjectError extends RangeError {
  constructor(
    readonly field: 'customerId' | 'phone',
    message: string,
  ) {
    super(message);
    this.name = 'SubjectError';
  }
}

interface ResolvedSubject {
  query: SubjectQuery;
  /** what the audit log and the answer name: customer id, phone token, or (no token key) the masked number */
  described: Record<string, string>;
  auditId: string;
}

function resolveSubject(subject: DataSubject, tokenKey: Buffer | string | undefined): ResolvedSubject {
  const query: SubjectQuery = {};
  const described: Record<string, string> = {};
  if (subject.customerId) {
    query.customerId = subject.customerId;
    described.customerId = subject.customerId;
  }
  if (subject.phone) {
    const phone = canonicalPiiValue(subject.phone);
    // matched as a substring of clear text: anything shorter than a phone number would match far too much
    if (!/^[0-9]{7,15}$/.test(phone)) throw new SubjectError('phone', `phone must be a phone number (7 to 15 digits; +86, spaces and dashes allowed), got "${subject.phone}"`);
    query.phone = phone;
  }
  const token = subject.phoneToken ?? (query.phone && tokenKey ? tokenize(query.phone, tokenKey) : undefined);
  if (token) {
    query.phoneToken = token;
    described.phoneToken = token;
  } else if (query.phone) {
    // no token key (a store without encryption): the audit log names the number masked, never in clear
    described.phone = maskValue('mobile', query.phone);
  }
  const auditId = query.customerId ?? described.phoneToken ?? described.phone;
  if (auditId === undefined) throw new SubjectError('customerId', 'a data subject needs a customerId or a phone number');
  return { query, described, auditId };
}

export interface SubjectRequestContext {
  tenantId: string;
  actor: AuditActor;
  /** the store's token key (key ring); without one, phone numbers are matched in clear only */
  tokenKey: Buffer | string | undefined;
  /** free text from the request (ticket number of the customer's request, …) */
  reason?: string;
}

export async function exportDataSubject(store: PrivacyStore, audit: AuditLog, ctx: SubjectRequestContext, subject: DataSubject) {
  const q = resolveSubject(subject, ctx.tokenKey);
  const ids = await store.findSubjectConversations(ctx.tenantId, q.query);
  const conversations = await store.exportConversations(ctx.tenantId, ids);
  const event: AuditEvent = {
    tenantId: ctx.tenantId,
    action: 'privacy.export',
    actor: ctx.actor,
    target: { type: 'data_subject', id: q.auditId },
    details: { subject: q.described, conversations: ids.length, ...(ctx.reason ? { reason: ctx.reason } : {}) },
  };
  const entry = await audit.record(event);
  return { subject: q.described, exportedAt: entry.at, auditSeq: entry.seq, conversations };
}

export async function eraseDataSubject(store: PrivacyStore, audit: AuditLog, ctx: SubjectRequestContext, subject: DataSubject, mode: ErasureMode = 'redact') {
  const q = resolveSubject(subject, ctx.tokenKey);
  const ids = await store.findSubjectConversations(ctx.tenantId, q.query);
  const counts = ids.length > 0 ? await store.eraseConversations(ctx.tenantId, ids, mode) : { conversations: 0, turns: 0 };
  const entry = await audit.record({
    tenantId: ctx.tenantId,
    action: 'privacy.erase',
    actor: ctx.actor,
    target: { type: 'data_subject', id: q.auditId },
    details: { subject: q.described, mode, conversationIds: ids, ...counts, ...(ctx.reason ? { reason: ctx.reason } : {}) },
  });
  return { subject: q.described, mode, ...counts, auditSeq: entry.seq };
}
