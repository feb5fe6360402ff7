/** Rule sets: CRUD, validate, dry-run against the published version, publish; and /meta. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { KefuConfig } from '../../engine/config.js';
import { Engine } from '../../engine/engine.js';
import { CATEGORY_NAMES } from '../../engine/categories.js';
import type { ConversationResult } from '../../engine/types.js';
import { PRESETS } from '../../presets/index.js';
import { BUILTIN_RULES } from '../../rules/index.js';
import { resolveRuleSetConfig, validateRuleSetConfig, type RuleSet } from '../../store/rulesets.js';
import { badRequest } from '../../store/util.js';
import { principal, record, type KefuContext } from '../context.js';
import { ErrorSchema, IdParams, KefuConfigBody, open, Opt, page, PageQuery, RuleSetSchema, strict, Type } from '../schemas.js';

export async function ruleSetRoutes(app: FastifyInstance, opts: { ctx: KefuContext }): Promise<void> {
  const { ctx } = opts;
  const { store } = ctx;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/meta/rules', { config: { permission: 'rulesets:read' }, schema: { tags: ['meta'], response: { 200: Type.Object({ items: Type.Array(Type.Object({}, open)) }) } } }, async () => ({
    items: BUILTIN_RULES.map((rule) => ({
      id: rule.meta.id,
      description: rule.meta.description,
      category: rule.meta.category,
      categoryName: CATEGORY_NAMES[rule.meta.category],
      defaultSeverity: rule.meta.defaultSeverity,
      channels: rule.meta.channels,
      scope: rule.meta.scope,
      realtime: rule.meta.realtime,
      source: rule.meta.source,
      optionsSchema: rule.meta.optionsSchema ? JSON.parse(JSON.stringify(rule.meta.optionsSchema)) : null,
    })),
  }));

  r.get('/meta/presets', { config: { permission: 'rulesets:read' }, schema: { tags: ['meta'], response: { 200: Type.Object({ items: Type.Array(Type.Object({}, open)) }) } } }, async () => ({
    items: PRESETS.map((p) => ({ name: p.name, description: p.description, extends: p.extends ?? null, rules: p.rules ?? {}, scoring: p.scoring ?? null })),
  }));

  r.get(
    '/rule-sets',
    { config: { permission: 'rulesets:read' }, schema: { tags: ['rule-sets'], querystring: Type.Object(PageQuery), response: { 200: page(RuleSetSchema) } } },
    async (request) => store.ruleSets.list(principal(request).tenantId, request.query.limit ?? 50, request.query.cursor),
  );

  r.post(
    '/rule-sets',
    {
      config: { permission: 'rulesets:write' },
      schema: { tags: ['rule-sets'], body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), config: KefuConfigBody }, strict), response: { 201: Type.Object({ ruleSet: RuleSetSchema }), 400: ErrorSchema } },
    },
    async (request, reply) => {
      const p = principal(request);
      const ruleSet = await store.ruleSets.create(p.tenantId, request.body.name, request.body.config as KefuConfig, p.userId);
      await record(ctx, request, { action: 'ruleset.create', target: { type: 'rule_set', id: ruleSet.id }, details: { version: ruleSet.version, name: ruleSet.name } });
      reply.code(201);
      return { ruleSet };
    },
  );

  r.get(
    '/rule-sets/:id',
    {
      config: { permission: 'rulesets:read' },
      schema: {
        tags: ['rule-sets'],
        params: IdParams,
        querystring: Type.Object({ version: Opt(Type.Integer({ minimum: 1 })) }),
        response: { 200: Type.Object({ ruleSet: RuleSetSchema, versions: Type.Array(Type.Object({ version: Type.Integer(), status: Type.String(), createdAt: Type.String(), publishedAt: Opt(Type.String()) })) }), 404: ErrorSchema },
      },
    },
    async (request) => {
      const { tenantId } = principal(request);
      const ruleSet = await store.ruleSets.get(tenantId, request.params.id, request.query.version);
      const versions = (await store.ruleSets.versions(tenantId, request.params.id)).map((v) => ({ version: v.version, status: v.status, createdAt: v.createdAt, ...(v.publishedAt ? { publishedAt: v.publishedAt } : {}) }));
      return { ruleSet, versions };
    },
  );

  r.put(
    '/rule-sets/:id',
    {
      config: { permission: 'rulesets:write' },
      schema: {
        tags: ['rule-sets'],
        summary: 'Edit the draft; editing a published set creates the next version as a draft',
        params: IdParams,
        body: Type.Object({ name: Opt(Type.String({ minLength: 1, maxLength: 200 })), config: Opt(KefuConfigBody) }, strict),
        response: { 200: Type.Object({ ruleSet: RuleSetSchema }), 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const p = principal(request);
      const patch: { name?: string; config?: KefuConfig } = {};
      if (request.body.name !== undefined) patch.name = request.body.name;
      if (request.body.config !== undefined) patch.config = request.body.config as KefuConfig;
      const ruleSet = await store.ruleSets.update(p.tenantId, request.params.id, patch, p.userId);
      store.engines.invalidate(p.tenantId, ruleSet.id);
      await record(ctx, request, { action: 'ruleset.update', target: { type: 'rule_set', id: ruleSet.id }, details: { version: ruleSet.version } });
      return { ruleSet };
    },
  );

  r.post(
    '/rule-sets/:id/validate',
    { config: { permission: 'rulesets:read' }, schema: { tags: ['rule-sets'], params: IdParams, response: { 200: Type.Object({ valid: Type.Boolean(), errors: Type.Array(Type.String()) }), 404: ErrorSchema } } },
    async (request) => {
      const rs = await store.ruleSets.get(principal(request).tenantId, request.params.id);
      return validateRuleSetConfig(rs.config);
    },
  );

  r.post(
    '/rule-sets/:id/dry-run',
    {
      config: { permission: 'rulesets:write' },
      schema: {
        tags: ['rule-sets'],
        summary: 'Run the latest (draft) version over recent conversations and compare with the published version',
        params: IdParams,
        body: Opt(Type.Object({ limit: Opt(Type.Integer({ minimum: 1, maximum: 5000, default: 500 })) }, strict)),
        response: { 200: Type.Object({}, open), 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const { tenantId } = principal(request);
      const draft = await store.ruleSets.get(tenantId, request.params.id);
      let baseline: RuleSet;
      try {
        baseline = await store.ruleSets.published(tenantId, request.params.id);
      } catch {
        baseline = await store.ruleSets.published(tenantId);
      }
      let after: Engine;
      try {
        after = new Engine(await resolveRuleSetConfig(draft.config));
      } catch (err) {
        throw badRequest((err as Error).message);
      }
      const before = (await store.engines.get(tenantId, baseline.id, baseline.version)).engine;
      const ids = await store.conversations.recentIds(tenantId, (request.body as { limit?: number } | undefined)?.limit ?? 500);
      const convs = await store.conversations.load(tenantId, ids);
      return compare(convs.map((c) => [before.inspect(c), after.inspect(c)]), { ruleSetId: draft.id, version: draft.version, baseline: { ruleSetId: baseline.id, version: baseline.version } });
    },
  );

  r.post(
    '/rule-sets/:id/publish',
    { config: { permission: 'rulesets:publish' }, schema: { tags: ['rule-sets'], params: IdParams, response: { 200: Type.Object({ ruleSet: RuleSetSchema }), 400: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema } } },
    async (request) => {
      const p = principal(request);
      const ruleSet = await store.ruleSets.publish(p.tenantId, request.params.id);
      await record(ctx, request, { action: 'ruleset.publish', target: { type: 'rule_set', id: ruleSet.id }, details: { version: ruleSet.version } });
      return { ruleSet };
    },
  );
}

function compare(pairs: Array<[ConversationResult, ConversationResult]>, about: Record<string, unknown>) {
  let changedScores = 0;
  let fb = 0;
  let fa = 0;
  let sb = 0;
  let sa = 0;
  let pb = 0;
  let pa = 0;
  const byRule = new Map<string, { before: number; after: number }>();
  const examples: Array<{ conversationId: string; before: number; after: number }> = [];
  for (const [b, a] of pairs) {
    fb += b.findings.length;
    fa += a.findings.length;
    sb += b.score;
    sa += a.score;
    if (b.passed) pb++;
    if (a.passed) pa++;
    if (b.score !== a.score) {
      changedScores++;
      if (examples.length < 20) examples.push({ conversationId: b.id, before: b.score, after: a.score });
    }
    for (const f of b.findings) (byRule.get(f.ruleId) ?? byRule.set(f.ruleId, { before: 0, after: 0 }).get(f.ruleId)!).before++;
    for (const f of a.findings) (byRule.get(f.ruleId) ?? byRule.set(f.ruleId, { before: 0, after: 0 }).get(f.ruleId)!).after++;
  }
  const n = pairs.length;
  const mean = (x: number) => (n === 0 ? null : Math.round((x / n) * 10) / 10);
  return {
    ...about,
    compared: n,
    changedScores,
    findingsBefore: fb,
    findingsAfter: fa,
    meanScoreBefore: mean(sb),
    meanScoreAfter: mean(sa),
    passedBefore: pb,
    passedAfter: pa,
    byRule: [...byRule].map(([ruleId, v]) => ({ ruleId, ...v })).filter((x) => x.before !== x.after).sort((x, y) => Math.abs(y.after - y.before) - Math.abs(x.after - x.before)),
    examples,
  };
}

