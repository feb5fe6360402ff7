/**
 * The security layer's PrivacyStore (src/security/retention.ts) over the store: per-tenant
 * retention, purge in batches, data-subject lookup, export and erasure (delete or redact).
 * Every multi-row change runs in one transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { ErasureMode, PrivacyStore, RetentionSetting } from '../security/retention.js';
import { deleteResults, type ConversationRepo } from './conversations.js';
import type { Database } from './schema.js';
import { chunked, likePattern } from './util.js';

export class PrivacyRepo implements PrivacyStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly conversations: ConversationRepo,
  ) {}

  async setRetention(tenantId: string, retentionDays: number | null): Promise<void> {
    await this.db.updateTable('tenants').set({ retention_days: retentionDays }).where('id', '=', tenantId).execute();
  }

  async retentionSettings(): Promise<RetentionSetting[]> {
    const rows = await this.db.selectFrom('tenants').select(['id', 'retention_days']).orderBy('id').execute();
    return rows.map((r) => ({ tenantId: r.id, retentionDays: r.retention_days === null ? null : Number(r.retention_days) }));
  }

  async purgeConversationsBefore(tenantId: string, cutoff: Date, limit: number): Promise<number> {
    const ids = (
      await this.db
        .selectFrom('conversations')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where(sql<string>`coalesce(started_at, created_at)`, '<', cutoff.toISOString())
        .orderBy('id')
        .limit(limit)
        .execute()
    ).map((r) => r.id);
    if (ids.length === 0) return 0;
    await this.deleteConversations(tenantId, ids);
    return ids.length;
  }

  private async deleteConversations(tenantId: string, ids: readonly string[]): Promise<{ conversations: number; turns: number }> {
    return this.db.transaction().execute(async (trx) => {
      let conversations = 0;
      let turns = 0;
      for (const slice of chunked(ids, 500)) {
        await deleteResults(trx, tenantId, slice);
        const t = await trx.deleteFrom('turns').where('tenant_id', '=', tenantId).where('conversation_id', 'in', slice).executeTakeFirst();
        const c = await trx.deleteFrom('conversations').where('tenant_id', '=', tenantId).where('id', 'in', slice).executeTakeFirst();
        turns += Number(t.numDeletedRows);
        conversations += Number(c.numDeletedRows);
      }
      return { conversations, turns };
    });
  }

  async findSubjectConversations(tenantId: string, subject: { customerId?: string; phoneToken?: string }): Promise<string[]> {
    const ids = new Set<string>();
    if (subject.customerId) {
      for (const r of await this.db.selectFrom('conversations').select('id').where('tenant_id', '=', tenantId).where('customer_id', '=', subject.customerId).execute()) ids.add(r.id);
    }
    if (subject.phoneToken) {
      // matches text stored in tokenised form (⟦phone:token⟧), once the security layer stores it so
      const rows = await this.db
        .selectFrom('turns')
        .select('conversation_id')
        .distinct()
        .where('tenant_id', '=', tenantId)
        .where(sql<boolean>`text like ${likePattern(subject.phoneToken)} escape '\\'`)
        .execute();
      for (const r of rows) ids.add(r.conversation_id);
    }
    return [...ids].sort();
  }

  async exportConversations(tenantId: string, ids: readonly string[]): Promise<unknown[]> {
    return this.conversations.load(tenantId, ids);
  }

  async eraseConversations(tenantId: string, ids: readonly string[], mode: ErasureMode): Promise<{ conversations: number; turns: number }> {
    if (mode === 'delete') return this.deleteConversations(tenantId, ids);
    return this.db.transaction().execute(async (trx) => {
      let conversations = 0;
      let turns = 0;
      for (const slice of chunked(ids, 500)) {
        const c = await trx.updateTable('conversations').set({ customer_id: null, meta_json: null }).where('tenant_id', '=', tenantId).where('id', 'in', slice).executeTakeFirst();
        conversations += Number(c.numUpdatedRows);
        // same length, so finding offsets on other turns stay valid
        const customerTurns = await trx.selectFrom('turns').select(['conversation_id', 'seq', 'text']).where('tenant_id', '=', tenantId).where('conversation_id', 'in', slice).where('role', '=', 'customer').execute();
        for (const t of customerTurns) {
          await trx.updateTable('turns').set({ text: '*'.repeat(t.text.length) }).where('tenant_id', '=', tenantId).where('conversation_id', '=', t.conversation_id).where('seq', '=', t.seq).execute();
          await trx.updateTable('findings').set({ text: '*'.repeat(t.text.length) }).where('tenant_id', '=', tenantId).where('conversation_id', '=', t.conversation_id).where('turn', '=', t.seq).execute();
        }
        turns += customerTurns.length;
      }
      return { conversations, turns };
    });
  }
}
