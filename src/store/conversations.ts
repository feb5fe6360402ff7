/**
 * Conversations and their turns. Turns are rows (one per message) so that text search, per-turn
 * encryption and partial reads work without parsing a blob; a conversation and its turns are
 * always written in one transaction.
 *
 * With a key ring (AtRestConfig) turn text, the customer id and meta are stored encrypted
 * (at-rest.ts names their associated data); search runs on turns.search_text, the tokenised form,
 * and every read opens the envelopes, so callers only ever see clear values.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Conversation, Turn } from '../conversation/model.js';
import { likePattern, openText, sealContact, sealField, sealText, searchTerms, type AtRestConfig } from '../security/at-rest.js';
import { aad } from './at-rest.js';
import type { Bulk } from './bulk.js';
import type { Database } from './schema.js';
import { conversationInScope, rowInScope, type Scope } from './scope.js';
import { chunked, decodeCursor, encodeCursor, nowIso, parseJson, sha256, toUtcIso } from './util.js';

export type Db = Kysely<Database> | Transaction<Database>;

/** What a re-import of a stored conversation id does. `skip` is the default. */
export type OnDuplicate = 'skip' | 'replace';

export interface ConversationSummary {
  id: string;
  channel: string;
  agentId?: string;
  teamId?: string;
  customerId?: string;
  startedAt?: string;
  turnCount: number;
  score?: number;
  passed?: boolean;
  fatal: boolean;
  findingCount: number;
  reviewStatus: 'unreviewed' | 'reviewed' | 'appealed' | 'closed';
}

export interface ConversationFilter {
  from?: string;
  to?: string;
  teamId?: string;
  agentId?: string;
  channel?: string;
  ruleSetId?: string;
  minScore?: number;
  maxScore?: number;
  passed?: boolean;
  ruleId?: string;
  hasFatal?: boolean;
  q?: string;
  reviewStatus?: string;
  /** only conversations with an inspection */
  inspected?: boolean;
}

export type ConversationSort = 'score' | '-score' | 'startedAt' | '-startedAt';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

/** Canonical hash of a conversation's content (what a duplicate is judged by). */
export function contentHash(c: Conversation): string {
  const { id, channel, agentId, teamId, customerId, startedAt, source, turns, call, meta } = c;
  return sha256(JSON.stringify({ id, channel, agentId, teamId, customerId, startedAt, source, turns, call, meta }));
}

const TURN_BATCH = 1000;
const ID_BATCH = 500;

function turnRows(tenantId: string, c: Conversation, atRest: AtRestConfig) {
  return c.turns.map((t, seq) => {
    const sealed = sealText(t.text, atRest, aad.turn(tenantId, c.id, seq));
    return {
      tenant_id: tenantId,
      conversation_id: c.id,
      seq,
      role: t.role,
      text: sealed.stored,
      search_text: sealed.search,
      ts: t.ts ?? null,
      start_s: t.start ?? null,
      end_s: t.end ?? null,
    };
  });
}

function conversationRow(tenantId: string, importId: string | null, c: Conversation, hash: string, at: string, atRest: AtRestConfig) {
  const customer = sealContact(c.customerId, atRest, aad.customerId(tenantId, c.id));
  return {
    tenant_id: tenantId,
    id: c.id,
    channel: c.channel,
    agent_id: c.agentId ?? null,
    team_id: c.teamId ?? null,
    customer_id: customer.stored,
    customer_token: customer.token,
    started_at: toUtcIso(c.startedAt),
    source: c.source ?? null,
    turn_count: c.turns.length,
    call_json: c.call ? JSON.stringify(c.call) : null,
    meta_json: sealField(c.meta ? JSON.stringify(c.meta) : null, atRest, aad.meta(tenantId, c.id)),
    content_hash: hash,
    import_id: importId,
    latest_inspection_id: null,
    created_at: at,
  };
}

