/**
 * The database schema as TypeScript types (Kysely's `Database` interface). One schema for SQLite
 * and PostgreSQL, so column types are the portable subset:
 *
 * - ids and timestamps are TEXT (timestamps are UTC ISO-8601 with `Z`, so they sort as text);
 * - booleans are INTEGER 0/1;
 * - structured values (config, dimensions, scopes, details) are JSON in TEXT columns ending `_json`;
 * - conversation text lives in dedicated columns (`turns.text`, `findings.text`) so the security
 *   layer can encrypt it at rest without touching the rest of the row; with a key ring those
 *   columns, `conversations.customer_id` / `meta_json` and `webhooks.secret` hold AES-GCM
 *   envelopes (src/store/at-rest.ts), and search and lookups use `turns.search_text` and
 *   `conversations.customer_token`.
 *
 * Every row carries `tenant_id`. Later issues add tables through new migrations
 * (src/store/migrations.ts) and add their interfaces here.
 */
export interface TenantsTable {
  id: string;
  name: string;
  retention_days: number | null;
  created_at: string;
}

export interface TeamsTable {
  tenant_id: string;
  id: string;
  name: string;
  created_at: string;
}

export interface AgentsTable {
  tenant_id: string;
  id: string;
  name: string | null;
  team_id: string | null;
  created_at: string;
}

export interface UsersTable {
  id: string;
  tenant_id: string;
  username: string;
  display_name: string | null;
  role: string;
  team_id: string | null;
  agent_id: string | null;
  password_hash: string | null;
  disabled: number;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  tenant_id: string;
  user_id: string;
  name: string;
  secret_hash: string;
  scopes_json: string | null;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SessionsTable {
  id_hash: string;
  tenant_id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ConversationsTable {
  tenant_id: string;
  id: string;
  channel: string;
  agent_id: string | null;
  team_id: string | null;
  customer_id: string | null;
  /** HMAC token of the customer id (with a key ring; null without): exact-match lookups. */
  customer_token: string | null;
  /** UTC ISO-8601, normalised for range queries. */
  started_at: string | null;
  source: string | null;
  turn_count: number;
  call_json: string | null;
  meta_json: string | null;
  /** sha256 of the canonical conversation: tells a true duplicate from a changed re-import. */
  content_hash: string;
  import_id: string | null;
  /** The inspection shown in lists (the latest one written). */
  latest_inspection_id: string | null;
  created_at: string;
}

export interface TurnsTable {
  tenant_id: string;
  conversation_id: string;
  seq: number;
  role: string;
  text: string;
  /** What search matches: the text with personal data as ⟦kind:token⟧ (the text itself without a key ring). */
  search_text: string;
  ts: string | null;
  start_s: number | null;
  end_s: number | null;
}

export interface ImportsTable {
  id: string;
  tenant_id: string;
  status: string;
  file_name: string;
  format: string;
  channel: string | null;
  on_duplicate: string;
  accepted: number;
  rejected: number;
  duplicates: number;
  replaced: number;
  job_id: string | null;
  error: string | null;
  created_by: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface ImportErrorsTable {
  tenant_id: string;
  import_id: string;
  seq: number;
  line: number | null;
  record: number | null;
  conversation_id: string | null;
  field: string | null;
  reason: string;
}

export interface RuleSetsTable {
  tenant_id: string;
  id: string;
  version: number;
  name: string;
  status: string;
  config_json: string;
  created_by: string | null;
  created_at: string;
  published_at: string | null;
}

export interface InspectionsTable {
  id: string;
  tenant_id: string;
  conversation_id: string;
  rule_set_id: string;
  rule_set_version: number;
  score: number;
  passed: number;
  fatal: number;
  fatal_json: string;
  not_applicable_json: string;
  dimensions_json: string;
  finding_count: number;
  review_status: string;
  reviewed_by: string | null;
  reviewed_at: string | null;
  job_id: string | null;
  created_at: string;
}

export interface FindingsTable {
  id: string;
  tenant_id: string;
  inspection_id: string;
  conversation_id: string;
  seq: number;
  rule_id: string;
  severity: string;
  turn: number;
  start_offset: number;
  end_offset: number;
  text: string;
  message: string;
  suggestion: string | null;
  status: string;
  review_comment: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
}

export interface ManualItemsTable {
  id: string;
  tenant_id: string;
  inspection_id: string;
  dimension_id: string;
  points: number;
  reason: string;
  created_by: string;
  created_at: string;
}

export interface ReviewsTable {
  id: string;
  tenant_id: string;
  inspection_id: string;
  conversation_id: string;
  finding_id: string | null;
  /** 'finding' | 'manual_item' | 'complete' */
  kind: string;
  decision: string | null;
  comment: string | null;
  created_by: string;
  created_at: string;
}

export interface AppealsTable {
  id: string;
  tenant_id: string;
  finding_id: string;
  inspection_id: string;
  conversation_id: string;
  agent_id: string | null;
  reason: string;
  status: string;
  created_by: string;
  created_at: string;
  closed_at: string | null;
}

export interface AppealDecisionsTable {
  id: string;
  tenant_id: string;
  appeal_id: string;
  stage: string;
  decision: string;
  comment: string;
  created_by: string;
  created_at: string;
}

export interface JobsTable {
  id: string;
  tenant_id: string;
  kind: string;
  status: string;
  total: number;
  done: number;
  failed: number;
  params_json: string;
  error: string | null;
  created_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** A job is split into chunks; a chunk's results and its `done` mark commit together. */
export interface JobChunksTable {
  job_id: string;
  chunk: number;
  tenant_id: string;
  status: string;
  conversation_ids_json: string;
  done: number;
  failed: number;
  attempts: number;
  error: string | null;
  updated_at: string;
}

export interface WebhooksTable {
  id: string;
  tenant_id: string;
  url: string;
  events_json: string;
  secret: string;
  active: number;
  created_by: string | null;
  created_at: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  tenant_id: string;
  webhook_id: string;
  event: string;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface AuditLogTable {
  /** Position in the hash chain (global, 1-based). */
  seq: number;
  tenant_id: string;
  at: string;
  action: string;
  actor_json: string;
  target_type: string | null;
  target_id: string | null;
  /** For a conversation's history: the conversation an event concerns, when it concerns one. */
  conversation_id: string | null;
  details_json: string | null;
  prev_hash: string;
  hash: string;
}

export interface Database {
  tenants: TenantsTable;
  teams: TeamsTable;
  agents: AgentsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  conversations: ConversationsTable;
  turns: TurnsTable;
  imports: ImportsTable;
  import_errors: ImportErrorsTable;
  rule_sets: RuleSetsTable;
  inspections: InspectionsTable;
  findings: FindingsTable;
  manual_items: ManualItemsTable;
  reviews: ReviewsTable;
  appeals: AppealsTable;
  appeal_decisions: AppealDecisionsTable;
  jobs: JobsTable;
  job_chunks: JobChunksTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  audit_log: AuditLogTable;
}
