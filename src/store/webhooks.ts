/**
 * Webhooks and their deliveries (an outbox): a delivery row is written in the same transaction
 * as the event's cause (e.g. a stored inspection with a fatal finding), then the dispatcher
 * (src/queue/webhooks.ts) POSTs it, HMAC-signed, retrying with exponential backoff. The signing
 * secret is stored encrypted when a key ring is configured (it must be recoverable to sign, so
 * it cannot be hashed like API tokens).
 */
import type { Kysely, Transaction } from 'kysely';
import { openText, sealField, type AtRestConfig } from '../security/at-rest.js';
import { aad } from './at-rest.js';
import type { Database } from './schema.js';
import { newId, notFound, nowIso } from './util.js';

export const WEBHOOK_EVENTS = ['finding.fatal', 'sla.breach'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  createdAt: string;
}

export interface Delivery {
  id: string;
  tenantId: string;
  webhookId: string;
  url: string;
  secret: string;
  event: string;
  payload: string;
  attempts: number;
}

type Db = Kysely<Database> | Transaction<Database>;

export class WebhookRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly atRest: AtRestConfig,
  ) {}

  async create(tenantId: string, v: { url: string; events: string[]; secret: string }, by: string | null): Promise<Webhook> {
    const id = newId('whk');
    const at = nowIso();
    const secret = sealField(v.secret, this.atRest, aad.webhookSecret(tenantId, id));
    await this.db.insertInto('webhooks').values({ id, tenant_id: tenantId, url: v.url, events_json: JSON.stringify(v.events), secret, active: 1, created_by: by, created_at: at }).execute();
    return { id, url: v.url, events: v.events, active: true, createdAt: at };
  }

  async list(tenantId: string): Promise<Webhook[]> {
    const rows = await this.db.selectFrom('webhooks').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').execute();
    return rows.map((r) => ({ id: r.id, url: r.url, events: JSON.parse(r.events_json) as string[], active: Number(r.active) === 1, createdAt: r.created_at }));
  }

  async delete(tenantId: string, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const r = await trx.deleteFrom('webhooks').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw notFound(`webhook ${id}`);
      await trx.updateTable('webhook_deliveries').set({ status: 'cancelled' }).where('webhook_id', '=', id).where('status', '=', 'pending').execute();
    });
  }

  /** Queue one delivery per active webhook of the tenant subscribed to the event. */
  async enqueue(db: Db, tenantId: string, event: WebhookEvent, payloads: readonly unknown[]): Promise<number> {
    if (payloads.length === 0) return 0;
    const hooks = (await db.selectFrom('webhooks').selectAll().where('tenant_id', '=', tenantId).where('active', '=', 1).execute()).filter((h) => (JSON.parse(h.events_json) as string[]).includes(event));
    if (hooks.length === 0) return 0;
    const at = nowIso();
    const rows = hooks.flatMap((h) =>
      payloads.map((p) => ({
        id: newId('dlv'),
        tenant_id: tenantId,
        webhook_id: h.id,
        event,
        payload: JSON.stringify({ event, tenantId, at, data: p }),
        status: 'pending',
        attempts: 0,
        next_attempt_at: at,
        last_status: null,
        last_error: null,
        created_at: at,
        delivered_at: null,
      })),
    );
    for (let i = 0; i < rows.length; i += 500) await db.insertInto('webhook_deliveries').values(rows.slice(i, i + 500)).execute();
    return rows.length;
  }

  /**
   * Claim due deliveries: each is leased for `leaseMs` by moving its next_attempt_at forward
   * with a compare-and-set, so two dispatchers never send the same attempt.
   */
  async claimDue(limit: number, leaseMs: number): Promise<Delivery[]> {
    const now = nowIso();
    const rows = await this.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
      .select(['d.id', 'd.tenant_id', 'd.webhook_id', 'd.event', 'd.payload', 'd.attempts', 'd.next_attempt_at', 'w.url', 'w.secret'])
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', now)
      .orderBy('d.next_attempt_at')
      .limit(limit)
      .execute();
    // secrets are opened before anything is claimed: with a missing key this throws (the
    // dispatcher logs it) and the deliveries stay due instead of failing attempts
    const secrets = rows.map((r) => openText(r.secret, this.atRest, aad.webhookSecret(r.tenant_id, r.webhook_id)));
    const lease = new Date(Date.now() + leaseMs).toISOString();
    const claimed: Delivery[] = [];
    for (const [i, r] of rows.entries()) {
      const u = await this.db.updateTable('webhook_deliveries').set({ next_attempt_at: lease }).where('id', '=', r.id).where('next_attempt_at', '=', r.next_attempt_at).where('status', '=', 'pending').executeTakeFirst();
      if (Number(u.numUpdatedRows) === 1) claimed.push({ id: r.id, tenantId: r.tenant_id, webhookId: r.webhook_id, url: r.url, secret: secrets[i]!, event: r.event, payload: r.payload, attempts: Number(r.attempts) });
    }
    return claimed;
  }

  async delivered(id: string, status: number): Promise<void> {
    const at = nowIso();
    await this.db.updateTable('webhook_deliveries').set((eb) => ({ status: 'delivered', attempts: eb('attempts', '+', 1), last_status: status, last_error: null, delivered_at: at })).where('id', '=', id).execute();
  }

  /** A failed attempt: retry at `nextAt`, or give up (`nextAt` null). */
  async failed(id: string, status: number | null, error: string, nextAt: Date | null): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set((eb) => ({ status: nextAt ? 'pending' : 'failed', attempts: eb('attempts', '+', 1), last_status: status, last_error: error.slice(0, 500), next_attempt_at: (nextAt ?? new Date()).toISOString() }))
      .where('id', '=', id)
      .execute();
  }

  async deliveries(tenantId: string, webhookId?: string) {
    let q = this.db.selectFrom('webhook_deliveries').selectAll().where('tenant_id', '=', tenantId);
    if (webhookId) q = q.where('webhook_id', '=', webhookId);
    const rows = await q.orderBy('created_at', 'desc').limit(200).execute();
    return rows.map((r) => ({ id: r.id, webhookId: r.webhook_id, event: r.event, status: r.status, attempts: Number(r.attempts), lastStatus: r.last_status, lastError: r.last_error, createdAt: r.created_at, deliveredAt: r.delivered_at }));
  }
}