export interface InsertOutcome {
  /** New conversations stored. */
  inserted: string[];
  /** Ids already stored (and left as they were). */
  duplicates: string[];
  /** Ids stored before with other content, replaced (onDuplicate=replace). */
  replaced: string[];
  /** Ids that could not be replaced, with the reason. */
  refused: Array<{ id: string; reason: string }>;
}

/**
 * Store conversations inside the caller's transaction. New ids are inserted with
 * ON CONFLICT DO NOTHING, so two imports racing on the same ids store each conversation once
 * (the loser counts it as a duplicate); turns are written only for rows this call inserted.
 */
export async function insertConversations(
  trx: Transaction<Database>,
  tenantId: string,
  importId: string | null,
  conversations: readonly Conversation[],
  onDuplicate: OnDuplicate,
  bulk: Bulk,
  atRest: AtRestConfig,
): Promise<InsertOutcome> {
  const out: InsertOutcome = { inserted: [], duplicates: [], replaced: [], refused: [] };
  if (conversations.length === 0) return out;
  const at = nowIso();
  // Within one chunk the last occurrence of an id wins only with replace; otherwise the first.
  const byId = new Map<string, { c: Conversation; hash: string }>();
  for (const c of conversations) {
    if (byId.has(c.id)) {
      if (onDuplicate === 'replace') byId.set(c.id, { c, hash: contentHash(c) });
      else out.duplicates.push(c.id);
      continue;
    }
    byId.set(c.id, { c, hash: contentHash(c) });
  }
  const ids = [...byId.keys()];
  const existing = new Map<string, string>();
  for (const slice of chunked(ids, ID_BATCH)) {
    const rows = await trx.selectFrom('conversations').select(['id', 'content_hash']).where('tenant_id', '=', tenantId).where('id', 'in', slice).execute();
    for (const r of rows) existing.set(r.id, r.content_hash);
  }

  const fresh = ids.filter((id) => !existing.has(id));
  const inserted = await bulk.insertIgnore(
    trx,
    'conversations',
    fresh.map((id) => conversationRow(tenantId, importId, byId.get(id)!.c, byId.get(id)!.hash, at, atRest)),
    ['tenant_id', 'id'],
    'id',
  );
  for (const id of fresh) if (!inserted.has(id)) out.duplicates.push(id);

  const toReplace: string[] = [];
  for (const [id, hash] of existing) {
    if (onDuplicate === 'replace' && hash !== byId.get(id)!.hash) toReplace.push(id);
    else out.duplicates.push(id);
  }
  if (toReplace.length > 0) {
    const closed = new Set<string>();
    for (const slice of chunked(toReplace, ID_BATCH)) {
      const rows = await trx
        .selectFrom('appeals')
        .select('conversation_id')
        .where('tenant_id', '=', tenantId)
        .where('conversation_id', 'in', slice)
        .where('status', 'in', ['final_accepted', 'final_rejected'])
        .execute();
      for (const r of rows) closed.add(r.conversation_id);
    }
    const replaceable = toReplace.filter((id) => !closed.has(id));
    for (const id of closed) out.refused.push({ id, reason: 'conversation has a final appeal judgement (终审) and cannot be replaced' });
    for (const slice of chunked(replaceable, ID_BATCH)) {
      await deleteResults(trx, tenantId, slice);
      await trx.deleteFrom('turns').where('tenant_id', '=', tenantId).where('conversation_id', 'in', slice).execute();
    }
    for (const id of replaceable) {
      const { c, hash } = byId.get(id)!;
      const row = conversationRow(tenantId, importId, c, hash, at, atRest);
      const { tenant_id: _t, id: _i, created_at: _c, ...update } = row;
      await trx.updateTable('conversations').set(update).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
      out.replaced.push(id);
    }
  }

  const withTurns = [...inserted, ...out.replaced];
  const turns = withTurns.flatMap((id) => turnRows(tenantId, byId.get(id)!.c, atRest));
  await bulk.insert(trx, 'turns', turns, TURN_BATCH);
  out.inserted = [...inserted];
  return out;
}

