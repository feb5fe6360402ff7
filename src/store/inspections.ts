/**
 * Inspections (one per conversation × rule set version), their findings, manual score items and
 * reviews. Results are written idempotently: an inspection is inserted with ON CONFLICT DO NOTHING
 * on (tenant, conversation, rule set, version), so a chunk that runs twice (a killed worker's
 * retried job) stores each result once, and a stored result (with its reviews) is never replaced.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { ResolvedConfig } from '../engine/config.js';
import type { ConversationResult, DimensionScore, Finding } from '../engine/types.js';
import { scoreConversation, type ManualScoreItem } from '../scoring/score.js';
import { openText, sealField, type AtRestConfig } from '../security/at-rest.js';
import { aad } from './at-rest.js';
import type { Bulk } from './bulk.js';
import type { Database } from './schema.js';
import { rowInScope, type Scope } from './scope.js';
import { chunked, conflict, newId, notFound, nowIso, parseJson, StoreError } from './util.js';

export type FindingStatus = 'open' | 'confirmed' | 'rejected';

export interface StoredFinding {
  id: string;
  ruleId: string;
  severity: string;
  turn: number;
  start: number;
  end: number;
  text: string;
  message: string;
  suggestion?: string;
  status: FindingStatus;
  reviewComment?: string;
  reviewedBy?: string;
  reviewedAt?: string;
}

export interface ManualItem {
  id: string;
  dimensionId: string;
  points: number;
  reason: string;
  by: string;
  at: string;
}

export interface Inspection {
  id: string;
  conversationId: string;
  ruleSetId: string;
  ruleSetVersion: number;
  score: number;
  passed: boolean;
  fatal: string[];
  notApplicable: string[];
  dimensions: DimensionScore[];
  findings: StoredFinding[];
  manualItems: ManualItem[];
  reviewStatus: string;
  createdAt: string;
}

export interface Review {
  id: string;
  inspectionId: string;
  findingId?: string;
  kind: string;
  decision?: string;
  comment?: string;
  by: string;
  at: string;
}

/**
 * Inspection ids grow with time (`ins_<ms base36><counter><random>`): rows of one chunk land next
 * to each other in the primary-key and findings indexes, which keeps commits small.
 */
let idCounter = 0;
export function newInspectionId(): string {
  idCounter = (idCounter + 1) % 36 ** 4;
  return `ins_${Date.now().toString(36).padStart(9, '0')}${idCounter.toString(36).padStart(4, '0')}${randomBytes(4).toString('hex')}`;
}

export interface ChunkResult {
  conversationId: string;
  result?: ConversationResult;
  error?: string;
}

export interface WrittenChunk {
  /** false when the chunk was already marked done (another worker finished it): nothing written */
  written: boolean;
  inserted: string[];
  done: number;
  failed: number;
  /** newly stored inspections with fatal findings (for webhooks) */
  fatal: Array<{ inspectionId: string; conversationId: string; fatal: string[]; score: number }>;
}

type Db = Kysely<Database> | Transaction<Database>;

function applicableFor(resolved: ResolvedConfig, channel: string, notApplicable: readonly string[]) {
  const ran = new Set(resolved.rules.filter((r) => (r.rule.meta.channels as readonly string[]).includes(channel)).map((r) => r.rule.meta.id));
  const na = new Set(notApplicable);
  return (ruleId: string) => ran.has(ruleId) && !na.has(ruleId);
}

