/**
 * Rule sets: a tenant's standard as a Kefu config, versioned. A rule set id has versions
 * 1, 2, …; a version is `draft` (editable), then `published` (immutable; inspections record
 * rule set id + version), then `archived` when a later version of the same id is published.
 * Editing a published set creates the next version as a draft. The tenant's default for new
 * inspections is its most recently published version.
 */
import type { Kysely } from 'kysely';
import { builtinRegistry, DEFAULT_CONFIG } from '../api.js';
import { ConfigError, resolveConfig, type KefuConfig, type ResolvedConfig } from '../engine/config.js';
import { Engine } from '../engine/engine.js';
import type { Database } from './schema.js';
import { badRequest, conflict, decodeCursor, encodeCursor, newId, notFound, nowIso, type StoreError } from './util.js';

export interface RuleSet {
  id: string;
  name: string;
  version: number;
  status: 'draft' | 'published' | 'archived';
  config: KefuConfig;
  createdAt: string;
  publishedAt?: string;
}

export const DEFAULT_RULE_SET_ID = 'default';

type Row = Database['rule_sets'];

function toRuleSet(r: Row): RuleSet {
  const rs: RuleSet = { id: r.id, name: r.name, version: Number(r.version), status: r.status as RuleSet['status'], config: JSON.parse(r.config_json) as KefuConfig, createdAt: r.created_at };
  if (r.published_at) rs.publishedAt = r.published_at;
  return rs;
}

/**
 * Resolve a rule set's config. Stored configs come from HTTP clients, so `extends` may name
 * presets only (a file path would read the server's disk). Errors name the problem, e.g.
 * `rule set: unknown rule 'no-such-rule'`.
 */
export async function resolveRuleSetConfig(config: unknown): Promise<ResolvedConfig> {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new ConfigError('rule set: config must be an object');
  const c = config as KefuConfig;
  const parents = c.extends === undefined ? [] : Array.isArray(c.extends) ? c.extends : [c.extends];
  for (const p of parents) {
    if (typeof p !== 'string' || !builtinRegistry.presets.has(p)) {
      throw new ConfigError(`rule set: extends '${String(p)}' is not a preset (known: ${[...builtinRegistry.presets.keys()].join(', ')})`);
    }
  }
  return resolveConfig(c, builtinRegistry, 'rule set', process.cwd());
}

/** Validate; returns the problems instead of throwing. */
export async function validateRuleSetConfig(config: unknown): Promise<{ valid: boolean; errors: string[] }> {
  try {
    await resolveRuleSetConfig(config);
    return { valid: true, errors: [] };
  } catch (err) {
    return { valid: false, errors: [(err as Error).message] };
  }
}

/** Engines per (tenant, rule set, version): a published version never changes, so they are cached. */
export class EngineCache {
  private cache = new Map<string, Promise<{ engine: Engine; resolved: ResolvedConfig }>>();
  constructor(private readonly ruleSets: RuleSetRepo) {}

  get(tenantId: string, id: string, version: number): Promise<{ engine: Engine; resolved: ResolvedConfig }> {
    const key = `${tenantId}\u0000${id}\u0000${version}`;
    let p = this.cache.get(key);
    if (!p) {
      p = (async () => {
        const rs = await this.ruleSets.get(tenantId, id, version);
        const resolved = await resolveRuleSetConfig(rs.config);
        return { engine: new Engine(resolved), resolved };
      })();
      // drafts can change: RuleSetRepo callers invalidate on update (see server rule-set routes)
      this.cache.set(key, p);
      p.then(
        (v) => v,
        () => this.cache.delete(key),
      );
      if (this.cache.size > 200) this.cache.delete(this.cache.keys().next().value!);
    }
    return p;
  }

