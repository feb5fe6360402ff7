/**
 * Appeals (申诉): an agent appeals a finding with a reason; a reviewer accepts or rejects
 * (stage `review`); a supervisor/manager gives the final judgement (终审, stage `final`), after
 * which the appeal, the finding and its inspection are closed for good (409 on any change).
 *
 * Accepting (at either stage) rejects the finding; a final rejection confirms it. The score is
 * recomputed each time the finding's status changes.
 */
import type { Kysely } from 'kysely';
import type { ResolvedConfig } from '../engine/config.js';
import type { Database } from './schema.js';
import { assertOpenForChanges, lockInspection, type InspectionRepo } from './inspections.js';
import { rowInScope, type Scope } from './scope.js';
import { conflict, decodeCursor, encodeCursor, newId, notFound, nowIso } from './util.js';

export type AppealStatus = 'open' | 'accepted' | 'rejected' | 'final_accepted' | 'final_rejected';

export interface Appeal {
  id: string;
  findingId: string;
  conversationId: string;
  inspectionId: string;
  agentId?: string;
  reason: string;
  status: AppealStatus;
  decisions: Array<{ stage: 'review' | 'final'; decision: 'accept' | 'reject'; comment: string; by: string; at: string }>;
  createdBy: string;
  createdAt: string;
  closedAt?: string;
}

type Resolve = (ruleSetId: string, version: number) => Promise<ResolvedConfig>;