export class InspectionRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly bulk: Bulk,
    private readonly atRest: AtRestConfig,
  ) {}

  /**
   * Store one chunk's results and mark the chunk done, in ONE transaction. The chunk row is
   * updated first (`status != 'done'`): a second runner of the same chunk blocks on that row,
   * then finds it done and rolls back, so progress counters never count a chunk twice.
   * `onFatal` runs inside the transaction (webhook outbox rows commit with the results).
   */
  async writeChunk(
    tenantId: string,
    job: { id: string; chunk: number; ruleSetId: string; ruleSetVersion: number },
    results: readonly ChunkResult[],
    onFatal?: (trx: Transaction<Database>, fatal: WrittenChunk['fatal']) => Promise<void>,
  ): Promise<WrittenChunk> {
    const ok = results.filter((r) => r.result);
    const failed = results.length - ok.length;
    const errors = results.filter((r) => r.error).map((r) => `${r.conversationId}: ${r.error}`);
    const at = nowIso();
    const NOT_WRITTEN = Symbol('already done');
    try {
      return await this.db.transaction().execute(async (trx) => {
        const marked = await trx
          .updateTable('job_chunks')
          .set({ status: 'done', done: ok.length, failed, updated_at: at, error: errors.length ? errors.slice(0, 20).join('\n') : null })
          .where('job_id', '=', job.id)
          .where('chunk', '=', job.chunk)
          .where('status', '!=', 'done')
          .executeTakeFirst();
        if (Number(marked.numUpdatedRows) !== 1) throw NOT_WRITTEN;

        const rows = ok.map(({ conversationId, result: r }) => ({
          id: newInspectionId(),
          tenant_id: tenantId,
          conversation_id: conversationId,
          rule_set_id: job.ruleSetId,
          rule_set_version: job.ruleSetVersion,
          score: r!.score,
          passed: r!.passed ? 1 : 0,
          fatal: (r!.fatal?.length ?? 0) > 0 ? 1 : 0,
          fatal_json: JSON.stringify(r!.fatal ?? []),
          not_applicable_json: JSON.stringify(r!.notApplicable),
          dimensions_json: JSON.stringify(r!.dimensions ?? []),
          finding_count: r!.findings.length,
          review_status: 'unreviewed',
          reviewed_by: null,
          reviewed_at: null,
          job_id: job.id,
          created_at: at,
        }));
        const inserted = await this.bulk.insertIgnore(trx, 'inspections', rows, ['tenant_id', 'conversation_id', 'rule_set_id', 'rule_set_version'], 'id');
        // rows already stored for this rule set version (an earlier job) keep their id and results
        const skipped = rows.filter((r) => !inserted.has(r.id)).map((r) => r.conversation_id);
        if (skipped.length > 0) {
          const existing = new Map<string, string>();
          for (const slice of chunked(skipped, 500)) {
            const found = await trx
              .selectFrom('inspections')
              .select(['id', 'conversation_id'])
              .where('tenant_id', '=', tenantId)
              .where('rule_set_id', '=', job.ruleSetId)
              .where('rule_set_version', '=', job.ruleSetVersion)
              .where('conversation_id', 'in', slice)
              .execute();
            for (const f of found) existing.set(f.conversation_id, f.id);
          }
          for (const r of rows) if (!inserted.has(r.id)) r.id = existing.get(r.conversation_id) ?? r.id;
        }
        const findingRows = [];
        for (let i = 0; i < ok.length; i++) {
          const row = rows[i]!;
          if (!inserted.has(row.id)) continue;
          let seq = 0;
          for (const f of ok[i]!.result!.findings) findingRows.push(findingRow(tenantId, row.id, row.conversation_id, seq++, f, this.atRest));
        }
        await this.bulk.insert(trx, 'findings', findingRows, 1500);
        // the latest inspection of each conversation is the one of this rule set version
        for (const slice of chunked(rows, 400)) {
          const cases = sql.join(slice.map((r) => sql`when ${r.conversation_id} then ${r.id}`), sql` `);
          await trx
            .updateTable('conversations')
            .set({ latest_inspection_id: sql<string>`case id ${cases} end` })
            .where('tenant_id', '=', tenantId)
            .where(
              'id',
              'in',
              slice.map((r) => r.conversation_id),
            )
            .execute();
        }
        await trx
          .updateTable('jobs')
          .set((eb) => ({
            done: eb('done', '+', ok.length),
            failed: eb('failed', '+', failed),
            status: sql<string>`case when done + ${ok.length} + failed + ${failed} >= total then 'done' else 'running' end`,
            finished_at: sql<string | null>`case when done + ${ok.length} + failed + ${failed} >= total then ${at} else finished_at end`,
            started_at: sql<string>`coalesce(started_at, ${at})`,
          }))
          .where('id', '=', job.id)
          .execute();
        const fatal = rows.filter((r) => r.fatal === 1 && inserted.has(r.id)).map((r) => ({ inspectionId: r.id, conversationId: r.conversation_id, fatal: JSON.parse(r.fatal_json) as string[], score: r.score }));
        if (fatal.length > 0 && onFatal) await onFatal(trx, fatal);
        return { written: true, inserted: [...inserted], done: ok.length, failed, fatal };
      });
    } catch (err) {
      if (err === NOT_WRITTEN) return { written: false, inserted: [], done: 0, failed: 0, fatal: [] };
      throw err;
    }
  }

  /** An inspection with findings and manual items, if its conversation is in scope. */
  async get(scope: Scope, id: string, db: Db = this.db): Promise<Inspection | undefined> {
    const row = await db.selectFrom('inspections').selectAll().where('tenant_id', '=', scope.tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const conv = await db.selectFrom('conversations').select(['tenant_id', 'agent_id', 'team_id']).where('tenant_id', '=', scope.tenantId).where('id', '=', row.conversation_id).executeTakeFirst();
    if (!conv || !rowInScope(scope, conv)) return undefined;
    const findings = await db.selectFrom('findings').selectAll().where('inspection_id', '=', id).orderBy('seq').execute();
    const manual = await db.selectFrom('manual_items').selectAll().where('inspection_id', '=', id).orderBy('created_at').orderBy('id').execute();
    return {
      id: row.id,
      conversationId: row.conversation_id,
      ruleSetId: row.rule_set_id,
      ruleSetVersion: Number(row.rule_set_version),
      score: Number(row.score),
      passed: Number(row.passed) === 1,
      fatal: parseJson(row.fatal_json, []),
      notApplicable: parseJson(row.not_applicable_json, []),
      dimensions: parseJson(row.dimensions_json, []),
      findings: findings.map((f) => toFinding(f, this.atRest)),
      manualItems: manual.map((m) => ({ id: m.id, dimensionId: m.dimension_id, points: Number(m.points), reason: m.reason, by: m.created_by, at: m.created_at })),
      reviewStatus: row.review_status,
      createdAt: row.created_at,
    };
  }

  /** The finding's row with its inspection and conversation, scope-checked (rows as stored: text fields may be envelopes). */
  async findingContext(scope: Scope, findingId: string, db: Db = this.db) {
    const f = await db.selectFrom('findings').selectAll().where('tenant_id', '=', scope.tenantId).where('id', '=', findingId).executeTakeFirst();
    if (!f) return undefined;
    const conv = await db.selectFrom('conversations').selectAll().where('tenant_id', '=', scope.tenantId).where('id', '=', f.conversation_id).executeTakeFirst();
    if (!conv || !rowInScope(scope, conv)) return undefined;
    const ins = await db.selectFrom('inspections').selectAll().where('id', '=', f.inspection_id).executeTakeFirstOrThrow();
    return { finding: f, conversation: conv, inspection: ins };
  }

  /**
   * Recompute an inspection's score from its findings (rejected ones drop out) and manual items,
   * with the scoring template of the rule set version it ran with (scoreConversation).
   */
  async recompute(trx: Db, inspectionIdValue: string, resolved: ResolvedConfig): Promise<void> {
    const ins = await trx.selectFrom('inspections').selectAll().where('id', '=', inspectionIdValue).executeTakeFirstOrThrow();
    const conv = await trx.selectFrom('conversations').select('channel').where('tenant_id', '=', ins.tenant_id).where('id', '=', ins.conversation_id).executeTakeFirstOrThrow();
    const findings = await trx.selectFrom('findings').selectAll().where('inspection_id', '=', inspectionIdValue).where('status', '!=', 'rejected').execute();
    const manual = await trx.selectFrom('manual_items').selectAll().where('inspection_id', '=', inspectionIdValue).execute();
    const asFindings: Finding[] = findings.map((f) => ({
      ruleId: f.rule_id,
      severity: f.severity as Finding['severity'],
      turn: Number(f.turn),
      start: Number(f.start_offset),
      end: Number(f.end_offset),
      text: openText(f.text, this.atRest, aad.finding(f.tenant_id, f.id, 'text')),
      message: openText(f.message, this.atRest, aad.finding(f.tenant_id, f.id, 'message')),
    }));
    const items: ManualScoreItem[] = manual.map((m) => ({ dimensionId: m.dimension_id, points: Number(m.points), reason: m.reason }));
    const scored = scoreConversation(resolved.scoring, asFindings, applicableFor(resolved, conv.channel, parseJson(ins.not_applicable_json, [])), items);
    await trx
      .updateTable('inspections')
      .set({
        score: scored.score,
        passed: scored.passed ? 1 : 0,
        fatal: scored.fatal.length > 0 ? 1 : 0,
        fatal_json: JSON.stringify(scored.fatal),
        dimensions_json: JSON.stringify(scored.dimensions),
        finding_count: findings.length,
      })
      .where('id', '=', inspectionIdValue)
      .execute();
  }

  /** Confirm or reject a finding with a comment; the score is recomputed. */
  async reviewFinding(scope: Scope, findingId: string, decision: 'confirm' | 'reject', comment: string | undefined, by: string, resolve: (ruleSetId: string, version: number) => Promise<ResolvedConfig>): Promise<Inspection> {
    const ctx = await this.findingContext(scope, findingId);
    if (!ctx) throw notFound(`finding ${findingId}`);
    assertOpenForChanges(ctx.inspection.review_status);
    const resolved = await resolve(ctx.inspection.rule_set_id, Number(ctx.inspection.rule_set_version));
    const at = nowIso();
    await this.db.transaction().execute(async (trx) => {
      const locked = await lockInspection(trx, ctx.inspection.id);
      assertOpenForChanges(locked.review_status);
      const appeal = await trx.selectFrom('appeals').select(['id', 'status']).where('finding_id', '=', findingId).where('status', 'in', ['final_accepted', 'final_rejected']).executeTakeFirst();
      if (appeal) throw conflict(`finding ${findingId} has a final appeal judgement (终审) and cannot change`);
      await trx
        .updateTable('findings')
        .set({ status: decision === 'confirm' ? 'confirmed' : 'rejected', review_comment: comment ?? null, reviewed_by: by, reviewed_at: at })
        .where('id', '=', findingId)
        .execute();
      await trx
        .insertInto('reviews')
        .values({ id: newId('rev'), tenant_id: scope.tenantId, inspection_id: ctx.inspection.id, conversation_id: ctx.finding.conversation_id, finding_id: findingId, kind: 'finding', decision, comment: comment ?? null, created_by: by, created_at: at })
        .execute();
      await this.recompute(trx, ctx.inspection.id, resolved);
    });
    return (await this.get(scope, ctx.inspection.id))!;
  }

  async addManualItem(scope: Scope, id: string, item: { dimensionId: string; points: number; reason: string }, by: string, resolve: (ruleSetId: string, version: number) => Promise<ResolvedConfig>): Promise<Inspection> {
    const ins = await this.get(scope, id);
    if (!ins) throw notFound(`inspection ${id}`);
    assertOpenForChanges(ins.reviewStatus);
    const resolved = await resolve(ins.ruleSetId, ins.ruleSetVersion);
    const dims = resolved.scoring.dimensions.map((d) => d.id);
    if (!dims.includes(item.dimensionId)) throw new StoreError('bad_request', `unknown dimension '${item.dimensionId}' (known: ${dims.join(', ')})`, 400);
    const at = nowIso();
    await this.db.transaction().execute(async (trx) => {
      const locked = await lockInspection(trx, id);
      assertOpenForChanges(locked.review_status);
      const mid = newId('man');
      await trx.insertInto('manual_items').values({ id: mid, tenant_id: scope.tenantId, inspection_id: id, dimension_id: item.dimensionId, points: item.points, reason: item.reason, created_by: by, created_at: at }).execute();
      await trx
        .insertInto('reviews')
        .values({ id: newId('rev'), tenant_id: scope.tenantId, inspection_id: id, conversation_id: ins.conversationId, finding_id: null, kind: 'manual_item', decision: String(item.points), comment: item.reason, created_by: by, created_at: at })
        .execute();
      await this.recompute(trx, id, resolved);
    });
    return (await this.get(scope, id))!;
  }

  async completeReview(scope: Scope, id: string, by: string): Promise<Inspection> {
    const ins = await this.get(scope, id);
    if (!ins) throw notFound(`inspection ${id}`);
    assertOpenForChanges(ins.reviewStatus);
    const at = nowIso();
    await this.db.transaction().execute(async (trx) => {
      const locked = await lockInspection(trx, id);
      assertOpenForChanges(locked.review_status);
      // open findings are confirmed by completing the review
      await trx.updateTable('findings').set({ status: 'confirmed', reviewed_by: by, reviewed_at: at }).where('inspection_id', '=', id).where('status', '=', 'open').execute();
      await trx
        .updateTable('inspections')
        .set({ review_status: locked.review_status === 'appealed' ? 'appealed' : 'reviewed', reviewed_by: by, reviewed_at: at })
        .where('id', '=', id)
        .execute();
      await trx.insertInto('reviews').values({ id: newId('rev'), tenant_id: scope.tenantId, inspection_id: id, conversation_id: ins.conversationId, finding_id: null, kind: 'complete', decision: null, comment: null, created_by: by, created_at: at }).execute();
    });
    return (await this.get(scope, id))!;
  }

  async reviews(tenantId: string, conversationId: string): Promise<Review[]> {
    const rows = await this.db.selectFrom('reviews').selectAll().where('tenant_id', '=', tenantId).where('conversation_id', '=', conversationId).orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => {
      const v: Review = { id: r.id, inspectionId: r.inspection_id, kind: r.kind, by: r.created_by, at: r.created_at };
      if (r.finding_id) v.findingId = r.finding_id;
      if (r.decision !== null) v.decision = r.decision;
      if (r.comment !== null) v.comment = r.comment;
      return v;
    });
  }

  /** The results of a job (tests, exports): conversation ids with their inspection ids. */
  async countForJob(jobId: string): Promise<number> {
    const r = await this.db.selectFrom('inspections').select((eb) => eb.fn.countAll<number>().as('n')).where('job_id', '=', jobId).executeTakeFirst();
    return Number(r?.n ?? 0);
  }
}

