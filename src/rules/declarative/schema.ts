/**
 * The declarative rule format (声明式规则): what a QA inspector writes in YAML or JSON instead of
 * code. A rule is meta (id, description, category, severity, channels, source, message) plus one
 * condition under `detect` (report where it matches: a violation) or `require` (report when it
 * never matches), like commitlint's never/always polarity.
 *
 * A condition is one operator (keywords, regex, similarTo, repeat, responseTime, silence,
 * speechRate, interruption, duration, hangup, speaks) or a combination (and / or / not), and may
 * be anchored to another condition (after / before / around). See docs/declarative-rules.md.
 *
 * The TypeBox schemas below are plain JSON Schema: `DeclarativeRuleSchema` describes a whole rule
 * (store it, render forms from it); `nodeSchemas` describe one condition node each, with child
 * conditions left open, and drive the validator in validate.ts so that errors name exact paths.
 */
import Type, { type TSchema } from 'typebox';
import { CATEGORIES, type Category, type SeedCitation, type Severity } from '../../engine/types.js';
import { CHANNELS, type Channel } from '../../conversation/model.js';

// ---------------------------------------------------------------------------------------------
// TypeScript shapes of a validated spec
// ---------------------------------------------------------------------------------------------

export const ROLE_SELECTORS = ['agent', 'customer', 'bot', 'system', 'any'] as const;
export type RoleSelector = (typeof ROLE_SELECTORS)[number];

/** A turn range among the turns of the condition's role: first N, last N, or from..to (0-based, inclusive, negative counts from the end). */
export interface TurnRange {
  first?: number;
  last?: number;
  from?: number;
  to?: number;
}

export interface AnchorSpec {
  condition: ConditionSpec;
  /** Only the N nearest turns (of `count`'s role) next to each anchor turn. */
  within?: number;
  /** Which turns `within` counts (default: the condition's role, or any for combinations). */
  count?: RoleSelector;
  /** Only turns at least / at most this many seconds after the anchor (`after` only). */
  minSeconds?: number;
  maxSeconds?: number;
}

export interface CommonSpec {
  /** A note for inspectors; ignored by the engine. */
  label?: string;
  after?: AnchorSpec;
  before?: AnchorSpec;
  around?: AnchorSpec;
}

export interface LeafCommonSpec extends CommonSpec {
  role?: RoleSelector;
  turns?: TurnRange;
}

/** A keyword: a phrase, a group of synonyms (any of them counts as this keyword), or a phrase list from settings. */
export type KeywordEntry = string | string[] | { list: string };

export type TextScope = 'sentence' | 'turn' | 'window';

export interface KeywordsSpec {
  any?: KeywordEntry[];
  all?: KeywordEntry[];
  atLeast?: number;
  of?: KeywordEntry[];
  none?: KeywordEntry[];
  /** `any` only: at least this many hits in the unit (sentence/turn/window). */
  times?: number;
  /** A hit is void when one of these overlaps it or stands in the same sentence. */
  exclude?: string[];
  /** Groups of equivalent phrases: a keyword that belongs to a group matches every member. */
  synonyms?: string[][];
  /** Where `all` / `atLeast` / `times` must be met: one sentence, one turn (default), or the whole window. */
  scope?: TextScope;
}

export interface RegexSpec {
  pattern: string;
  /** A match is void when this matches the sentence(s) the match stands in. */
  not?: string;
  /** Extra flags: s, m, u (g and i are always on: text is matched lower-cased). */
  flags?: string;
}

export interface SimilarToSpec {
  examples: string[];
  /** Cosine similarity of character unigrams+bigrams, 0..1 (default 0.7). */
  threshold?: number;
  scope?: 'sentence' | 'turn';
}

export interface RepeatSpec {
  /** Report the turn that makes the content appear this many times (default 3). */
  times?: number;
  /** Look back this many turns of the role (default 5). */
  within?: number;
  /** Near-identical from this similarity on, 0..1 (default 0.9). */
  similarity?: number;
  /** Turns shorter than this (characters, punctuation excluded) are not checked (default 5). */
  minChars?: number;
  /** Turns containing one of these phrases are not checked (e.g. standard greetings). */
  exclude?: string[];
}

export interface ComparisonSpec {
  moreThan?: number;
  lessThan?: number;
}

export interface ResponseTimeSpec extends ComparisonSpec {
  from?: RoleSelector;
  to?: RoleSelector;
}

export interface SilenceSpec {
  moreThan: number;
}

export interface SpeechRateSpec extends ComparisonSpec {
  /** `conversation` (default): all turns of the role together; `turn`: each turn. */
  per?: 'conversation' | 'turn';
  /** Turns shorter than this many seconds are left out (default 1). */
  minSeconds?: number;
}

export interface InterruptionSpec {
  /** Report overlaps longer than this many seconds (default 0). */
  moreThan?: number;
}

export interface HangupSpec {
  by: 'agent' | 'customer' | 'system';
}

