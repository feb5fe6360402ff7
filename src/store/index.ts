/**
 * The store: one Kysely database (SQLite or PostgreSQL) and its repositories.
 *
 *   const store = await openStore({ location: 'kefu.db' });      // or postgres://…
 *   await store.auth.ensureTenant('acme');
 *   await store.imports.writeChunk(…); store.conversations.list(scope, filter);
 *
 * Every repository function that writes several rows does so in one transaction.
 *
 * Encryption at rest: the key ring comes from the environment (KEFU_KEY_FILE /
 * KEFU_ENCRYPTION_KEY, security/crypto.ts) unless `atRest` is given; every process that opens
 * the same database (server, workers, CLI) must therefore see the same keys.
 */
import type { Kysely } from 'kysely';
import type { ResolvedConfig } from '../engine/config.js';
import type { AtRestConfig } from '../security/at-rest.js';
import { ENVELOPE_VERSION, loadKeyRing, openField } from '../security/crypto.js';
import { aad } from './at-rest.js';
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
    sqlite: import('better-sqlite3').Database | undefined,
    /** How text is protected at rest (no ring: stored in clear). */
    readonly atRest: AtRestConfig,
  ) {
    this.bulk = new Bulk(sqlite);
    this.conversations = new ConversationRepo(db, atRest);
    this.imports = new ImportRepo(db, this.bulk, atRest);
    this.ruleSets = new RuleSetRepo(db);
    this.engines = new EngineCache(this.ruleSets);
    this.inspections = new InspectionRepo(db, this.bulk, atRest);
    this.appeals = new AppealRepo(db, this.inspections);
    this.jobs = new JobRepo(db);
    this.webhooks = new WebhookRepo(db, atRest);
    this.auth = new AuthRepo(db, (tenantId) => this.ruleSets.ensureDefault(tenantId));
    this.audit = new AuditRepo(db);
    this.privacy = new PrivacyRepo(db, this.conversations, atRest);
  }

  /**
   * Fail fast when stored text cannot be opened: encrypted rows but no key configured, the key
   * they name missing from the ring, or wrong key material. Opens one encrypted turn (the
   * DecryptionError names the key id); a server or worker calls it at start-up.
   */
  async verifyKeys(): Promise<void> {
    const row = await this.db.selectFrom('turns').select(['tenant_id', 'conversation_id', 'seq', 'text']).where('text', 'like', `${ENVELOPE_VERSION}:%`).limit(1).executeTakeFirst();
    if (row) openField(row.text, this.atRest.ring, aad.turn(row.tenant_id, row.conversation_id, Number(row.seq)));
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

export interface StoreOptions extends OpenOptions {
  /** Default: the key ring from the environment (none when no key is configured). */
  atRest?: AtRestConfig;
}

export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const { atRest = { ring: loadKeyRing() }, ...open } = options;
  const { db, dialect, location, sqlite } = await openDb(open);
  return new Store(db, dialect, location, sqlite, atRest);
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