/** Row lock on PostgreSQL (SQLite's BEGIN IMMEDIATE already serialises writers). */
export async function lockInspection(trx: Transaction<Database>, id: string) {
  const row = await trx.updateTable('inspections').set({ id }).where('id', '=', id).returning(['id', 'review_status', 'tenant_id', 'conversation_id']).executeTakeFirst();
  if (!row) throw notFound(`inspection ${id}`);
  return row;
}

export function assertOpenForChanges(reviewStatus: string): void {
  if (reviewStatus === 'closed') throw conflict('this inspection is closed by a final judgement (终审); no further changes');
}

function findingRow(tenantId: string, inspection: string, conversationId: string, seq: number, f: Finding, atRest: AtRestConfig) {
  const id = `${inspection}.${seq}`;
  return {
    id,
    tenant_id: tenantId,
    inspection_id: inspection,
    conversation_id: conversationId,
    seq,
    rule_id: f.ruleId,
    severity: f.severity,
    turn: f.turn,
    start_offset: f.start,
    end_offset: f.end,
    text: sealField(f.text, atRest, aad.finding(tenantId, id, 'text')),
    message: sealField(f.message, atRest, aad.finding(tenantId, id, 'message')),
    suggestion: sealField(f.suggestion ?? null, atRest, aad.finding(tenantId, id, 'suggestion')),
    status: 'open',
    review_comment: null,
    reviewed_by: null,
    reviewed_at: null,
  };
}

function toFinding(f: Database['findings'], atRest: AtRestConfig): StoredFinding {
  const s: StoredFinding = {
    id: f.id,
    ruleId: f.rule_id,
    severity: f.severity,
    turn: Number(f.turn),
    start: Number(f.start_offset),
    end: Number(f.end_offset),
    text: openText(f.text, atRest, aad.finding(f.tenant_id, f.id, 'text')),
    message: openText(f.message, atRest, aad.finding(f.tenant_id, f.id, 'message')),
    status: f.status as FindingStatus,
  };
  if (f.suggestion !== null) s.suggestion = openText(f.suggestion, atRest, aad.finding(f.tenant_id, f.id, 'suggestion'));
  if (f.review_comment !== null) s.reviewComment = f.review_comment;
  if (f.reviewed_by !== null) s.reviewedBy = f.reviewed_by;
  if (f.reviewed_at !== null) s.reviewedAt = f.reviewed_at;
  return s;
}
