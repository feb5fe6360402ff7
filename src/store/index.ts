/**
 * The store: one Kysely database (SQLite or PostgreSQL) and its repositories.
 *
 *   const store = await openStore({ location: 'kefu.db' });      // or postgres://…
 *   await store.auth.ensureTenant('acme');
 *   await store.imports.writeChunk(…); store.conversations.list(scope, filter);
 *
 * Every repository function that writes several rows does so in one transaction.
 */
import type { Kysely } from 'kysely';
import type { ResolvedConfig } from '../engine/config.js';
import { AppealRepo } from './appeals.js';
import { AuditRepo } from './audit.js';
import { Bulk } from './bulk.js';
import { AuthRepo } from './auth.js';
import { ConversationRepo } from './conversations.js';
import { openDb, ping, type Dialect, type OpenOptions } from './db.js';
import { ImportRepo } from './imports.js';
import { InspectionRepo } from './inspections.js';
import { JobRepo } from './jobs.js';
import { PrivacyRepo } from './privacy.js';
import { EngineCache, RuleSetRepo } from './rulesets.js';
import type { Database } from './schema.js';
import { WebhookRepo } from './webhooks.js';

export class Store {
  readonly conversations: ConversationRepo;
  readonly imports: ImportRepo;
  readonly ruleSets: RuleSetRepo;
  readonly engines: EngineCache;
  readonly inspections: InspectionRepo;
  readonly appeals: AppealRepo;
  readonly jobs: JobRepo;
  readonly webhooks: WebhookRepo;
  readonly auth: AuthRepo;
  readonly audit: AuditRepo;
  /** The security layer's PrivacyStore (retention, data-subject export and erasure). */
  readonly privacy: PrivacyRepo;

  readonly bulk: Bulk;

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: Dialect,
    readonly location: string,
    sqlite?: import('better-sqlite3').Database,
  ) {
    this.bulk = new Bulk(sqlite);
    this.conversations = new ConversationRepo(db);
    this.imports = new ImportRepo(db, this.bulk);
    this.ruleSets = new RuleSetRepo(db);
    this.engines = new EngineCache(this.ruleSets);
    this.inspections = new InspectionRepo(db, this.bulk);
    this.appeals = new AppealRepo(db, this.inspections);
    this.jobs = new JobRepo(db);
    this.webhooks = new WebhookRepo(db);
    this.auth = new AuthRepo(db, (tenantId) => this.ruleSets.ensureDefault(tenantId));
    this.audit = new AuditRepo(db);
    this.privacy = new PrivacyRepo(db, this.conversations);
  }

  /** The resolved config of a rule set version (for score recomputation). */
  readonly resolve = async (tenantId: string, ruleSetId: string, version: number): Promise<ResolvedConfig> => (await this.engines.get(tenantId, ruleSetId, version)).resolved;

  async ping(): Promise<void> {
    await ping(this.db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

export async function openStore(options: OpenOptions = {}): Promise<Store> {
  const { db, dialect, location, sqlite } = await openDb(options);
  return new Store(db, dialect, location, sqlite);
}

export { defaultLocation, isPostgresUrl, type Dialect, type OpenOptions } from './db.js';
export { scopeOf, tenantScope, type Scope } from './scope.js';
export { StoreError } from './util.js';
export type { ConversationFilter, ConversationSummary, ConversationSort, OnDuplicate, Page } from './conversations.js';
export type { Import, RecordError } from './imports.js';
export type { Inspection, StoredFinding, ManualItem, Review } from './inspections.js';
export type { Appeal } from './appeals.js';
export type { Job } from './jobs.js';
export type { RuleSet } from './rulesets.js';
export type { Webhook } from './webhooks.js';