export type LeafSpec = LeafCommonSpec &
  (
    | { keywords: KeywordsSpec }
    | { regex: string | RegexSpec }
    | { similarTo: SimilarToSpec }
    | { repeat: RepeatSpec }
    | { responseTime: ResponseTimeSpec }
    | { silence: SilenceSpec }
    | { speechRate: SpeechRateSpec }
    | { interruption: InterruptionSpec }
    | { duration: ComparisonSpec }
    | { hangup: HangupSpec }
    | { speaks: true }
  );

export type ConditionSpec =
  | LeafSpec
  | (CommonSpec & { and: ConditionSpec[]; sameTurn?: boolean })
  | (CommonSpec & { or: ConditionSpec[] })
  | (CommonSpec & { not: ConditionSpec });

export interface DeclarativeRuleSpec {
  id: string;
  description: string;
  category: Category;
  severity?: Severity;
  channels?: Channel[];
  source?: SeedCitation | SeedCitation[];
  /** Why Kefu (or the organisation) adds this rule when no seed states it. */
  kefuAddition?: string;
  message: string;
  suggestion?: string;
  docs?: string;
  detect?: ConditionSpec;
  require?: ConditionSpec;
}

// ---------------------------------------------------------------------------------------------
// TypeBox schemas
// ---------------------------------------------------------------------------------------------

export const LEAF_OPERATORS = [
  'keywords',
  'regex',
  'similarTo',
  'repeat',
  'responseTime',
  'silence',
  'speechRate',
  'interruption',
  'duration',
  'hangup',
  'speaks',
] as const;
export const COMBINATORS = ['and', 'or', 'not'] as const;
export const OPERATORS = [...LEAF_OPERATORS, ...COMBINATORS] as const;
export type OperatorName = (typeof OPERATORS)[number];

const Role = Type.Enum([...ROLE_SELECTORS], { description: '角色：agent 客服 / customer 客户 / bot / system / any 任意' });
const Seconds = Type.Number({ minimum: 0, description: '秒' });
const Phrase = Type.String({ minLength: 1 });
const PhraseList = Type.Array(Phrase, { minItems: 1 });

const KeywordEntrySchema = Type.Union(
  [Phrase, Type.Array(Phrase, { minItems: 1 }), Type.Object({ list: Phrase }, { additionalProperties: false })],
  { errorMessage: 'must be a phrase, a list of synonyms, or {list: name}', description: '关键词：短语、同义词组或设置中的短语列表' },
);
const KeywordList = Type.Array(KeywordEntrySchema, { minItems: 1 });

const TurnRangeSchema = Type.Object(
  {
    first: Type.Optional(Type.Integer({ minimum: 1 })),
    last: Type.Optional(Type.Integer({ minimum: 1 })),
    from: Type.Optional(Type.Integer()),
    to: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false, description: '检测范围：该角色的前 N 句 / 后 N 句 / 第 from 到 to 句（从 0 起，负数从末尾数）' },
);

function anchorSchema(condition: TSchema) {
  return Type.Object(
    {
      condition,
      within: Type.Optional(Type.Integer({ minimum: 1 })),
      count: Type.Optional(Role),
      minSeconds: Type.Optional(Seconds),
      maxSeconds: Type.Optional(Seconds),
    },
    { additionalProperties: false, description: '前置条件：相对另一个条件命中的句子定位' },
  );
}

function commonProperties(condition: TSchema) {
  return {
    label: Type.Optional(Type.String()),
    after: Type.Optional(anchorSchema(condition)),
    before: Type.Optional(anchorSchema(condition)),
    around: Type.Optional(anchorSchema(condition)),
  };
}

function leafProperties(condition: TSchema) {
  return { ...commonProperties(condition), role: Type.Optional(Role), turns: Type.Optional(TurnRangeSchema) };
}

const Comparison = {
  moreThan: Type.Optional(Seconds),
  lessThan: Type.Optional(Seconds),
};

