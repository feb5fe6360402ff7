/**
 * ONE set of migrations for both dialects, run by Kysely's Migrator from an in-code provider.
 *
 * To add tables (tickets and SLA clocks, KPI intervals, training drills…), append an entry to
 * MIGRATIONS with the next number — `'002_tickets': { up, down }` — using only the portable column
 * types below (`text`, `integer`, `double precision`), and add the table's interface to
 * schema.ts. Never edit a migration that has shipped; write a new one.
 */
import { type Kysely, type Migration, type MigrationProvider } from 'kysely';

/** Column types both SQLite and PostgreSQL accept with the same meaning. */
export const T = { text: 'text', int: 'integer', real: 'double precision' } as const;

type AnyDb = Kysely<any>;

async function initial(db: AnyDb): Promise<void> {
  const s = db.schema;
  await s
    .createTable('tenants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('retention_days', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('teams')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('teams_pk', ['tenant_id', 'id'])
    .execute();

  await s
    .createTable('agents')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('team_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('agents_pk', ['tenant_id', 'id'])
    .execute();

  await s
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text')
    .addColumn('agent_id', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('users_tenant').on('users').columns(['tenant_id']).execute();

  await s
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('scopes_json', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await s.createIndex('api_tokens_user').on('api_tokens').columns(['user_id']).execute();

  await s
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await s.createIndex('sessions_user').on('sessions').columns(['user_id']).execute();

  await s
    .createTable('conversations')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text')
    .addColumn('team_id', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('started_at', 'text')
    .addColumn('source', 'text')
    .addColumn('turn_count', 'integer', (c) => c.notNull())
    .addColumn('call_json', 'text')
    .addColumn('meta_json', 'text')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text')
    .addColumn('latest_inspection_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversations_pk', ['tenant_id', 'id'])
    .execute();
  await s.createIndex('conversations_started').on('conversations').columns(['tenant_id', 'started_at']).execute();
  await s.createIndex('conversations_agent').on('conversations').columns(['tenant_id', 'agent_id']).execute();
  await s.createIndex('conversations_team').on('conversations').columns(['tenant_id', 'team_id']).execute();
  await s.createIndex('conversations_created').on('conversations').columns(['tenant_id', 'created_at']).execute();

  await s
    .createTable('turns')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('ts', 'text')
    .addColumn('start_s', 'double precision')
    .addColumn('end_s', 'double precision')
    .addPrimaryKeyConstraint('turns_pk', ['tenant_id', 'conversation_id', 'seq'])
    .execute();

  await s
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('channel', 'text')
    .addColumn('on_duplicate', 'text', (c) => c.notNull())
    .addColumn('accepted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duplicates', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('replaced', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('job_id', 'text')
    .addColumn('error', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await s.createIndex('imports_tenant').on('imports').columns(['tenant_id', 'created_at']).execute();

  await s
    .createTable('import_errors')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('line', 'integer')
    .addColumn('record', 'integer')
    .addColumn('conversation_id', 'text')
    .addColumn('field', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_errors_pk', ['import_id', 'seq'])
    .execute();

  await s
    .createTable('rule_sets')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('config_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addPrimaryKeyConstraint('rule_sets_pk', ['tenant_id', 'id', 'version'])
    .execute();

  await s
    .createTable('inspections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('rule_set_id', 'text', (c) => c.notNull())
    .addColumn('rule_set_version', 'integer', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addColumn('fatal', 'integer', (c) => c.notNull())
    .addColumn('fatal_json', 'text', (c) => c.notNull())
    .addColumn('not_applicable_json', 'text', (c) => c.notNull())
    .addColumn('dimensions_json', 'text', (c) => c.notNull())
    .addColumn('finding_count', 'integer', (c) => c.notNull())
    .addColumn('review_status', 'text', (c) => c.notNull())
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('job_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('inspections_once', ['tenant_id', 'conversation_id', 'rule_set_id', 'rule_set_version'])
    .execute();
  await s.createIndex('inspections_score').on('inspections').columns(['tenant_id', 'score']).execute();
  await s.createIndex('inspections_job').on('inspections').columns(['job_id']).execute();

  await s
    .createTable('findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('inspection_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('turn', 'integer', (c) => c.notNull())
    .addColumn('start_offset', 'integer', (c) => c.notNull())
    .addColumn('end_offset', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('suggestion', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('review_comment', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .execute();
  await s.createIndex('findings_inspection').on('findings').columns(['inspection_id', 'seq']).execute();
  await s.createIndex('findings_rule').on('findings').columns(['tenant_id', 'rule_id']).execute();

  await s
    .createTable('manual_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('inspection_id', 'text', (c) => c.notNull())
    .addColumn('dimension_id', 'text', (c) => c.notNull())
    .addColumn('points', 'double precision', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('manual_items_inspection').on('manual_items').columns(['inspection_id']).execute();

  await s
    .createTable('reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('inspection_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('finding_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('decision', 'text')
    .addColumn('comment', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('reviews_conversation').on('reviews').columns(['tenant_id', 'conversation_id']).execute();

  await s
    .createTable('appeals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('finding_id', 'text', (c) => c.notNull())
    .addColumn('inspection_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await s.createIndex('appeals_tenant').on('appeals').columns(['tenant_id', 'status']).execute();
  await s.createIndex('appeals_finding').on('appeals').columns(['finding_id']).execute();

  await s
    .createTable('appeal_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('appeal_id', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('appeal_decisions_once', ['appeal_id', 'stage'])
    .execute();

  await s
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('params_json', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .execute();

  await s
    .createTable('job_chunks')
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('chunk', 'integer', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('conversation_ids_json', 'text', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('job_chunks_pk', ['job_id', 'chunk'])
    .execute();

  await s
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('events_json', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('webhook_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .execute();
  await s.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();

  await s
    .createTable('audit_log')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_json', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('conversation_id', 'text')
    .addColumn('details_json', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('audit_log_conversation').on('audit_log').columns(['tenant_id', 'conversation_id']).execute();
}

const TABLES_001 = [
  'audit_log', 'webhook_deliveries', 'webhooks', 'job_chunks', 'jobs', 'appeal_decisions', 'appeals', 'reviews', 'manual_items',
  'findings', 'inspections', 'rule_sets', 'import_errors', 'imports', 'turns', 'conversations', 'sessions', 'api_tokens', 'users',
  'agents', 'teams', 'tenants',
];

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '001_initial': {
    up: initial,
    async down(db: AnyDb) {
      for (const t of TABLES_001) await db.schema.dropTable(t).ifExists().execute();
    },
  },
  // the review queue and result lists walk inspections in score order (worst first, fatal first)
  '002_result_order_indexes': {
    async up(db: AnyDb) {
      await db.schema.createIndex('inspections_score_conv').on('inspections').columns(['tenant_id', 'score', 'conversation_id']).execute();
      await db.schema.createIndex('inspections_fatal_score').on('inspections').columns(['tenant_id', 'fatal', 'score', 'conversation_id']).execute();
      await db.schema.dropIndex('inspections_score').execute();
    },
    async down(db: AnyDb) {
      await db.schema.createIndex('inspections_score').on('inspections').columns(['tenant_id', 'score']).execute();
      await db.schema.dropIndex('inspections_fatal_score').execute();
      await db.schema.dropIndex('inspections_score_conv').execute();
    },
  },
  // encryption at rest: turn text may become ciphertext, so search reads a tokenised copy, and
  // a customer id is matched by its token; rows stored so far are plaintext, searched as is
  '003_at_rest_search': {
    async up(db: AnyDb) {
      await db.schema.alterTable('turns').addColumn('search_text', 'text', (c) => c.notNull().defaultTo('')).execute();
      await db.updateTable('turns').set((eb) => ({ search_text: eb.ref('text') })).execute();
      await db.schema.alterTable('conversations').addColumn('customer_token', 'text').execute();
      await db.schema.createIndex('conversations_customer_token').on('conversations').columns(['tenant_id', 'customer_token']).execute();
    },
    async down(db: AnyDb) {
      await db.schema.dropIndex('conversations_customer_token').execute();
      await db.schema.alterTable('conversations').dropColumn('customer_token').execute();
      await db.schema.alterTable('turns').dropColumn('search_text').execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return { ...MIGRATIONS };
  },
};