/** Delete inspections and everything hanging off them for these conversations. */
export async function deleteResults(trx: Db, tenantId: string, conversationIds: readonly string[]): Promise<void> {
  if (conversationIds.length === 0) return;
  const appealIds = trx.selectFrom('appeals').select('id').where('tenant_id', '=', tenantId).where('conversation_id', 'in', conversationIds);
  await trx.deleteFrom('appeal_decisions').where('tenant_id', '=', tenantId).where('appeal_id', 'in', appealIds).execute();
  await trx.deleteFrom('appeals').where('tenant_id', '=', tenantId).where('conversation_id', 'in', conversationIds).execute();
  await trx.deleteFrom('reviews').where('tenant_id', '=', tenantId).where('conversation_id', 'in', conversationIds).execute();
  const inspectionIds = trx.selectFrom('inspections').select('id').where('tenant_id', '=', tenantId).where('conversation_id', 'in', conversationIds);
  await trx.deleteFrom('manual_items').where('tenant_id', '=', tenantId).where('inspection_id', 'in', inspectionIds).execute();
  await trx.deleteFrom('findings').where('tenant_id', '=', tenantId).where('conversation_id', 'in', conversationIds).execute();
  await trx.deleteFrom('inspections').where('tenant_id', '=', tenantId).where('conversation_id', 'in', conversationIds).execute();
  await trx.updateTable('conversations').set({ latest_inspection_id: null }).where('tenant_id', '=', tenantId).where('id', 'in', conversationIds).execute();
}

type ConversationRow = Database['conversations'];
type TurnRow = Database['turns'];

/** Turns as selected for reading (the search column is not needed). */
type StoredTurn = Omit<TurnRow, 'search_text'>;

function toModel(row: ConversationRow, turns: StoredTurn[], atRest: AtRestConfig): Conversation {
  const c: Conversation = {
    id: row.id,
    channel: row.channel as Conversation['channel'],
    turns: turns.map((t) => {
      const turn: Turn = { role: t.role as Turn['role'], text: openText(t.text, atRest, aad.turn(t.tenant_id, t.conversation_id, Number(t.seq))) };
      if (t.ts !== null) turn.ts = t.ts;
      if (t.start_s !== null) turn.start = Number(t.start_s);
      if (t.end_s !== null) turn.end = Number(t.end_s);
      return turn;
    }),
  };
  if (row.agent_id !== null) c.agentId = row.agent_id;
  if (row.team_id !== null) c.teamId = row.team_id;
  if (row.customer_id !== null) c.customerId = openText(row.customer_id, atRest, aad.customerId(row.tenant_id, row.id));
  if (row.started_at !== null) c.startedAt = row.started_at;
  if (row.source !== null) c.source = row.source;
  if (row.call_json !== null) c.call = parseJson(row.call_json, {});
  if (row.meta_json !== null) c.meta = parseJson(openText(row.meta_json, atRest, aad.meta(row.tenant_id, row.id)), {});
  return c;
}

const TURN_COLUMNS = ['tenant_id', 'conversation_id', 'seq', 'role', 'text', 'ts', 'start_s', 'end_s'] as const;

