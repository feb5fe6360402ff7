/**
 * Key rotation over the store: one RotationRowSource (security/crypto.ts) per encrypted table, for
 * rotateKeys / startRotation to re-encrypt under the ring's active key.
 *
 * - Pages walk the primary key (keyset, so a batch costs the same at any depth) and only return
 *   rows with a value not under the active key: a rerun after an interruption starts over cheaply
 *   and touches nothing already done.
 * - Updates are compare-and-set on the values read; a row written meanwhile is left for the next
 *   run (counted as a conflict).
 * - Encrypting a value that was stored in clear (`encryptPlaintext`) also writes its search form
 *   or token, which were the clear value until then.
 */
import { sql, type Kysely } from 'kysely';
import { contactToken, searchableText, type AtRestConfig } from '../security/at-rest.js';
import { ENVELOPE_VERSION, isEncrypted, type KeyRing, type RotationRow, type RotationRowSource } from '../security/crypto.js';
import { aad } from './at-rest.js';
import type { Database } from './schema.js';

type Key = Array<string | number>;

interface TableSpec {
  name: string;
  table: 'turns' | 'findings' | 'conversations' | 'webhooks';
  key: readonly string[];
  fields: readonly string[];
  aad(row: Record<string, unknown>): Record<string, string>;
  /** columns derived from a field's clear value, rewritten when that value is first encrypted */
  derived?(field: string, clear: string, cfg: AtRestConfig): Record<string, string | null>;
}

const str = (v: unknown) => String(v);

const SPECS: readonly TableSpec[] = [
  {
    name: 'turns',
    table: 'turns',
    key: ['tenant_id', 'conversation_id', 'seq'],
    fields: ['text'],
    aad: (r) => ({ text: aad.turn(str(r.tenant_id), str(r.conversation_id), Number(r.seq)) }),
    derived: (_field, clear, cfg) => ({ search_text: searchableText(clear, cfg) }),
  },
  {
    name: 'findings',
    table: 'findings',
    key: ['id'],
    fields: ['text', 'message', 'suggestion'],
    aad: (r) => ({
      text: aad.finding(str(r.tenant_id), str(r.id), 'text'),
      message: aad.finding(str(r.tenant_id), str(r.id), 'message'),
      suggestion: aad.finding(str(r.tenant_id), str(r.id), 'suggestion'),
    }),
  },
  {
    name: 'conversations',
    table: 'conversations',
    key: ['tenant_id', 'id'],
    fields: ['customer_id', 'meta_json'],
    aad: (r) => ({ customer_id: aad.customerId(str(r.tenant_id), str(r.id)), meta_json: aad.meta(str(r.tenant_id), str(r.id)) }),
    derived: (field, clear, cfg): Record<string, string | null> => (field === 'customer_id' ? { customer_token: contactToken(clear, cfg) } : {}),
  },
  {
    name: 'webhooks',
    table: 'webhooks',
    key: ['id'],
    fields: ['secret'],
    aad: (r) => ({ secret: aad.webhookSecret(str(r.tenant_id), str(r.id)) }),
  },
];

export interface StoreRotationSource extends RotationRowSource {
  /** Values not under the active key yet: under other keys, and still in clear. */
  remaining(): Promise<{ otherKeys: number; plaintext: number }>;
}

/** The rotation sources of every encrypted table, for the ring of `atRest`. */
export function rotationSources(db: Kysely<Database>, atRest: AtRestConfig): StoreRotationSource[] {
  const ring = atRest.ring;
  if (!ring) throw new Error('key rotation needs a key ring (KEFU_KEY_FILE or KEFU_ENCRYPTION_KEY)');
  return SPECS.map((spec) => new TableSource(db as unknown as Kysely<any>, spec, ring, atRest));
}

class TableSource implements StoreRotationSource {
  readonly name: string;
  private readonly activePrefix: string;

  constructor(
    private readonly db: Kysely<any>,
    private readonly spec: TableSpec,
    ring: KeyRing,
    private readonly atRest: AtRestConfig,
  ) {
    this.name = spec.name;
    this.activePrefix = `${ENVELOPE_VERSION}:${ring.activeKeyId}:`;
  }

  /** SQL: the field holds a value not under the active key. */
  private stale(field: string) {
    return sql<boolean>`(${sql.ref(field)} is not null and substr(${sql.ref(field)}, 1, ${sql.lit(this.activePrefix.length)}) <> ${this.activePrefix})`;
  }

  private keyTuple() {
    return sql`(${sql.join(this.spec.key.map((k) => sql.ref(k)))})`;
  }

  async batch(cursor: string | null, limit: number): Promise<{ rows: RotationRow[]; next: string | null }> {
    const { spec } = this;
    let q = this.db
      .selectFrom(spec.table)
      .select([...new Set([...spec.key, 'tenant_id', ...spec.fields])])
      .where(sql<boolean>`(${sql.join(spec.fields.map((f) => this.stale(f)), sql` or `)})`);
    if (cursor !== null) {
      const after = JSON.parse(cursor) as Key;
      q = q.where(sql<boolean>`${this.keyTuple()} > (${sql.join(after)})`);
    }
    for (const k of spec.key) q = q.orderBy(k);
    const found = (await q.limit(limit).execute()) as Array<Record<string, unknown>>;
    const keyOf = (r: Record<string, unknown>): Key => spec.key.map((k) => (k === 'seq' ? Number(r[k]) : str(r[k])));
    const rows = found.map((r) => ({
      id: JSON.stringify(keyOf(r)),
      fields: Object.fromEntries(spec.fields.map((f) => [f, (r[f] as string | null) ?? null])),
      aad: spec.aad(r),
    }));
    return { rows, next: found.length === limit ? JSON.stringify(keyOf(found[found.length - 1]!)) : null };
  }

  async update(id: string, fields: Record<string, string>, previous: Record<string, string | null>): Promise<boolean> {
    const key = JSON.parse(id) as Key;
    let set: Record<string, string | null> = { ...fields };
    for (const f of Object.keys(fields)) {
      const before = previous[f];
      if (before !== null && before !== undefined && !isEncrypted(before) && this.spec.derived) set = { ...set, ...this.spec.derived(f, before, this.atRest) };
    }
    let q = this.db.updateTable(this.spec.table).set(set);
    for (const [i, k] of this.spec.key.entries()) q = q.where(k, '=', key[i]);
    for (const f of Object.keys(fields)) q = q.where(f, '=', previous[f]);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async remaining(): Promise<{ otherKeys: number; plaintext: number }> {
    let otherKeys = 0;
    let plaintext = 0;
    const envelope = `${ENVELOPE_VERSION}:%`;
    for (const f of this.spec.fields) {
      const col = sql.ref(f);
      const r = (await this.db
        .selectFrom(this.spec.table)
        .select([
          sql<number>`sum(case when ${this.stale(f)} and ${col} like ${envelope} then 1 else 0 end)`.as('other'),
          sql<number>`sum(case when ${col} is not null and ${col} not like ${envelope} then 1 else 0 end)`.as('plain'),
        ])
        .executeTakeFirst()) as { other: number | string | null; plain: number | string | null } | undefined;
      otherKeys += Number(r?.other ?? 0);
      plaintext += Number(r?.plain ?? 0);
    }
    return { otherKeys, plaintext };
  }
}
