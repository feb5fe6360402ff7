/**
 * The `/assist` WebSocket protocol and the JSON schemas of the assist routes (TypeBox, so Fastify
 * validates with them and the OpenAPI document shows them).
 *
 * Client → server
 *   {type:'draft', agentId, seq, draft, context?}   a keystroke-level draft; `context` is sticky
 *                                                   per agentId (send it when it changes)
 *   {type:'context', agentId, context}              set the context without a draft
 *   {type:'ping', seq?}
 * Server → client
 *   {type:'hints', agentId, seq, problems, suggestions, coach, ms}
 *   {type:'error', code, message, seq?, agentId?}   the socket stays open
 *   {type:'pong', seq?}
 *
 * Drafts superseded by a newer seq of the same agent before they are processed are skipped
 * silently; the latest draft of every agent is always answered.
 */
import Type, { type Static } from 'typebox';
import { CHANNELS, ROLES } from '../conversation/model.js';

export const MAX_DRAFT_LENGTH = 5000;
export const MAX_CONTEXT_TURNS = 200;
export const MAX_TURN_LENGTH = 20_000;

export const TurnSchema = Type.Object({
  role: Type.Union(ROLES.map((r) => Type.Literal(r))),
  text: Type.String({ maxLength: MAX_TURN_LENGTH }),
  ts: Type.Optional(Type.String({ maxLength: 64 })),
  start: Type.Optional(Type.Number()),
  end: Type.Optional(Type.Number()),
});

export const ContextSchema = Type.Object({
  turns: Type.Optional(Type.Array(TurnSchema, { maxItems: MAX_CONTEXT_TURNS })),
  channel: Type.Optional(Type.Union(CHANNELS.map((c) => Type.Literal(c)))),
  now: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Number()])),
  startedAt: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Number()])),
  preset: Type.Optional(Type.String({ maxLength: 100 })),
});

export const CheckBody = Type.Object({
  draft: Type.String({ maxLength: MAX_DRAFT_LENGTH }),
  context: Type.Optional(ContextSchema),
});

export const SuggestBody = Type.Object({
  context: Type.Optional(ContextSchema),
  draft: Type.Optional(Type.String({ maxLength: MAX_DRAFT_LENGTH })),
});

/** A seed citation or a Kefu addition, flattened for serialisation. */
export const SourceSchema = Type.Object({
  file: Type.Optional(Type.String()),
  section: Type.Optional(Type.String()),
  quote: Type.Optional(Type.String()),
  kefuAddition: Type.Optional(Type.Boolean()),
  reason: Type.Optional(Type.String()),
});

export const ProblemSchema = Type.Object({
  ruleId: Type.String(),
  severity: Type.String(),
  start: Type.Integer(),
  end: Type.Integer(),
  text: Type.String(),
  message: Type.String(),
  suggestion: Type.Optional(Type.String()),
  replacement: Type.Optional(Type.Object({ start: Type.Integer(), end: Type.Integer(), text: Type.String() })),
  source: SourceSchema,
  phrase: Type.Optional(Type.Object({ id: Type.String(), source: SourceSchema })),
});

export const SuggestionSchema = Type.Object({
  id: Type.String(),
  situation: Type.String(),
  script: Type.String(),
  say: Type.String(),
  score: Type.Number(),
  reason: Type.String(),
  source: SourceSchema,
  evidence: Type.Optional(Type.Object({ turn: Type.Integer(), start: Type.Integer(), end: Type.Integer(), text: Type.String() })),
});

export const CoachSchema = Type.Object({
  applicable: Type.Boolean(),
  level: Type.Union([Type.Literal('ok'), Type.Literal('warn'), Type.Literal('late')]),
  seconds: Type.Number(),
  sinceLastSeconds: Type.Number(),
  limitSeconds: Type.Number(),
  remainingSeconds: Type.Number(),
  message: Type.String(),
  source: SourceSchema,
});

export const CheckReply = Type.Object({ problems: Type.Array(ProblemSchema), coach: CoachSchema });
export const SuggestReply = Type.Object({ suggestions: Type.Array(SuggestionSchema), coach: CoachSchema });

export const ErrorReply = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }),
});

export const DraftMessage = Type.Object({
  type: Type.Literal('draft'),
  agentId: Type.String({ minLength: 1, maxLength: 200 }),
  seq: Type.Integer({ minimum: 0 }),
  draft: Type.String({ maxLength: MAX_DRAFT_LENGTH }),
  context: Type.Optional(ContextSchema),
});

export const ContextMessage = Type.Object({
  type: Type.Literal('context'),
  agentId: Type.String({ minLength: 1, maxLength: 200 }),
  context: ContextSchema,
});

export type AssistContextWire = Static<typeof ContextSchema>;
export type DraftMessageWire = Static<typeof DraftMessage>;
export type ContextMessageWire = Static<typeof ContextMessage>;