export class ConversationRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly atRest: AtRestConfig,
  ) {}

  /** Conversations by id (missing ids are left out), in the order asked. */
  async load(tenantId: string, ids: readonly string[], db: Db = this.db): Promise<Conversation[]> {
    const out = new Map<string, Conversation>();
    for (const slice of chunked([...new Set(ids)], ID_BATCH)) {
      const rows = await db.selectFrom('conversations').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', slice).execute();
      const turns = await db
        .selectFrom('turns')
        .select(TURN_COLUMNS)
        .where('tenant_id', '=', tenantId)
        .where('conversation_id', 'in', slice)
        .orderBy('conversation_id')
        .orderBy('seq')
        .execute();
      const byConv = new Map<string, StoredTurn[]>();
      for (const t of turns) {
        let list = byConv.get(t.conversation_id);
        if (!list) byConv.set(t.conversation_id, (list = []));
        list.push(t);
      }
      for (const r of rows) out.set(r.id, toModel(r, byConv.get(r.id) ?? [], this.atRest));
    }
    return ids.map((id) => out.get(id)).filter((c): c is Conversation => c !== undefined);
  }

  /** One conversation in scope, or undefined (also when it exists outside the scope). */
  async get(scope: Scope, id: string): Promise<(Conversation & { latestInspectionId: string | null }) | undefined> {
    const row = await this.db.selectFrom('conversations').selectAll().where('tenant_id', '=', scope.tenantId).where('id', '=', id).executeTakeFirst();
    if (!row || !rowInScope(scope, row)) return undefined;
    const turns = await this.db.selectFrom('turns').select(TURN_COLUMNS).where('tenant_id', '=', scope.tenantId).where('conversation_id', '=', id).orderBy('seq').execute();
    return Object.assign(toModel(row, turns, this.atRest), { latestInspectionId: row.latest_inspection_id });
  }

  /** The raw row as stored (customer_id and meta_json may be envelopes), scope-checked, for authorisation. */
  async row(scope: Scope, id: string): Promise<ConversationRow | undefined> {
    const row = await this.db.selectFrom('conversations').selectAll().where('tenant_id', '=', scope.tenantId).where('id', '=', id).executeTakeFirst();
    return row && rowInScope(scope, row) ? row : undefined;
  }

  /** Ids matching a selection (for inspection jobs), oldest first. */
  async selectIds(scope: Scope, f: Pick<ConversationFilter, 'from' | 'to' | 'teamId' | 'agentId' | 'channel'> & { ids?: readonly string[] }, limit = 1_000_000): Promise<string[]> {
    let q = this.db.selectFrom('conversations as c').select('c.id').where(conversationInScope(scope));
    if (f.from) q = q.where(sql<string>`coalesce(c.started_at, c.created_at)`, '>=', toUtcIso(f.from) ?? f.from);
    if (f.to) q = q.where(sql<string>`coalesce(c.started_at, c.created_at)`, '<', toUtcIso(f.to) ?? f.to);
    if (f.teamId) q = q.where('c.team_id', '=', f.teamId);
    if (f.agentId) q = q.where('c.agent_id', '=', f.agentId);
    if (f.channel) q = q.where('c.channel', '=', f.channel);
    if (f.ids) {
      if (f.ids.length === 0) return [];
      const found: string[] = [];
      for (const slice of chunked([...new Set(f.ids)], ID_BATCH)) found.push(...(await q.where('c.id', 'in', slice).execute()).map((r) => r.id));
      return found.slice(0, limit);
    }
    return (await q.orderBy('c.created_at').orderBy('c.id').limit(limit).execute()).map((r) => r.id);
  }

  /** The most recently stored conversations (dry runs). */
  async recentIds(tenantId: string, limit: number): Promise<string[]> {
    const rows = await this.db.selectFrom('conversations').select('id').where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => r.id);
  }

  /** The filtered join of conversations with their latest inspection (alias c, i). */
  filtered(scope: Scope, f: ConversationFilter, join = true) {
    // An inner join when only inspected conversations can match: the planner may then walk the
    // inspections' score index and find each conversation by its primary key.
    const inner = onlyInspected(f);
    const from = this.db.selectFrom('conversations as c');
    let q = (
      !join && !inner
        ? from
        : inner
        ? from.innerJoin('inspections as i', (j) => j.onRef('i.tenant_id', '=', 'c.tenant_id').onRef('i.conversation_id', '=', 'c.id').onRef('i.id', '=', 'c.latest_inspection_id'))
        : from.leftJoin('inspections as i', (j) => j.onRef('i.tenant_id', '=', 'c.tenant_id').onRef('i.conversation_id', '=', 'c.id').onRef('i.id', '=', 'c.latest_inspection_id'))
    ) as unknown as ReturnType<typeof this.leftJoined>;
    q = q.where(conversationInScope(scope));
    if (f.from) q = q.where(sql<string>`coalesce(c.started_at, c.created_at)`, '>=', toUtcIso(f.from) ?? f.from);
    if (f.to) q = q.where(sql<string>`coalesce(c.started_at, c.created_at)`, '<', toUtcIso(f.to) ?? f.to);
    if (f.teamId) q = q.where('c.team_id', '=', f.teamId);
    if (f.agentId) q = q.where('c.agent_id', '=', f.agentId);
    if (f.channel) q = q.where('c.channel', '=', f.channel);
    if (f.ruleSetId) q = q.where('i.rule_set_id', '=', f.ruleSetId);
    if (f.minScore !== undefined) q = q.where('i.score', '>=', f.minScore);
    if (f.maxScore !== undefined) q = q.where('i.score', '<=', f.maxScore);
    if (f.passed !== undefined) q = q.where('i.passed', '=', f.passed ? 1 : 0);
    if (f.hasFatal !== undefined) q = q.where('i.fatal', '=', f.hasFatal ? 1 : 0);
    if (f.inspected) q = q.where('i.id', 'is not', null);
    if (f.reviewStatus) q = q.where('i.review_status', '=', f.reviewStatus);
    if (f.ruleId) {
      const ruleId = f.ruleId;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('findings as f')
            .select('f.id')
            .whereRef('f.inspection_id', '=', 'i.id')
            .where('f.rule_id', '=', ruleId)
            .where('f.status', '!=', 'rejected'),
        ),
      );
    }
    if (f.q) {
      // the search column holds personal data as tokens: the query is tokenised the same way
      const id = f.q;
      const patterns = searchTerms(f.q, this.atRest).map(likePattern);
      q = q.where((eb) => {
        if (patterns.length === 0) return eb('c.id', '=', id);
        const text = eb
          .selectFrom('turns as t')
          .select('t.seq')
          .whereRef('t.tenant_id', '=', 'c.tenant_id')
          .whereRef('t.conversation_id', '=', 'c.id')
          .where(sql<boolean>`(${sql.join(patterns.map((p) => sql`t.search_text like ${p} escape '\\'`), sql` or `)})`);
        return eb.or([eb('c.id', '=', id), eb.exists(text)]);
      });
    }
    return q;
  }

  /**
   * COUNT for a list: without filters on the inspection the join is not needed (the count is
   * then an index scan of conversations; "inspected" is `latest_inspection_id is not null`).
   */
  private countQuery(scope: Scope, f: ConversationFilter) {
    const { inspected, ...rest } = f;
    if (onlyInspected(rest)) return this.filtered(scope, f).select((eb) => eb.fn.countAll<number>().as('n'));
    let q = this.filtered(scope, rest, false);
    if (inspected) q = q.where('c.latest_inspection_id', 'is not', null);
    return q.select((eb) => eb.fn.countAll<number>().as('n'));
  }

  /** How many conversations match (no page). */
  async countMatching(scope: Scope, f: ConversationFilter): Promise<number> {
    return Number((await this.countQuery(scope, f).executeTakeFirst())?.n ?? 0);
  }

  private leftJoined() {
    return this.db.selectFrom('conversations as c').leftJoin('inspections as i', (j) => j.onRef('i.id', '=', 'c.latest_inspection_id'));
  }

  async list(scope: Scope, f: ConversationFilter, sort: ConversationSort | 'fatal' = '-startedAt', limit = 50, cursor?: string): Promise<Page<ConversationSummary>> {
    const offset = decodeCursor(cursor);
    const base = this.filtered(scope, f);
    const totalRow = await this.countQuery(scope, f).executeTakeFirst();
    let q = base.select([
      'c.id',
      'c.channel',
      'c.agent_id',
      'c.team_id',
      'c.customer_id',
      'c.started_at',
      'c.created_at',
      'c.turn_count',
      'i.score',
      'i.passed',
      'i.fatal',
      'i.finding_count',
      'i.review_status',
    ]);
    // uninspected conversations (no score) last; with an inner join there are none
    const inner = onlyInspected(f);
    if (!inner && (sort === 'score' || sort === '-score' || sort === 'fatal')) q = q.orderBy(sql`case when i.score is null then 1 else 0 end`);
    switch (sort) {
      case 'score':
        q = q.orderBy('i.score', 'asc');
        break;
      case 'fatal':
        q = q.orderBy('i.fatal', 'desc').orderBy('i.score', 'asc');
        break;
      case '-score':
        q = q.orderBy('i.score', 'desc');
        break;
      case 'startedAt':
        q = q.orderBy(sql`coalesce(c.started_at, c.created_at)`, 'asc');
        break;
      default:
        q = q.orderBy(sql`coalesce(c.started_at, c.created_at)`, 'desc');
    }
    const rows = await (inner ? q.orderBy('i.conversation_id') : q.orderBy('c.id')).limit(limit).offset(offset).execute();
    const total = Number(totalRow?.n ?? 0);
    return {
      items: rows.map((r) => this.summaryOf(scope.tenantId, r)),
      nextCursor: offset + rows.length < total && rows.length === limit ? encodeCursor(offset + limit) : null,
      total,
    };
  }

  /** Summaries for specific ids (review queue sampling), in the order given. */
  async summaries(scope: Scope, ids: readonly string[]): Promise<ConversationSummary[]> {
    if (ids.length === 0) return [];
    const rows = await this.filtered(scope, {})
      .select(['c.id', 'c.channel', 'c.agent_id', 'c.team_id', 'c.customer_id', 'c.started_at', 'c.created_at', 'c.turn_count', 'i.score', 'i.passed', 'i.fatal', 'i.finding_count', 'i.review_status'])
      .where('c.id', 'in', [...ids])
      .execute();
    const byId = new Map(rows.map((r) => [r.id, this.summaryOf(scope.tenantId, r)]));
    return ids.map((id) => byId.get(id)).filter((s): s is ConversationSummary => s !== undefined);
  }

  /** (id, agent) pairs of inspected conversations matching the filter (for per-agent sampling). */
  async idsWithAgent(scope: Scope, f: ConversationFilter): Promise<Array<{ id: string; agentId: string | null }>> {
    const rows = await this.filtered(scope, { ...f, inspected: true }).select(['c.id', 'c.agent_id']).orderBy('c.id').execute();
    return rows.map((r) => ({ id: r.id, agentId: r.agent_id }));
  }

  async count(tenantId: string): Promise<number> {
    const r = await this.db.selectFrom('conversations').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  private summaryOf(tenantId: string, r: SummaryRow): ConversationSummary {
    return summaryOf(r.customer_id === null ? r : { ...r, customer_id: openText(r.customer_id, this.atRest, aad.customerId(tenantId, r.id)) });
  }
}