export class AppealRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly inspections: InspectionRepo,
  ) {}

  async create(scope: Scope, findingId: string, reason: string, by: string): Promise<Appeal> {
    const ctx = await this.inspections.findingContext(scope, findingId);
    if (!ctx) throw notFound(`finding ${findingId}`);
    assertOpenForChanges(ctx.inspection.review_status);
    if (ctx.finding.status === 'rejected') throw conflict(`finding ${findingId} is already rejected; nothing to appeal`);
    const id = newId('apl');
    await this.db.transaction().execute(async (trx) => {
      const locked = await lockInspection(trx, ctx.inspection.id);
      assertOpenForChanges(locked.review_status);
      const existing = await trx.selectFrom('appeals').select(['id', 'status']).where('finding_id', '=', findingId).executeTakeFirst();
      if (existing) throw conflict(`finding ${findingId} already has an appeal (${existing.id}, ${existing.status})`, { appealId: existing.id });
      await trx
        .insertInto('appeals')
        .values({
          id,
          tenant_id: scope.tenantId,
          finding_id: findingId,
          inspection_id: ctx.inspection.id,
          conversation_id: ctx.finding.conversation_id,
          agent_id: ctx.conversation.agent_id,
          reason,
          status: 'open',
          created_by: by,
          created_at: nowIso(),
          closed_at: null,
        })
        .execute();
      await trx.updateTable('inspections').set({ review_status: 'appealed' }).where('id', '=', ctx.inspection.id).execute();
    });
    return (await this.get(scope, id))!;
  }

  async get(scope: Scope, id: string): Promise<Appeal | undefined> {
    const row = await this.db.selectFrom('appeals').selectAll().where('tenant_id', '=', scope.tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const conv = await this.db.selectFrom('conversations').select(['tenant_id', 'agent_id', 'team_id']).where('tenant_id', '=', scope.tenantId).where('id', '=', row.conversation_id).executeTakeFirst();
    if (!conv || !rowInScope(scope, conv)) return undefined;
    return (await this.withDecisions([row]))[0];
  }

  private async withDecisions(rows: Database['appeals'][]): Promise<Appeal[]> {
    if (rows.length === 0) return [];
    const decisions = await this.db
      .selectFrom('appeal_decisions')
      .selectAll()
      .where(
        'appeal_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('created_at')
      .execute();
    return rows.map((r) => {
      const a: Appeal = {
        id: r.id,
        findingId: r.finding_id,
        conversationId: r.conversation_id,
        inspectionId: r.inspection_id,
        reason: r.reason,
        status: r.status as AppealStatus,
        decisions: decisions
          .filter((d) => d.appeal_id === r.id)
          .map((d) => ({ stage: d.stage as 'review' | 'final', decision: d.decision as 'accept' | 'reject', comment: d.comment, by: d.created_by, at: d.created_at })),
        createdBy: r.created_by,
        createdAt: r.created_at,
      };
      if (r.agent_id !== null) a.agentId = r.agent_id;
      if (r.closed_at !== null) a.closedAt = r.closed_at;
      return a;
    });
  }

  async list(scope: Scope, f: { status?: 'open' | 'decided' | 'final'; agentId?: string; conversationId?: string }, limit = 50, cursor?: string) {
    const offset = decodeCursor(cursor);
    let q = this.db
      .selectFrom('appeals as a')
      .innerJoin('conversations as c', (j) => j.onRef('c.tenant_id', '=', 'a.tenant_id').onRef('c.id', '=', 'a.conversation_id'))
      .where('a.tenant_id', '=', scope.tenantId);
    if (scope.kind === 'own') q = q.where('c.agent_id', '=', scope.agentId ?? '\u0000none');
    if (scope.kind === 'team') q = q.where('c.team_id', '=', scope.teamId ?? '\u0000none');
    if (f.status === 'open') q = q.where('a.status', '=', 'open');
    if (f.status === 'decided') q = q.where('a.status', 'in', ['accepted', 'rejected']);
    if (f.status === 'final') q = q.where('a.status', 'in', ['final_accepted', 'final_rejected']);
    if (f.agentId) q = q.where('a.agent_id', '=', f.agentId);
    if (f.conversationId) q = q.where('a.conversation_id', '=', f.conversationId);
    const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
    const rows = await q.selectAll('a').orderBy('a.created_at', 'desc').orderBy('a.id').limit(limit).offset(offset).execute();
    return { items: await this.withDecisions(rows), nextCursor: offset + rows.length < total ? encodeCursor(offset + rows.length) : null, total };
  }

  /** First-level decision by a reviewer. */
  async decide(scope: Scope, id: string, decision: 'accept' | 'reject', comment: string, by: string, resolve: Resolve): Promise<Appeal> {
    return this.step(scope, id, 'review', decision, comment, by, resolve);
  }

  /** 终审: closes the appeal and the inspection for good. */
  async finalJudgement(scope: Scope, id: string, decision: 'accept' | 'reject', comment: string, by: string, resolve: Resolve): Promise<Appeal> {
    return this.step(scope, id, 'final', decision, comment, by, resolve);
  }

  private async step(scope: Scope, id: string, stage: 'review' | 'final', decision: 'accept' | 'reject', comment: string, by: string, resolve: Resolve): Promise<Appeal> {
    const appeal = await this.get(scope, id);
    if (!appeal) throw notFound(`appeal ${id}`);
    const ins = await this.db.selectFrom('inspections').selectAll().where('id', '=', appeal.inspectionId).executeTakeFirstOrThrow();
    const resolved = await resolve(ins.rule_set_id, Number(ins.rule_set_version));
    const at = nowIso();
    await this.db.transaction().execute(async (trx) => {
      await lockInspection(trx, appeal.inspectionId);
      const row = await trx.selectFrom('appeals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      if (row.status === 'final_accepted' || row.status === 'final_rejected') throw conflict(`appeal ${id} is closed by a final judgement (终审)`);
      if (stage === 'review' && row.status !== 'open') throw conflict(`appeal ${id} was already decided (${row.status}); the next step is the final judgement`);
      if (stage === 'final' && row.status === 'open') throw conflict(`appeal ${id} has no first decision yet; decide it before the final judgement`);
      const status: AppealStatus = stage === 'review' ? (decision === 'accept' ? 'accepted' : 'rejected') : decision === 'accept' ? 'final_accepted' : 'final_rejected';
      await trx
        .updateTable('appeals')
        .set({ status, closed_at: stage === 'final' ? at : null })
        .where('id', '=', id)
        .execute();
      await trx.insertInto('appeal_decisions').values({ id: newId('dec'), tenant_id: scope.tenantId, appeal_id: id, stage, decision, comment, created_by: by, created_at: at }).execute();
      // accepted → the finding is withdrawn; a final rejection stands the finding
      const findingStatus = decision === 'accept' ? 'rejected' : stage === 'final' ? 'confirmed' : undefined;
      if (findingStatus) {
        await trx
          .updateTable('findings')
          .set({ status: findingStatus, review_comment: `${stage === 'final' ? '终审' : '申诉复核'}: ${comment}`, reviewed_by: by, reviewed_at: at })
          .where('id', '=', appeal.findingId)
          .execute();
        await this.inspections.recompute(trx, appeal.inspectionId, resolved);
      }
      if (stage === 'final') {
        const stillOpen = await trx
          .selectFrom('appeals')
          .select('id')
          .where('inspection_id', '=', appeal.inspectionId)
          .where('status', 'not in', ['final_accepted', 'final_rejected'])
          .executeTakeFirst();
        if (!stillOpen) await trx.updateTable('inspections').set({ review_status: 'closed', reviewed_by: by, reviewed_at: at }).where('id', '=', appeal.inspectionId).execute();
      }
    });
    return (await this.get(scope, id))!;
  }
}