  invalidate(tenantId: string, id: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${tenantId}\u0000${id}\u0000`)) this.cache.delete(key);
  }
}

export class RuleSetRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** The built-in `default` rule set (kefu:recommended), published, when the tenant has none. */
  async ensureDefault(tenantId: string): Promise<void> {
    const any = await this.db.selectFrom('rule_sets').select('id').where('tenant_id', '=', tenantId).limit(1).executeTakeFirst();
    if (any) return;
    const at = nowIso();
    await this.db
      .insertInto('rule_sets')
      .values({ tenant_id: tenantId, id: DEFAULT_RULE_SET_ID, version: 1, name: 'Kefu 推荐标准 (kefu:recommended)', status: 'published', config_json: JSON.stringify(DEFAULT_CONFIG), created_by: null, created_at: at, published_at: at })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  /** A version, or the latest version when `version` is omitted. */
  async get(tenantId: string, id: string, version?: number): Promise<RuleSet> {
    let q = this.db.selectFrom('rule_sets').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
    q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
    const row = await q.executeTakeFirst();
    if (!row) throw notFound(`rule set ${id}${version === undefined ? '' : ` v${version}`}`);
    return toRuleSet(row);
  }

  async versions(tenantId: string, id: string): Promise<RuleSet[]> {
    const rows = await this.db.selectFrom('rule_sets').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).orderBy('version', 'desc').execute();
    return rows.map(toRuleSet);
  }

  /** The published version of one id, or (no id) the tenant's default: the latest published. */
  async published(tenantId: string, id?: string): Promise<RuleSet> {
    let q = this.db.selectFrom('rule_sets').selectAll().where('tenant_id', '=', tenantId).where('status', '=', 'published');
    if (id !== undefined) q = q.where('id', '=', id);
    const row = await q.orderBy('published_at', 'desc').orderBy('version', 'desc').limit(1).executeTakeFirst();
    if (!row) {
      if (id === undefined) {
        await this.ensureDefault(tenantId);
        return this.published(tenantId, DEFAULT_RULE_SET_ID);
      }
      throw notFound(`published version of rule set ${id}`);
    }
    return toRuleSet(row);
  }

  /** Latest version of every rule set id. */
  async list(tenantId: string, limit = 50, cursor?: string): Promise<{ items: RuleSet[]; nextCursor: string | null; total: number }> {
    const offset = decodeCursor(cursor);
    const rows = await this.db.selectFrom('rule_sets').selectAll().where('tenant_id', '=', tenantId).orderBy('id').orderBy('version', 'desc').execute();
    const latest: Row[] = [];
    for (const r of rows) if (latest[latest.length - 1]?.id !== r.id) latest.push(r);
    const page = latest.slice(offset, offset + limit);
    return { items: page.map(toRuleSet), nextCursor: offset + limit < latest.length ? encodeCursor(offset + limit) : null, total: latest.length };
  }

  private async checkConfig(config: unknown): Promise<void> {
    try {
      await resolveRuleSetConfig(config);
    } catch (err) {
      throw invalidRuleSet(err);
    }
  }

  async create(tenantId: string, name: string, config: KefuConfig, by: string | null): Promise<RuleSet> {
    await this.checkConfig(config);
    const id = newId('rs');
    await this.db
      .insertInto('rule_sets')
      .values({ tenant_id: tenantId, id, version: 1, name, status: 'draft', config_json: JSON.stringify(config), created_by: by, created_at: nowIso(), published_at: null })
      .execute();
    return this.get(tenantId, id, 1);
  }

  /** Edit the draft; a published or archived latest version gets a new draft version. */
  async update(tenantId: string, id: string, patch: { name?: string; config?: KefuConfig }, by: string | null): Promise<RuleSet> {
    if (patch.config !== undefined) await this.checkConfig(patch.config);
    return this.db.transaction().execute(async (trx) => {
      const latest = await trx.selectFrom('rule_sets').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).orderBy('version', 'desc').limit(1).executeTakeFirst();
      if (!latest) throw notFound(`rule set ${id}`);
      const name = patch.name ?? latest.name;
      const configJson = patch.config !== undefined ? JSON.stringify(patch.config) : latest.config_json;
      if (latest.status === 'draft') {
        await trx.updateTable('rule_sets').set({ name, config_json: configJson }).where('tenant_id', '=', tenantId).where('id', '=', id).where('version', '=', latest.version).execute();
        return toRuleSet({ ...latest, name, config_json: configJson });
      }
      const row: Row = { tenant_id: tenantId, id, version: Number(latest.version) + 1, name, status: 'draft', config_json: configJson, created_by: by, created_at: nowIso(), published_at: null };
      await trx.insertInto('rule_sets').values(row).execute();
      return toRuleSet(row);
    });
  }

  /** Publish the latest (draft) version; the previously published version is archived. */
  async publish(tenantId: string, id: string): Promise<RuleSet> {
    const latest = await this.get(tenantId, id);
    if (latest.status === 'published') return latest;
    if (latest.status !== 'draft') throw conflict(`rule set ${id} v${latest.version} is ${latest.status}`);
    await this.checkConfig(latest.config);
    const at = nowIso();
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('rule_sets').set({ status: 'archived' }).where('tenant_id', '=', tenantId).where('id', '=', id).where('status', '=', 'published').execute();
      const r = await trx
        .updateTable('rule_sets')
        .set({ status: 'published', published_at: at })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .where('version', '=', latest.version)
        .where('status', '=', 'draft')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw conflict(`rule set ${id} v${latest.version} changed while publishing`);
    });
    return this.get(tenantId, id, latest.version);
  }
}

export function invalidRuleSet(err: unknown): StoreError {
  const message = (err as Error).message;
  const unknown = /unknown rule '([^']+)'/.exec(message);
  return badRequest(message, unknown ? { unknownRule: unknown[1] } : undefined);
}