/** The operand schema of each operator (the value under its key). */
export function operandSchemas(condition: TSchema): Record<OperatorName, TSchema> {
  return {
    keywords: Type.Object(
      {
        any: Type.Optional(KeywordList),
        all: Type.Optional(KeywordList),
        atLeast: Type.Optional(Type.Integer({ minimum: 1 })),
        of: Type.Optional(KeywordList),
        none: Type.Optional(KeywordList),
        times: Type.Optional(Type.Integer({ minimum: 1 })),
        exclude: Type.Optional(PhraseList),
        synonyms: Type.Optional(Type.Array(Type.Array(Phrase, { minItems: 2 }), { minItems: 1 })),
        scope: Type.Optional(Type.Enum(['sentence', 'turn', 'window'])),
      },
      { additionalProperties: false, description: '关键词检查' },
    ),
    regex: Type.Union(
      [
        Type.String({ minLength: 1 }),
        Type.Object(
          { pattern: Type.String({ minLength: 1 }), not: Type.Optional(Type.String({ minLength: 1 })), flags: Type.Optional(Type.String({ pattern: '^[smu]*$' })) },
          { additionalProperties: false },
        ),
      ],
      { errorMessage: 'must be a pattern string or {pattern, not?, flags?}', description: '正则表达式（可带排除表达式 not）' },
    ),
    similarTo: Type.Object(
      {
        examples: PhraseList,
        threshold: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
        scope: Type.Optional(Type.Enum(['sentence', 'turn'])),
      },
      { additionalProperties: false, description: '文本相似度' },
    ),
    repeat: Type.Object(
      {
        times: Type.Optional(Type.Integer({ minimum: 2 })),
        within: Type.Optional(Type.Integer({ minimum: 1 })),
        similarity: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
        minChars: Type.Optional(Type.Integer({ minimum: 1 })),
        exclude: Type.Optional(PhraseList),
      },
      { additionalProperties: false, description: '上下文重复检查' },
    ),
    responseTime: Type.Object(
      { from: Type.Optional(Role), to: Type.Optional(Role), ...Comparison },
      { additionalProperties: false, description: '响应时间：from 角色发言后 to 角色回复的间隔（秒）' },
    ),
    silence: Type.Object({ moreThan: Seconds }, { additionalProperties: false, description: '静音：相邻两句之间的间隔（秒）' }),
    speechRate: Type.Object(
      {
        moreThan: Type.Optional(Type.Number({ minimum: 0 })),
        lessThan: Type.Optional(Type.Number({ minimum: 0 })),
        per: Type.Optional(Type.Enum(['conversation', 'turn'])),
        minSeconds: Type.Optional(Seconds),
      },
      { additionalProperties: false, description: '语速：每分钟字数' },
    ),
    interruption: Type.Object({ moreThan: Type.Optional(Seconds) }, { additionalProperties: false, description: '抢话：在对方说完之前开始说话' }),
    duration: Type.Object(Comparison, { additionalProperties: false, description: '通话/会话时长（秒）' }),
    hangup: Type.Object({ by: Type.Enum(['agent', 'customer', 'system']) }, { additionalProperties: false, description: '挂机方' }),
    speaks: Type.Literal(true, { description: '角色判断：该角色在范围内发言' }),
    and: Type.Array(condition, { minItems: 1, description: '且：全部条件都满足' }),
    or: Type.Array(condition, { minItems: 1, description: '或：任一条件满足' }),
    not: condition,
  };
}

/** Schema of one condition node whose operator is `op`; child conditions are `condition`. */
export function nodeSchema(op: OperatorName, condition: TSchema): TSchema {
  const operand = operandSchemas(condition)[op];
  const isCombinator = (COMBINATORS as readonly string[]).includes(op);
  const properties: Record<string, TSchema> = isCombinator ? { ...commonProperties(condition) } : { ...leafProperties(condition) };
  if (op === 'and') properties['sameTurn'] = Type.Optional(Type.Boolean({ description: '所有条件须在同一句（同一轮）中满足' }));
  properties[op] = operand;
  return Type.Object(properties, { additionalProperties: false });
}

/** Node schemas for validation: child conditions are left open and validated one by one. */
export const nodeSchemas: Record<OperatorName, TSchema> = Object.fromEntries(
  OPERATORS.map((op) => [op, nodeSchema(op, Type.Unknown())]),
) as Record<OperatorName, TSchema>;

export const ConditionSchema = Type.Cyclic(
  { Condition: Type.Union(OPERATORS.map((op) => nodeSchema(op, Type.Ref('Condition')))) },
  'Condition',
);

const Citation = Type.Object(
  { file: Type.String({ minLength: 1 }), quote: Type.String({ minLength: 1 }), section: Type.Optional(Type.String()) },
  { additionalProperties: false },
);

/** Rule meta: everything but the condition, which is validated node by node. */
export function ruleSchema(condition: TSchema): TSchema {
  return Type.Object(
    {
      id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*$', description: '规则 id：小写字母、数字、连字符' }),
      description: Type.String({ minLength: 1, description: '规则说明（中文）' }),
      category: Type.Enum([...CATEGORIES]),
      severity: Type.Optional(Type.Enum(['warn', 'error'])),
      channels: Type.Optional(Type.Array(Type.Enum([...CHANNELS]), { minItems: 1 })),
      source: Type.Optional(Type.Union([Citation, Type.Array(Citation, { minItems: 1 })], { errorMessage: 'must be {file, quote, section?} or a list of them' })),
      kefuAddition: Type.Optional(Type.String({ minLength: 1, description: '规范未写明、由本组织补充的理由' })),
      message: Type.String({ minLength: 1, description: '违规提示；可用 {{seconds}} {{rate}} {{times}} {{similarity}} {{phrase}}' }),
      suggestion: Type.Optional(Type.String({ minLength: 1 })),
      docs: Type.Optional(Type.String()),
      detect: Type.Optional(condition),
      require: Type.Optional(condition),
    },
    { additionalProperties: false },
  );
}

export const RuleMetaSchema = ruleSchema(Type.Unknown());

/** The whole rule as JSON Schema (for storage, editors and forms). */
export const DeclarativeRuleSchema = Type.Cyclic(
  {
    Condition: Type.Union(OPERATORS.map((op) => nodeSchema(op, Type.Ref('Condition')))),
    Rule: ruleSchema(Type.Ref('Condition')),
  },
  'Rule',
);
