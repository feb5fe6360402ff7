/**
 * JSON schemas (TypeBox) of the API's shapes (docs/api.md). Objects allow additional
 * properties in responses so that a field added later is never silently dropped by the
 * serializer; request bodies are strict.
 */
import Type, { type TSchema } from 'typebox';

const open = { additionalProperties: true } as const;
const strict = { additionalProperties: false } as const;
const Opt = <T extends TSchema>(t: T) => Type.Optional(t);

export const ErrorSchema = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String(), details: Opt(Type.Any()) }, open) },
  open,
);

export const page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]), total: Type.Integer() }, open);

export const PageQuery = {
  limit: Opt(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Opt(Type.String({ maxLength: 200 })),
};

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

export const RecordErrorSchema = Type.Object(
  { line: Opt(Type.Integer()), record: Opt(Type.Integer()), conversationId: Opt(Type.String()), field: Opt(Type.String()), reason: Type.String() },
  open,
);

export const ImportSchema = Type.Object(
  {
    id: Type.String(),
    status: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
    fileName: Type.String(),
    format: Type.String(),
    accepted: Type.Integer(),
    rejected: Type.Integer(),
    duplicates: Type.Integer(),
    replaced: Type.Integer(),
    inspected: Type.Integer(),
    onDuplicate: Type.String(),
    jobId: Opt(Type.String()),
    error: Opt(Type.String()),
    createdAt: Type.String(),
    finishedAt: Opt(Type.String()),
  },
  open,
);

export const JobSchema = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
    total: Type.Integer(),
    done: Type.Integer(),
    failed: Type.Integer(),
    chunks: Opt(Type.Integer()),
    ruleSetId: Opt(Type.String()),
    ruleSetVersion: Opt(Type.Integer()),
    createdAt: Type.String(),
    startedAt: Opt(Type.String()),
    finishedAt: Opt(Type.String()),
    error: Opt(Type.String()),
  },
  open,
);

export const SummarySchema = Type.Object(
  {
    id: Type.String(),
    channel: Type.String(),
    agentId: Opt(Type.String()),
    teamId: Opt(Type.String()),
    customerId: Opt(Type.String()),
    startedAt: Opt(Type.String()),
    turnCount: Type.Integer(),
    score: Opt(Type.Number()),
    passed: Opt(Type.Boolean()),
    fatal: Type.Boolean(),
    findingCount: Type.Integer(),
    reviewStatus: Type.String(),
  },
  open,
);

export const TurnSchema = Type.Object({ role: Type.String(), text: Type.String(), ts: Opt(Type.String()), start: Opt(Type.Number()), end: Opt(Type.Number()) }, open);

export const ConversationSchema = Type.Object(
  {
    id: Type.String(),
    channel: Type.String(),
    agentId: Opt(Type.String()),
    teamId: Opt(Type.String()),
    customerId: Opt(Type.String()),
    startedAt: Opt(Type.String()),
    source: Opt(Type.String()),
    turns: Type.Array(TurnSchema),
    call: Opt(Type.Object({}, open)),
    meta: Opt(Type.Object({}, open)),
  },
  open,
);

export const FindingSchema = Type.Object(
  {
    id: Type.String(),
    ruleId: Type.String(),
    severity: Type.String(),
    turn: Type.Integer(),
    start: Type.Integer(),
    end: Type.Integer(),
    text: Type.String(),
    message: Type.String(),
    suggestion: Opt(Type.String()),
    status: Type.Union([Type.Literal('open'), Type.Literal('confirmed'), Type.Literal('rejected')]),
    reviewComment: Opt(Type.String()),
    reviewedBy: Opt(Type.String()),
    reviewedAt: Opt(Type.String()),
  },
  open,
);

export const InspectionSchema = Type.Object(
  {
    id: Type.String(),
    conversationId: Type.String(),
    ruleSetId: Type.String(),
    ruleSetVersion: Type.Integer(),
    score: Type.Number(),
    passed: Type.Boolean(),
    fatal: Type.Array(Type.String()),
    notApplicable: Type.Array(Type.String()),
    dimensions: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), score: Type.Number(), max: Type.Number(), applicable: Type.Boolean() }, open)),
    findings: Type.Array(FindingSchema),
    manualItems: Type.Array(Type.Object({ id: Type.String(), dimensionId: Type.String(), points: Type.Number(), reason: Type.String(), by: Type.String(), at: Type.String() }, open)),
    reviewStatus: Type.String(),
    createdAt: Type.String(),
  },
  open,
);

export const ReviewSchema = Type.Object(
  { id: Type.String(), inspectionId: Type.String(), findingId: Opt(Type.String()), kind: Type.String(), decision: Opt(Type.String()), comment: Opt(Type.String()), by: Type.String(), at: Type.String() },
  open,
);

export const AppealSchema = Type.Object(
  {
    id: Type.String(),
    findingId: Type.String(),
    conversationId: Type.String(),
    inspectionId: Type.String(),
    agentId: Opt(Type.String()),
    reason: Type.String(),
    status: Type.String(),
    decisions: Type.Array(Type.Object({ stage: Type.String(), decision: Type.String(), comment: Type.String(), by: Type.String(), at: Type.String() }, open)),
    createdBy: Type.String(),
    createdAt: Type.String(),
    closedAt: Opt(Type.String()),
  },
  open,
);

export const AuditEntrySchema = Type.Object(
  {
    seq: Type.Integer(),
    at: Type.String(),
    action: Type.String(),
    actor: Type.Object({}, open),
    target: Opt(Type.Object({ type: Type.String(), id: Type.String() }, open)),
    details: Opt(Type.Object({}, open)),
  },
  open,
);

export const RuleSetSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    version: Type.Integer(),
    status: Type.String(),
    config: Type.Object({}, open),
    createdAt: Type.String(),
    publishedAt: Opt(Type.String()),
  },
  open,
);

/** A Kefu config in a request body: its structure is checked by resolveConfig (errors name the key). */
export const KefuConfigBody = Type.Object(
  {
    extends: Opt(Type.Union([Type.String(), Type.Array(Type.String())])),
    rules: Opt(Type.Record(Type.String(), Type.Any())),
    settings: Opt(Type.Object({}, open)),
    scoring: Opt(Type.Union([Type.String(), Type.Object({}, open)])),
    declarativeRules: Opt(Type.Array(Type.Any())),
  },
  strict,
);

export const WebhookSchema = Type.Object({ id: Type.String(), url: Type.String(), events: Type.Array(Type.String()), active: Type.Boolean(), createdAt: Type.String() }, open);

export { Type, Opt, open, strict };
