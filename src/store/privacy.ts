/**
 * The security layer's PrivacyStore (src/security/retention.ts) over the store: per-tenant
 * retention, purge in batches, data-subject lookup, export and erasure (delete or redact).
 * Every multi-row change runs in one transaction. With a key ring the subject is found through
 * tokens (customer_token, ⟦phone:token⟧ in turns.search_text) and redacted text is stored sealed.
 */
import { sql, type Kysely } from 'kysely';
import { contactToken, likePattern, openText, sealField, sealText, type AtRestConfig } from '../security/at-rest.js';
import type { ErasureMode, PrivacyStore, RetentionSetting } from '../security/retention.js';
import { aad } from './at-rest.js';
import { deleteResults, type ConversationRepo } from './conversations.js';
import type { Database } from './schema.js';
import { chunked } from './util.js';

export class PrivacyRepo implements PrivacyStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly conversations: ConversationRepo,
    private readonly atRest: AtRestConfig,
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
    const conversationsWhere = async (column: 'customer_id' | 'customer_token', value: string) => {
      for (const r of await this.db.selectFrom('conversations').select('id').where('tenant_id', '=', tenantId).where(column, '=', value).execute()) ids.add(r.id);
    };
    if (subject.customerId) {
      // the clear column still matches rows stored before a key was configured
      await conversationsWhere('customer_id', subject.customerId);
      const token = contactToken(subject.customerId, this.atRest);
      if (token) await conversationsWhere('customer_token', token);
    }
    if (subject.phoneToken) {
      // a customer id that is the phone number, and the number in text (⟦mobile:token⟧ in search_text)
      await conversationsWhere('customer_token', subject.phoneToken);
      const rows = await this.db
        .selectFrom('turns')
        .select('conversation_id')
        .distinct()
        .where('tenant_id', '=', tenantId)
        .where(sql<boolean>`search_text like ${likePattern(subject.phoneToken)} escape '\\'`)
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
        const c = await trx.updateTable('conversations').set({ customer_id: null, customer_token: null, meta_json: null }).where('tenant_id', '=', tenantId).where('id', 'in', slice).executeTakeFirst();
        conversations += Number(c.numUpdatedRows);
        // same length, so finding offsets on other turns stay valid
        const customerTurns = await trx.selectFrom('turns').select(['conversation_id', 'seq', 'text']).where('tenant_id', '=', tenantId).where('conversation_id', 'in', slice).where('role', '=', 'customer').execute();
        for (const t of customerTurns) {
          const seq = Number(t.seq);
          const stars = '*'.repeat(openText(t.text, this.atRest, aad.turn(tenantId, t.conversation_id, seq)).length);
          const sealed = sealText(stars, this.atRest, aad.turn(tenantId, t.conversation_id, seq));
          await trx.updateTable('turns').set({ text: sealed.stored, search_text: sealed.search }).where('tenant_id', '=', tenantId).where('conversation_id', '=', t.conversation_id).where('seq', '=', seq).execute();
          const findings = await trx.selectFrom('findings').select('id').where('tenant_id', '=', tenantId).where('conversation_id', '=', t.conversation_id).where('turn', '=', seq).execute();
          for (const f of findings) {
            await trx.updateTable('findings').set({ text: sealField(stars, this.atRest, aad.finding(tenantId, f.id, 'text')) }).where('id', '=', f.id).execute();
          }
        }
        turns += customerTurns.length;
      }
      return { conversations, turns };
    });
  }
}
