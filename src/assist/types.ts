/**
 * Real-time agent assist (issue 6): the shapes the library, the HTTP/WebSocket API and the
 * browser widget share. Everything here is plain JSON so a hint travels unchanged to the desk.
 */
import type { Channel, Turn } from '../conversation/model.js';
import type { KefuAddition, RuleDefinition, SeedCitation, Severity } from '../engine/types.js';
import type { Scenario, StandardPhrase } from '../knowledge/types.js';

/** A moment in time: epoch milliseconds, a Date, or an ISO-8601 string. */
export type Instant = number | string | Date;

/** What the assistant knows about the conversation the agent is answering. */
export interface AssistContext {
  /** The conversation so far (without the draft). Only the last `maxContextTurns` are used. */
  turns?: readonly Turn[];
  /** Defaults to `chat`. */
  channel?: Channel;
  /** When the draft is being typed (defaults to the wall clock). Drives timing signals. */
  now?: Instant;
  /** A preset name (`kefu:recommended`); only the HTTP/WebSocket layer uses it to pick an assistant. */
  preset?: string;
  /** Calls: when the call started, so turns' `start` offsets become times. */
  startedAt?: Instant;
}

/** A ready-to-apply edit of the draft, in UTF-16 offsets of the draft as sent. */
export interface Replacement {
  start: number;
  end: number;
  text: string;
}

export type HintSource = SeedCitation | KefuAddition;

/** One problem in the draft. */
export interface Problem {
  ruleId: string;
  severity: Severity;
  /** Span in the draft (UTF-16 offsets). */
  start: number;
  end: number;
  /** The draft text of the span. */
  text: string;
  message: string;
  /** The rule's advice as written (a standard phrase or a coaching tip). */
  suggestion?: string;
  /** The standard phrase applied to the draft, ready to apply, where one exists. */
  replacement?: Replacement;
  /** Where the requirement comes from (the rule's first seed citation, or its Kefu reason). */
  source: HintSource;
  /** When the replacement text is one of the organisation's standard phrases: which one. */
  phrase?: { id: string; source: SeedCitation };
}

/** A script that fits the conversation now. */
export interface Suggestion {
  /** The scenario id (`customer-thanks`, …) or a timing situation (`waited-long`, …). */
  id: string;
  /** The situation in Chinese (客户致谢…). */
  situation: string;
  /** The full script as the standard writes it (may carry stage directions in brackets). */
  script: string;
  /** What the agent can send as is: the script's first line without stage directions. */
  say: string;
  /** 0..1, higher fits better. Suggestions come sorted by score. */
  score: number;
  /** Why it fits, in Chinese: the customer's words or the timing that triggered it. */
  reason: string;
  source: HintSource;
  /** The customer words that triggered it, where a phrase did (span in that customer turn). */
  evidence?: { turn: number; start: number; end: number; text: string };
}

export type CoachLevel = 'ok' | 'warn' | 'late';

/** The chat response-time coach: how long the customer has been waiting for this reply. */
export interface Coach {
  /** False when the channel is not chat or the turns carry no time. */
  applicable: boolean;
  level: CoachLevel;
  /** Seconds since the customer's first unanswered message (the response-time rule's clock). */
  seconds: number;
  /** Seconds since the customer's latest message. */
  sinceLastSeconds: number;
  /** The limit (60 s by default, or the configured `response-time` maxSeconds). */
  limitSeconds: number;
  /** Seconds left before the limit (negative once late). */
  remainingSeconds: number;
  message: string;
  source: HintSource;
}

/** The organisation's phrase library and tuning; every field optional. */
export interface AssistantOptions {
  /** Scenarios added to the defaults; one with an existing id overrides it. */
  scenarios?: readonly Scenario[];
  /** Standard phrases added to the defaults; one with an existing id overrides it. */
  phrases?: readonly StandardPhrase[];
  /** Drop the seed defaults and use only the scenarios / phrases given above. */
  replaceDefaults?: boolean;
  /** Coach: seconds before `warn` (default 75 % of the limit). */
  warnSeconds?: number;
  /** Coach: the limit, overriding the configured response-time rule (default 60). */
  limitSeconds?: number;
  /** Only the latest turns of the context are judged (default 12). */
  maxContextTurns?: number;
  /** At most this many suggestions (default 5). */
  maxSuggestions?: number;
  /** Drafts longer than this are cut before checking (default 5,000 characters). */
  maxDraftLength?: number;
  /** Which configured rules run on drafts (default: real-time rules and the `scenario-*` rules). */
  draftRules?: (rule: RuleDefinition) => boolean;
}

export interface Assistant {
  /** Problems in the draft as the agent types it. Synchronous. */
  check(draft: string, context?: AssistContext): Problem[];
  /** The scripts that fit the conversation now, best first; the draft (optional) refines them. */
  suggest(context?: AssistContext, draft?: string): Suggestion[];
  /** Time since the customer's unanswered message against the 60 s rule. */
  coach(context?: AssistContext, now?: Instant): Coach;
  /** The phrase library in use (defaults merged with the organisation's). */
  readonly scenarios: readonly Scenario[];
  readonly phrases: readonly StandardPhrase[];
  /** Rule ids that run on drafts. */
  readonly realtimeRules: readonly string[];
}