function onlyInspected(f: ConversationFilter): boolean {
  return !!f.inspected || f.ruleSetId !== undefined || f.minScore !== undefined || f.maxScore !== undefined || f.passed !== undefined || f.hasFatal !== undefined || f.reviewStatus !== undefined || f.ruleId !== undefined;
}

interface SummaryRow {
  id: string;
  channel: string;
  agent_id: string | null;
  team_id: string | null;
  customer_id: string | null;
  started_at: string | null;
  turn_count: number;
  score: number | null;
  passed: number | null;
  fatal: number | null;
  finding_count: number | null;
  review_status: string | null;
}

function summaryOf(r: SummaryRow): ConversationSummary {
  const s: ConversationSummary = {
    id: r.id,
    channel: r.channel,
    turnCount: Number(r.turn_count),
    fatal: Number(r.fatal ?? 0) === 1,
    findingCount: Number(r.finding_count ?? 0),
    reviewStatus: (r.review_status ?? 'unreviewed') as ConversationSummary['reviewStatus'],
  };
  if (r.agent_id !== null) s.agentId = r.agent_id;
  if (r.team_id !== null) s.teamId = r.team_id;
  if (r.customer_id !== null) s.customerId = r.customer_id;
  if (r.started_at !== null) s.startedAt = r.started_at;
  if (r.score !== null) s.score = Number(r.score);
  if (r.passed !== null) s.passed = Number(r.passed) === 1;
  return s;
}
