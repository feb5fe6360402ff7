/**
 * audit_log as the security layer's AuditSink: append-only rows with prev_hash / hash (the chain
 * is computed in src/security/audit.ts). `seq` is the primary key, so two writers racing for the
 * same position make one fail, and AuditLog retries it on the new head.
 */
import type { Kysely } from 'kysely';
import type { AuditEntry, AuditSink } from '../security/audit.js';
import type { Database } from './schema.js';

function toEntry(r: Database['audit_log']): AuditEntry {
  const e: AuditEntry = {
    seq: Number(r.seq),
    at: r.at,
    tenantId: r.tenant_id,
    action: r.action,
    actor: JSON.parse(r.actor_json) as AuditEntry['actor'],
    prevHash: r.prev_hash,
    hash: r.hash,
  };
  if (r.target_type !== null && r.target_id !== null) e.target = { type: r.target_type, id: r.target_id };
  if (r.details_json !== null) e.details = JSON.parse(r.details_json) as Record<string, unknown>;
  return e;
}

export class AuditRepo implements AuditSink {
  constructor(private readonly db: Kysely<Database>) {}

  async head() {
    const r = await this.db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return r ? { seq: Number(r.seq), hash: r.hash } : null;
  }

  async append(entry: AuditEntry): Promise<void> {
    const conversationId = typeof entry.details?.conversationId === 'string' ? entry.details.conversationId : entry.target?.type === 'conversation' ? entry.target.id : null;
    await this.db
      .insertInto('audit_log')
      .values({
        seq: entry.seq,
        tenant_id: entry.tenantId,
        at: entry.at,
        action: entry.action,
        actor_json: JSON.stringify(entry.actor),
        target_type: entry.target?.type ?? null,
        target_id: entry.target?.id ?? null,
        conversation_id: conversationId,
        details_json: entry.details === undefined ? null : JSON.stringify(entry.details),
        prev_hash: entry.prevHash,
        hash: entry.hash,
      })
      .execute();
  }

  /** The whole chain in order (kefu audit verify). */
  async all(): Promise<AuditEntry[]> {
    return (await this.db.selectFrom('audit_log').selectAll().orderBy('seq').execute()).map(toEntry);
  }

  /** Events about one conversation, oldest first (its review / appeal history). */
  async forConversation(tenantId: string, conversationId: string): Promise<AuditEntry[]> {
    const rows = await this.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId).where('conversation_id', '=', conversationId).orderBy('seq').execute();
    return rows.map(toEntry);
  }
}
