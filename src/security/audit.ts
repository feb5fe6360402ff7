/**
 * Append-only, hash-chained audit log.
 *
 * Each entry's hash is sha256(prevHash + canonicalJson(entry without its hash)); the first entry's
 * prevHash is 64 zeros. Changing, deleting or reordering any stored entry breaks the chain from that
 * point on, which `verifyChain` (and `kefu audit verify`) reports by index. The log covers reads of
 * personal data (`pii.reveal`, `privacy.export`) as well as changes (PIPL: who saw which record, when).
 *
 * Hash chaining makes tampering evident, not impossible: someone who can rewrite the whole table
 * can recompute every hash. Export the head hash regularly (`kefu audit head`) to somewhere the
 * database admin cannot write; `verifyChain` with `expectedHead` then detects a rewrite.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditActor {
  userId: string;
  username?: string;
  role?: string;
  /** 'session' | 'token' | 'cli' | 'system' */
  via?: string;
  ip?: string;
}

/** What callers record. */
export interface AuditEvent {
  tenantId: string;
  /** dotted verb, e.g. 'pii.reveal', 'finding.review', 'user.create', 'privacy.erase' */
  action: string;
  actor: AuditActor;
  /** what was acted on */
  target?: { type: string; id: string };
  /** JSON-serialisable details; never put clear personal data here (use ids / tokens / kinds) */
  details?: Record<string, unknown>;
}

/** A stored entry. */
export interface AuditEntry extends AuditEvent {
  /** 1-based position in the chain */
  seq: number;
  /** ISO-8601 UTC */
  at: string;
  prevHash: string;
  hash: string;
}

/**
 * Deterministic JSON: object keys sorted, `undefined` members dropped, no whitespace. Numbers must
 * be finite; Dates become ISO strings. The same value always gives the same bytes, whichever
 * database and driver stored it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      return JSON.stringify(value);
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode ${typeof value}`);
  }
}

/** The hashed part of an entry: everything except `hash` (prevHash is hashed as the prefix). */
function hashedBody(e: Omit<AuditEntry, 'hash'>): Record<string, unknown> {
  return {
    seq: e.seq,
    at: e.at,
    tenantId: e.tenantId,
    action: e.action,
    actor: e.actor,
    target: e.target,
    details: e.details,
  };
}

export function computeEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(entry.prevHash, 'utf8').update(canonicalJson(hashedBody(entry)), 'utf8').digest('hex');
}

/** Build the next entry after `prev` (null for the first). */
export function chainEntry(prev: Pick<AuditEntry, 'seq' | 'hash'> | null, event: AuditEvent, at: Date = new Date()): AuditEntry {
  // drop undefined members now so the stored JSON and the hashed JSON are the same
  const clean = JSON.parse(JSON.stringify({ ...event })) as AuditEvent;
  const base = { ...clean, seq: (prev?.seq ?? 0) + 1, at: at.toISOString(), prevHash: prev?.hash ?? GENESIS_HASH };
  return { ...base, hash: computeEntryHash(base) };
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  /** index (0-based, in the array given) of the first entry that does not verify; null when ok */
  firstBroken: number | null;
  reason?: string;
  headHash: string;
}

/**
 * Verify entries in chain order (by seq). `start` lets a caller verify a window: pass the entry
 * before the window (or null for the genesis).
 */
export function verifyChain(
  entries: readonly AuditEntry[],
  options: { start?: Pick<AuditEntry, 'seq' | 'hash'> | null; expectedHead?: string } = {},
): ChainVerification {
  let prevHash = options.start?.hash ?? GENESIS_HASH;
  let prevSeq = options.start?.seq ?? 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const fail = (reason: string): ChainVerification => ({ ok: false, checked: i, firstBroken: i, reason, headHash: prevHash });
    if (e.seq !== prevSeq + 1) return fail(`entry ${i}: seq ${e.seq} after ${prevSeq} (missing or reordered entries)`);
    if (e.prevHash !== prevHash) return fail(`entry ${i} (seq ${e.seq}): prevHash does not match the previous entry's hash (an entry was removed or changed)`);
    let expected: string;
    try {
      expected = computeEntryHash(e);
    } catch (err) {
      return fail(`entry ${i} (seq ${e.seq}): ${(err as Error).message}`);
    }
    if (expected !== e.hash) return fail(`entry ${i} (seq ${e.seq}): hash mismatch (the entry was modified)`);
    prevHash = e.hash;
    prevSeq = e.seq;
  }
  if (options.expectedHead !== undefined && options.expectedHead !== prevHash) {
    return { ok: false, checked: entries.length, firstBroken: entries.length, reason: `head hash ${prevHash} differs from the recorded head ${options.expectedHead} (the log was truncated or rewritten)`, headHash: prevHash };
  }
  return { ok: true, checked: entries.length, firstBroken: null, headHash: prevHash };
}

// --- a log over any append-only sink -----------------------------------------------------------

/** What the store provides (audit_log table). `append` must fail if `entry.seq` already exists. */
export interface AuditSink {
  head(): Promise<Pick<AuditEntry, 'seq' | 'hash'> | null>;
  append(entry: AuditEntry): Promise<void>;
}

/**
 * Serialises appends within this process; across processes the sink's unique seq makes a racing
 * writer fail and retry (`append` throws, we reload the head and try again).
 */
export class AuditLog {
  private queue: Promise<unknown> = Promise.resolve();
  constructor(
    private readonly sink: AuditSink,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  record(event: AuditEvent): Promise<AuditEntry> {
    const run = this.queue.then(async () => {
      let lastErr: unknown;
      for (let attempt = 0; attempt < 5; attempt++) {
        const head = await this.sink.head();
        const entry = chainEntry(head, event, this.clock());
        try {
          await this.sink.append(entry);
          return entry;
        } catch (err) {
          lastErr = err;
        }
      }
      throw lastErr;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** In-memory sink (tests, CLI dry runs). */
export class MemoryAuditSink implements AuditSink {
  readonly entries: AuditEntry[] = [];
  async head() {
    const last = this.entries[this.entries.length - 1];
    return last ? { seq: last.seq, hash: last.hash } : null;
  }
  async append(entry: AuditEntry) {
    if (this.entries.some((e) => e.seq === entry.seq)) throw new Error(`audit seq ${entry.seq} exists`);
    this.entries.push(entry);
  }
}

/** The event for a read of clear personal data (PIPL: who saw which record, when). */
export function piiRevealEvent(
  actor: AuditActor,
  tenantId: string,
  target: { type: string; id: string },
  details: { fields?: string[]; kinds?: string[]; reason?: string; turns?: number[] } = {},
): AuditEvent {
  return { tenantId, action: 'pii.reveal', actor, target, details };
}
