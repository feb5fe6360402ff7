/**
 * Wire types of the Kefu HTTP API, mirroring docs/api.md. The web UI is built separately from the
 * server (DOM libs, bundler resolution), so these are declared here rather than imported from
 * src/server; keep them in step with the contract.
 */

export type Channel = 'chat' | 'call' | 'email';
export type TurnRole = 'agent' | 'customer' | 'bot' | 'system';
export type Severity = 'warn' | 'error';
export type RuleSetting = 'off' | Severity;
export type UserRole = 'agent' | 'team_lead' | 'supervisor' | 'qa' | 'manager' | 'admin';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

// ---- meta ---------------------------------------------------------------------------

export interface SeedCitation {
  file: string;
  quote: string;
  section?: string;
}

export interface KefuAddition {
  kefuAddition: true;
  reason: string;
}

export type RuleSource = SeedCitation | SeedCitation[] | KefuAddition;

/** A JSON Schema object as the server sends it (TypeBox output). */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  title?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
}

export interface RuleInfo {
  id: string;
  description: string;
  category: string;
  categoryName: string;
  defaultSeverity: Severity;
  channels: Channel[];
  scope: 'turn' | 'conversation';
  realtime: boolean;
  source: RuleSource;
  optionsSchema?: JsonSchema;
}

export interface PresetInfo {
  name: string;
  description: string;
  rules: Record<string, unknown>;
  scoring?: unknown;
}

// ---- auth -----------------------------------------------------------------------------------

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  tenantId: string;
  teamId?: string;
  agentId?: string;
}

export interface Me {
  user: User;
  permissions: string[];
}

// ---- imports --------------------------------------------------------------------------------

export type ImportFormat = 'jsonl' | 'json' | 'csv' | 'transcript';

export interface Import {
  id: string;
  status: 'running' | 'done' | 'failed';
  fileName: string;
  format: ImportFormat;
  accepted: number;
  rejected: number;
  duplicates: number;
  inspected: number;
  createdAt: string;
  finishedAt?: string;
}

export interface RecordError {
  line?: number;
  record?: unknown;
  conversationId?: string;
  field?: string;
  reason: string;
}

// ---- conversations and results --------------------------------------------------------------

export type ReviewStatus = 'unreviewed' | 'reviewed' | 'appealed' | 'closed';

export interface ConversationSummary {
  id: string;
  channel: Channel;
  agentId?: string;
  teamId?: string;
  customerId?: string;
  startedAt?: string;
  turnCount: number;
  score?: number;
  passed?: boolean;
  fatal: boolean;
  findingCount: number;
  reviewStatus: ReviewStatus;
}

export interface Turn {
  role: TurnRole;
  text: string;
  ts?: string;
  start?: number;
  end?: number;
}

export interface Conversation {
  id: string;
  channel: Channel;
  agentId?: string;
  teamId?: string;
  customerId?: string;
  startedAt?: string;
  turns: Turn[];
  call?: Record<string, unknown>;
}

export type FindingStatus = 'open' | 'confirmed' | 'rejected';

export interface StoredFinding {
  id: string;
  ruleId: string;
  severity: Severity;
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

export interface DimensionScore {
  id: string;
  name: string;
  score: number;
  max: number;
  applicable: boolean;
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
  reviewStatus?: ReviewStatus;
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

export interface AuditEntry {
  seq?: number;
  at: string;
  action: string;
  actor: { userId: string; username?: string; role?: string; via?: string };
  target?: { type: string; id: string };
  details?: Record<string, unknown>;
}

export type AppealStatus = 'open' | 'accepted' | 'rejected' | 'final_accepted' | 'final_rejected';
export type Decision = 'accept' | 'reject';

export interface AppealDecision {
  stage: 'review' | 'final';
  decision: Decision;
  comment: string;
  by: string;
  at: string;
}

export interface Appeal {
  id: string;
  findingId: string;
  conversationId: string;
  agentId?: string;
  reason: string;
  status: AppealStatus;
  decisions: AppealDecision[];
  createdBy?: string;
  createdAt: string;
  closedAt?: string;
}

export interface ConversationDetail {
  conversation: Conversation;
  inspection: Inspection | null;
  reviews: Review[];
  appeals: Appeal[];
  history: AuditEntry[];
}

export interface ConversationQuery {
  from?: string;
  to?: string;
  teamId?: string;
  agentId?: string;
  channel?: string;
  ruleSetId?: string;
  minScore?: string;
  maxScore?: string;
  passed?: string;
  ruleId?: string;
  hasFatal?: string;
  q?: string;
  sort?: 'score' | '-score' | 'startedAt' | '-startedAt';
  limit?: string;
  cursor?: string;
}

export type QueueMode = 'worst' | 'fatal' | 'sample';

// ---- rule sets ------------------------------------------------------------------------------

export interface RuleSet {
  id: string;
  name: string;
  version: number;
  status: 'draft' | 'published' | 'archived';
  config: Record<string, unknown>;
  createdAt: string;
  publishedAt?: string;
}

export interface Validation {
  valid: boolean;
  errors: string[];
}

export interface DryRun {
  compared: number;
  changedScores: number;
  findingsBefore: number;
  findingsAfter: number;
  meanScoreBefore: number;
  meanScoreAfter: number;
  passedBefore: number;
  passedAfter: number;
  byRule: { ruleId: string; before: number; after: number }[];
  examples: { conversationId: string; before: number; after: number }[];
}

// ---- dashboard ------------------------------------------------------------------------------

export interface OverviewFilters {
  from?: string;
  to?: string;
  teamId?: string;
  agentId?: string;
  channel?: string;
  ruleSetId?: string;
}

export interface Overview {
  conversations: number;
  inspected: number;
  meanScore: number | null;
  passRate: number | null;
  fatalCount: number;
  scoreHistogram: { bucket: string; count: number }[];
  trend: { day: string; meanScore: number | null; count: number }[];
  topRules: { ruleId: string; description: string; count: number }[];
  agents: { agentId: string; conversations: number; meanScore: number | null; passRate: number | null; findings: number }[];
}

// ---- assist ---------------------------------------------------------------------------------

export interface HintSource {
  file?: string;
  section?: string;
  quote?: string;
  kefuAddition?: boolean;
  reason?: string;
}

export interface AssistContext {
  turns?: Turn[];
  channel?: Channel;
  now?: string;
  startedAt?: string;
  preset?: string;
}

export interface Problem {
  ruleId: string;
  severity: string;
  start: number;
  end: number;
  text: string;
  message: string;
  suggestion?: string;
  replacement?: { start: number; end: number; text: string };
  source: HintSource;
}

export interface Suggestion {
  id: string;
  situation: string;
  script: string;
  say: string;
  score: number;
  reason: string;
  source: HintSource;
}

export interface Coach {
  applicable: boolean;
  level: 'ok' | 'warn' | 'late';
  seconds: number;
  sinceLastSeconds: number;
  limitSeconds: number;
  remainingSeconds: number;
  message: string;
  source: HintSource;
}
