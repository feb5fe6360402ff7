/**
 * The security layer's PrivacyStore (src/security/retention.ts) over the store: per-tenant
 * retention, purge in batches, data-subject lookup, export and erasure (delete or redact).
 * Every multi-row change runs in one transaction. With a key ring the subject is found through
 * tokens (customer_token, ⟦phone:token⟧ in turns.search_text) and redacted text is stored sealed;
 * rows stored in clear (no key, or written before one was configured) are matched in clear.
 */
import { sql, type Kysely } from 'kysely';
import { contactToken, likePattern, openText, sealField, sealText, type AtRestConfig } from '../security/at-rest.js';
import { STRICT_MASK_POLICY } from '../security/pii/mask.js';
import { maskFindings, maskString, type RedactOptions } from '../security/redact.js';
import type { ErasureMode, PrivacyStore, RetentionSetting, SubjectQuery } from '../security/retention.js';
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

  /** The tenant's retention period (null: forever), undefined when there is no such tenant. */
  async retention(tenantId: string): Promise<number | null | undefined> {
    const row = await this.db.selectFrom('tenants').select('retention_days').where('id', '=', tenantId).executeTakeFirst();
    if (!row) return undefined;
    return row.retention_days === null ? null : Number(row.retention_days);
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

  async findSubjectConversations(tenantId: string, subject: SubjectQuery): Promise<string[]> {
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
    if (subject.phone) {
      if (!/^[0-9]+$/.test(subject.phone)) throw new RangeError('the phone of a subject query must be its canonical digits (see resolveSubject)');
      // rows in clear hold the number itself: as the customer id, or in text (search_text is the text there)
      await conversationsWhere('customer_id', subject.phone);
      // typed as 13812345678, 138 1234 5678 or +86 138-1234-5678: its last four digits are together in each
      const candidates = await this.db
        .selectFrom('turns')
        .select(['conversation_id', 'search_text'])
        .where('tenant_id', '=', tenantId)
        .where(sql<boolean>`search_text like ${likePattern(subject.phone.slice(-4))} escape '\\'`)
        .execute();
      // the whole number, not the digits inside a longer one such as an order number
      const whole = new RegExp(`(?:^|[^0-9])(?:(?:\\+?86|0086)[\\s-]?)?${subject.phone.split('').join('[\\s-]?')}(?![0-9])`);
      for (const r of candidates) if (whole.test(r.search_text)) ids.add(r.conversation_id);
    }
    return [...ids].sort();
  }

  async exportConversations(tenantId: string, ids: readonly string[]): Promise<unknown[]> {
    return this.conversations.load(tenantId, ids);
  }

  async eraseConversations(tenantId: string, ids: readonly string[], mode: ErasureMode): Promise<{ conversations: number; turns: number }> {
    if (mode === 'delete') return this.deleteConversations(tenantId, ids);
    // every personal value hidden completely, length-preserving so finding offsets stay valid
    const strict: RedactOptions = { policy: STRICT_MASK_POLICY, ...(this.atRest.detect ? { detect: this.atRest.detect } : {}) };
    return this.db.transaction().execute(async (trx) => {
      let conversations = 0;
      let turns = 0;
      for (const slice of chunked(ids, 500)) {
        const c = await trx.updateTable('conversations').set({ customer_id: null, customer_token: null, meta_json: null }).where('tenant_id', '=', tenantId).where('id', 'in', slice).executeTakeFirst();
        conversations += Number(c.numUpdatedRows);
        // customer turns become stars; the agent's keep their words but not the personal data they repeat
        const redacted = new Map<string, Array<{ text: string }>>();
        const rows = await trx.selectFrom('turns').select(['conversation_id', 'seq', 'role', 'text']).where('tenant_id', '=', tenantId).where('conversation_id', 'in', slice).orderBy('conversation_id').orderBy('seq').execute();
        for (const t of rows) {
          const seq = Number(t.seq);
          const where = aad.turn(tenantId, t.conversation_id, seq);
          const clear = openText(t.text, this.atRest, where);
          const text = t.role === 'customer' ? '*'.repeat(clear.length) : maskString(clear, strict);
          let list = redacted.get(t.conversation_id);
          if (!list) redacted.set(t.conversation_id, (list = []));
          list[seq] = { text };
          if (t.role !== 'customer' && text === clear) continue;
          const sealed = sealText(text, this.atRest, where);
          await trx.updateTable('turns').set({ text: sealed.stored, search_text: sealed.search }).where('tenant_id', '=', tenantId).where('conversation_id', '=', t.conversation_id).where('seq', '=', seq).execute();
          turns++;
        }
        const findings = await trx
          .selectFrom('findings')
          .select(['id', 'conversation_id', 'turn', 'start_offset', 'end_offset', 'text', 'message', 'suggestion'])
          .where('tenant_id', '=', tenantId)
          .where('conversation_id', 'in', slice)
          .execute();
        for (const f of findings) {
          const open = (column: 'text' | 'message' | 'suggestion', value: string) => openText(value, this.atRest, aad.finding(tenantId, f.id, column));
          const clear = { turn: Number(f.turn), start: Number(f.start_offset), end: Number(f.end_offset), text: open('text', f.text), message: open('message', f.message), suggestion: f.suggestion === null ? null : open('suggestion', f.suggestion) };
          const [masked] = maskFindings([clear], redacted.get(f.conversation_id) ?? [], strict);
          if (masked!.text === clear.text && masked!.message === clear.message && masked!.suggestion === clear.suggestion) continue;
          await trx
            .updateTable('findings')
            .set({
              text: sealField(masked!.text, this.atRest, aad.finding(tenantId, f.id, 'text')),
              message: sealField(masked!.message, this.atRest, aad.finding(tenantId, f.id, 'message')),
              suggestion: sealField(masked!.suggestion, this.atRest, aad.finding(tenantId, f.id, 'suggestion')),
            })
            .where('tenant_id', '=', tenantId)
            .where('id', '=', f.id)
            .execute();
        }
      }
      return { conversations, turns };
    });
  }
}
