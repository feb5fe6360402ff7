/**
 * The rule contract, modelled on ESLint's `{meta, create(context)}`: a rule is one file, declares
 * what it needs (phrases, channels, options schema), and reports findings through its context.
 */
import type { TSchema } from 'typebox';
import type { Channel, Conversation, Role, Turn } from '../conversation/model.js';
import type { NormalizedText } from '../text/normalize.js';
import type { PhraseHit } from '../text/matcher.js';
import type { Token } from '../text/segment.js';

export type Severity = 'warn' | 'error';
export type RuleSetting = 'off' | Severity;

export const CATEGORIES = [
  'forbidden', // 服务禁语
  'courtesy', // 礼貌用语
  'opening', // 开场
  'closing', // 结束语
  'timing', // 响应时效
  'complaint', // 投诉处理
  'scenario', // 场景话术
  'phone', // 电话礼仪
  'privacy', // 信息保密
  'format', // 表达形式
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Where a requirement comes from: a seed file and its quoted passage. */
export interface SeedCitation {
  file: string;
  quote: string;
  section?: string;
}

/** A rule, phrase or threshold that the seeds do not state, with the reason Kefu adds it. */
export interface KefuAddition {
  kefuAddition: true;
  reason: string;
}

export type RuleSource = SeedCitation | readonly SeedCitation[] | KefuAddition;

export interface RuleMeta {
  id: string;
  /** Chinese description shown to inspectors. */
  description: string;
  category: Category;
  defaultSeverity: Severity;
  /** Channels the rule applies to. */
  channels: readonly Channel[];
  /** `turn`: judges single turns (real-time safe if `realtime`); `conversation`: needs the whole. */
  scope: 'turn' | 'conversation';
  /** Safe to run on an agent's draft as they type: synchronous, turn-scoped, no jieba. */
  realtime: boolean;
  source: RuleSource;
  /** JSON Schema (TypeBox) of the options object, validated when the config loads. */
  optionsSchema?: TSchema;
  /** Message templates keyed by id, with `{{name}}` placeholders (ESLint's `messages`). */
  messages?: Readonly<Record<string, string>>;
  docs?: string;
}

/** A finding location in the ORIGINAL text of the 0-based input turn. */
export interface ReportDescriptor {
  turn: number;
  start?: number;
  end?: number;
  /** Either a literal message or a `messageId` into `meta.messages`. */
  message?: string;
  messageId?: string;
  data?: Readonly<Record<string, string | number>>;
  /** The standard phrase to use instead (a rewrite of the draft, or a coaching tip). */
  suggestion?: string;
  /** Override the configured severity for this one finding (rare: fatal escalations). */
  severity?: Severity;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  turn: number;
  start: number;
  end: number;
  /** The evidence: original text of the span (whole turn text for turn-level findings). */
  text: string;
  message: string;
  suggestion?: string;
}

/** Shared, lazily derived views of one turn: the engine computes each at most once. */
export interface TurnView {
  readonly index: number;
  readonly turn: Turn;
  readonly role: Role;
  readonly norm: NormalizedText;
  /** Seconds since the epoch, when the turn has `ts` or a call offset. */
  readonly time: number | undefined;
  /** True when this turn holds a phrase of the asking rule (cheaper than asking each group). */
  readonly hasHits: boolean;
  /** Phrase hits of the asking rule's groups in this turn (group ids without the rule prefix). */
  hits(group?: string): readonly PhraseHit[];
  /** jieba tokens of the normalised text (lazy, costly the first time). */
  tokens(): readonly Token[];
  /** Map a span of normalised text back to the original turn text. */
  toOriginal(start: number, end: number): { start: number; end: number };
}

export interface ConversationView {
  readonly conversation: Conversation;
  readonly turns: readonly TurnView[];
  /** Indexes of agent turns, in order. */
  readonly agentTurns: readonly number[];
  readonly customerTurns: readonly number[];
  /** True when every turn has a time. */
  readonly timed: boolean;
  /** True when any turn holds a phrase of the asking rule: a phrase-driven rule can stop early. */
  readonly hasHits: boolean;
  /** True when any turn holds a phrase of this group of the asking rule. */
  hasHitsIn(group: string): boolean;
}

export interface RuleContext<O = Record<string, unknown>> {
  readonly ruleId: string;
  readonly options: Readonly<O>;
  readonly severity: Severity;
  readonly conversation: Conversation;
  readonly channel: Channel;
  readonly view: ConversationView;
  /** Organisation-wide settings (e.g. whether 亲 is a polite address). */
  readonly settings: Readonly<EngineSettings>;
  report(descriptor: ReportDescriptor): void;
  /** The rule cannot judge this conversation (e.g. no timestamps): it drops out of the score. */
  notApplicable(reason: string): void;
}

export interface RuleListeners {
  conversationStart?(): void;
  turn?(turn: TurnView): void;
  conversationEnd?(): void;
}

export interface PhraseContext<O> {
  options: Readonly<O>;
  settings: Readonly<EngineSettings>;
}

export interface RuleDefinition<O = any> {
  meta: RuleMeta;
  defaultOptions?: O;
  /** Phrase groups this rule wants in the shared automaton (computed once per configuration). */
  phrases?(context: PhraseContext<O>): Readonly<Record<string, readonly string[]>>;
  /**
   * Groups of `phrases()` of which at least one must occur in a conversation for the rule to have
   * anything to judge. On any other conversation the engine does not run it (it counts as run,
   * without findings), as ESLint calls a rule only for the node types it listens to.
   */
  requires?: readonly string[];
  create(context: RuleContext<O>): RuleListeners;
}

/** Settings a standard can change without code: e.g. 亲 allowed in e-commerce, forbidden elsewhere. */
export interface EngineSettings {
  /** Whether 亲 / 亲亲 is an accepted form of address. */
  allowQin: boolean;
  /** Extra phrase lists keyed by list name (`forbidden`, `greeting`, `closing`, …). */
  phraseLists: Readonly<Record<string, readonly string[]>>;
}

export const DEFAULT_SETTINGS: EngineSettings = { allowQin: false, phraseLists: {} };

/** Identity helper that gives rule authors type inference, like ESLint's `createRule`. */
export function defineRule<O>(rule: RuleDefinition<O>): RuleDefinition<O> {
  return rule;
}

export interface ConversationResult {
  id: string;
  channel: Channel;
  score: number;
  passed: boolean;
  findings: Finding[];
  notApplicable: string[];
  /** Why each rule did not apply, by rule id. */
  notApplicableReasons?: Record<string, string>;
  /** Fatal rule ids that fired (致命项). */
  fatal?: string[];
  dimensions?: DimensionScore[];
}

export interface DimensionScore {
  id: string;
  name: string;
  score: number;
  max: number;
  applicable: boolean;
}
