/**
 * The agent assistant: `check(draft)` runs the configuration's real-time rules on the conversation
 * so far plus the draft as the agent's next turn and keeps the findings on the draft; `suggest()`
 * picks the scripts that fit the conversation now; `coach()` times the reply against the 60 s rule.
 *
 * Speed: one Engine per assistant, built from the real-time subset of the configuration (its
 * automaton compiled once); per call only the last `maxContextTurns` turns are judged, and no
 * jieba, I/O or promises are involved, so a check is a few tens of microseconds.
 */
import type { Conversation, Turn } from '../conversation/model.js';
import type { KefuConfig, ResolvedConfig } from '../engine/config.js';
import { Engine } from '../engine/engine.js';
import type { TurnAnalysisCache } from '../engine/views.js';
import type { Finding, RuleDefinition, RuleSource, SeedCitation } from '../engine/types.js';
import type { Scenario, StandardPhrase } from '../knowledge/types.js';
import { PhraseMatcher } from '../text/matcher.js';
import { normalize, normalizePattern } from '../text/normalize.js';
import { coach as coachOf, type CoachSettings } from './coach.js';
import { buildLibrary } from './library.js';
import { sayLine } from './script.js';
import { SituationDetector } from './situations.js';
import type { Assistant, AssistantOptions, AssistContext, Coach, HintSource, Instant, Problem, Replacement, Suggestion } from './types.js';

/**
 * Rules that run on a draft: the real-time ones, plus the scenario-script rules (`scenario-*`,
 * one factory, src/rules/scenario/factory.ts): conversation-scoped because they judge the agent's
 * reply to a customer turn, but synchronous and phrase-only, and the draft IS that reply. They
 * give the "missing apology / wrong response for this situation" hints.
 */
export function isDraftRule(rule: RuleDefinition): boolean {
  return rule.meta.realtime === true || rule.meta.id.startsWith('scenario-');
}

const APOLOGY_IN_DRAFT = /抱歉|对不起|久等|不好意思|请原谅|见谅/;
const LATE_APOLOGY_SOURCE: HintSource = {
  file: '004_753ea7082ac4ddd9.txt',
  section: '3. 客服中心服務規范有那些用語 §17',
  quote: '遇到客戶責怪客服代表動作慢,不熟練:客服代表:「對不起,讓您久等了,我將盡快幫您處理。」',
};

/** Punctuation, spaces and symbols ignored when comparing a text with a standard phrase. */
const PHRASE_NOISE = /[\s\p{P}\p{S}…]/gu;

const PHRASE_NOISE_CHAR = /^[\s\p{P}\p{S}…]$/u;

/** Spans of the draft covered by standard phrases. */
class StandardCover {
  constructor(
    private readonly spans: ReadonlyArray<[number, number]>,
    private readonly significant: Uint8Array,
  ) {}

  /** True when [start, end) lies in one standard phrase, or all its letters lie in standard phrases. */
  covers(start: number, end: number): boolean {
    if (this.spans.length === 0) return false;
    if (end <= start) return this.spans.some(([s, e]) => s <= start && start < e);
    for (const [s, e] of this.spans) if (s <= start && end <= e) return true;
    for (let i = start; i < end; i++) {
      if (!this.significant[i]) continue;
      if (!this.spans.some(([s, e]) => s <= i && i < e)) return false;
    }
    return true;
  }
}

export function phraseKey(text: string): string {
  return normalizePattern(text).replace(PHRASE_NOISE, '');
}

function firstSource(source: RuleSource): HintSource {
  if (Array.isArray(source)) return (source as readonly SeedCitation[])[0] ?? { kefuAddition: true, reason: '' };
  return source as HintSource;
}

/** Clause delimiters: a sentence-like suggestion replaces the clause around the span. */
function isClauseBreak(code: number): boolean {
  return (
    code === 0x3002 || // 。
    code === 0xff0c || // ，
    code === 0xff01 || // ！
    code === 0xff1f || // ？
    code === 0xff1b || // ；
    code === 0x2c || // ,
    code === 0x2e || // .
    code === 0x21 || // !
    code === 0x3f || // ?
    code === 0x3b || // ;
    code === 0x0a || // newline
    code === 0x3001 || // 、
    code === 0x2026 // …
  );
}

const SENTENCE_PUNCT = /[，。！？；,.!?;、]/;

function trimEndPunct(text: string): string {
  return text.replace(/[。！？.!?]+$/u, '');
}

/**
 * Where the context a draft needs starts: the rules that run on drafts judge a turn, or the
 * agent's reply to the customer's latest run of messages, so the conversation before that run
 * cannot change a finding on the draft (and every context turn costs a normalisation per
 * keystroke). Bounded by `max` turns.
 */
export function draftContextStart(turns: readonly { role: string }[], max: number): number {
  const floor = Math.max(0, turns.length - max);
  let i = turns.length - 1;
  while (i >= floor && turns[i]!.role !== 'customer') i--; // the draft may continue an agent run
  while (i >= floor && turns[i]!.role !== 'agent') i--; // the customer's latest run
  return Math.max(floor, i + 1);
}

export function isResolvedConfig(config: ResolvedConfig | KefuConfig | undefined): config is ResolvedConfig {
  return config !== undefined && Array.isArray((config as ResolvedConfig).rules);
}

export class KefuAssistant implements Assistant {
  readonly engine: Engine;
  readonly scenarios: readonly Scenario[];
  readonly phrases: readonly StandardPhrase[];
  readonly realtimeRules: readonly string[];
  readonly config: ResolvedConfig;
  private readonly rulesById = new Map<string, RuleDefinition>();
  private readonly draftRule: (rule: RuleDefinition) => boolean;
  /** Context turns are the same objects keystroke after keystroke: analyse each once. */
  private readonly turnCache: TurnAnalysisCache = new WeakMap();
  /** Scenario scripts (as rules suggest them) → the line to send. */
  private readonly sayByScript = new Map<string, string>();
  private readonly phraseByKey = new Map<string, StandardPhrase>();
  /** The standard phrases (punctuation-free keys): a draft made of them is never flagged. */
  private readonly phraseMatcher: PhraseMatcher;
  private readonly situations: SituationDetector;
  private readonly coachSettings: CoachSettings;
  private readonly maxContextTurns: number;
  private readonly maxDraftLength: number;
  private readonly draftTurn: Turn = { role: 'agent', text: '' };
  private readonly conversation: Conversation = { id: 'assist-draft', channel: 'chat', turns: [] };

  constructor(config: ResolvedConfig, options: AssistantOptions = {}) {
    this.config = config;
    const draftRule = options.draftRules ?? isDraftRule;
    const realtime = config.rules.filter((r) => draftRule(r.rule));
    this.draftRule = draftRule;
    // The automaton holds only the phrases of rules that run on drafts: smaller, faster.
    this.engine = new Engine({ rules: realtime, settings: config.settings, scoring: config.scoring });
    for (const { rule } of realtime) this.rulesById.set(rule.meta.id, rule);
    this.realtimeRules = realtime.map((r) => r.rule.meta.id);

    const library = buildLibrary(options);
    this.scenarios = library.scenarios;
    this.phrases = library.phrases;
    for (const sc of this.scenarios) this.sayByScript.set(sc.script, sayLine(sc.script, config.settings.allowQin));
    for (const p of this.phrases) {
      const key = phraseKey(p.text);
      if (key && !this.phraseByKey.has(key)) this.phraseByKey.set(key, p);
    }
    this.phraseMatcher = new PhraseMatcher(new Map([['phrase', [...this.phraseByKey.keys()].filter((k) => k.length >= 3)]]));

    const responseRule = config.rules.find((r) => r.rule.meta.id === 'response-time');
    const configured = Number((responseRule?.options as { maxSeconds?: unknown } | undefined)?.maxSeconds);
    const limitSeconds = options.limitSeconds ?? (Number.isFinite(configured) && configured > 0 ? configured : 60);
    this.coachSettings = { limitSeconds, warnSeconds: options.warnSeconds ?? Math.round(limitSeconds * 0.75) };
    this.maxContextTurns = options.maxContextTurns ?? 12;
    this.maxDraftLength = options.maxDraftLength ?? 5000;
    this.situations = new SituationDetector(this.scenarios, {
      limitSeconds,
      allowQin: config.settings.allowQin,
      maxSuggestions: options.maxSuggestions ?? 5,
      idleClosingSeconds: 180,
      silentLineSeconds: 5,
    });
    // Warm up: the T→S table, the automaton and the rules' first-call paths.
    this.check('您好，请问有什么可以帮您？', { turns: [{ role: 'customer', text: '你好' }] });
  }

  check(draft: string, context: AssistContext = {}): Problem[] {
    if (typeof draft !== 'string' || draft.length === 0) return [];
    if (draft.length > this.maxDraftLength) draft = draft.slice(0, this.maxDraftLength);
    const channel = context.channel ?? 'chat';
    const history = context.turns ?? [];
    const from = draftContextStart(history, this.maxContextTurns);

    // Reuse one conversation object: check() is synchronous, so nothing else sees it meanwhile.
    const turns = this.conversation.turns;
    turns.length = 0;
    for (let i = from; i < history.length; i++) turns.push(history[i]!);
    const draftTurn = this.draftTurn;
    draftTurn.text = draft;
    delete draftTurn.ts;
    const last = history[history.length - 1];
    if (last === undefined || last.ts !== undefined) {
      const now = context.now ?? Date.now();
      const ms = typeof now === 'number' ? now : now instanceof Date ? now.getTime() : Date.parse(now);
      if (Number.isFinite(ms)) draftTurn.ts = new Date(ms).toISOString();
    }
    turns.push(draftTurn);
    this.conversation.channel = channel;
    const draftIndex = turns.length - 1;

    let findings: Finding[];
    try {
      findings = this.engine.run(this.conversation, this.draftRule, this.turnCache).findings;
    } finally {
      turns.length = 0;
    }

    const problems: Problem[] = [];
    let cover: StandardCover | undefined;
    for (const f of findings) {
      if (f.turn !== draftIndex) continue;
      // The organisation's own standard phrases are compliant by definition (004's 67 phrases
      // include 我不太清楚 with an offer to ask): drop findings inside them, or on a draft made of them.
      cover ??= this.standardCover(draft);
      if (cover.covers(f.start, f.end)) continue;
      const rule = this.rulesById.get(f.ruleId);
      const problem: Problem = {
        ruleId: f.ruleId,
        severity: f.severity,
        start: f.start,
        end: f.end,
        text: f.text,
        message: f.message,
        source: rule ? firstSource(rule.meta.source) : { kefuAddition: true, reason: 'unknown rule' },
      };
      if (f.suggestion !== undefined) {
        problem.suggestion = f.suggestion;
        const replacement = this.replacementFor(draft, f, rule);
        if (replacement) problem.replacement = replacement;
        const phrase = this.phraseByKey.get(phraseKey(replacement?.text ?? f.suggestion));
        if (phrase) problem.phrase = { id: phrase.id, source: phrase.source };
      }
      problems.push(problem);
    }

    // The customer has waited past the limit: the reply must open with an apology (001, 004 §15/§17).
    if (channel === 'chat' && !APOLOGY_IN_DRAFT.test(normalizePattern(draft))) {
      const coach = coachOf(context, context.now, this.coachSettings);
      if (coach.level === 'late' && draft.trim() !== '') {
        const text = `${this.config.settings.allowQin ? '亲，' : ''}很抱歉，让您久等了，`;
        const lead = draft.length - draft.trimStart().length;
        problems.unshift({
          ruleId: 'assist/late-apology',
          severity: 'warn',
          start: 0,
          end: draft.length,
          text: draft,
          message: `客户已等待 ${coach.seconds} 秒（超过 ${coach.limitSeconds} 秒），回复应先致歉「很抱歉，让您久等了」`,
          suggestion: '很抱歉，让您久等了',
          replacement: { start: lead, end: lead, text },
          source: LATE_APOLOGY_SOURCE,
        });
      }
    }
    return problems;
  }

  /** Where the draft quotes standard phrases (ignoring punctuation, spaces and script). */
  private standardCover(draft: string): StandardCover {
    const norm = normalize(draft);
    // Strip punctuation and spaces from the normalised text, remembering original offsets.
    let stripped = '';
    const origin: number[] = [];
    const significant = new Uint8Array(draft.length);
    for (let i = 0; i < norm.text.length; i++) {
      const ch = norm.text[i]!;
      if (PHRASE_NOISE_CHAR.test(ch)) continue;
      stripped += ch;
      origin.push(norm.offsets[i]!);
      significant[norm.offsets[i]!] = 1;
    }
    const spans: Array<[number, number]> = [];
    for (const hit of this.phraseMatcher.match(stripped)) spans.push([origin[hit.start]!, origin[hit.end - 1]! + 1]);
    return new StandardCover(spans, significant);
  }

  /**
   * Turn a rule's suggestion into an edit of the draft:
   * - a finding on the whole draft (filler-only reply, …) → replace the draft;
   * - a word-sized suggestion (您 for 你) → replace the span exactly;
   * - a sentence (a standard phrase) for a phrase span → replace the clause around the span;
   * - advice that is not something to say (format rules: 宜分次回答) → no replacement.
   */
  private replacementFor(draft: string, f: Finding, rule: RuleDefinition | undefined): Replacement | undefined {
    if (!f.suggestion || rule?.meta.category === 'format') return undefined;
    const say = this.sayByScript.get(f.suggestion);
    const text = say ?? f.suggestion;
    const whole = draft.trim();
    const lead = draft.length - draft.trimStart().length;
    if (f.start <= lead && f.end >= lead + whole.length) {
      // A scenario's standard response is missing from the reply: put it first, keep the rest.
      if (say !== undefined) return { start: lead, end: lead, text: say };
      return { start: 0, end: draft.length, text };
    }
    if (f.end <= f.start) {
      // An insertion point (e.g. an apology that belongs at the start).
      return { start: f.start, end: f.start, text: f.start === lead ? `${trimEndPunct(text)}，` : text };
    }
    if (!SENTENCE_PUNCT.test(text) && text.length <= Math.max(4, (f.end - f.start) * 3)) return { start: f.start, end: f.end, text };
    let start = f.start;
    let end = f.end;
    while (start > 0 && !isClauseBreak(draft.charCodeAt(start - 1))) start--;
    while (end < draft.length && !isClauseBreak(draft.charCodeAt(end))) end++;
    while (start < f.start && /\s/.test(draft[start]!)) start++;
    // Keep the draft's own punctuation after the clause; drop the suggestion's final stop if so.
    const replacementText = end < draft.length ? trimEndPunct(text) : text;
    return { start, end, text: replacementText };
  }

  suggest(context: AssistContext = {}, draft?: string): Suggestion[] {
    const turns = context.turns ?? [];
    const trimmed = turns.length > this.maxContextTurns ? { ...context, turns: turns.slice(-this.maxContextTurns) } : context;
    return this.situations.detect(trimmed, draft === undefined ? undefined : draft.slice(0, this.maxDraftLength));
  }

  coach(context: AssistContext = {}, now?: Instant): Coach {
    return coachOf(context, now, this.coachSettings);
  }
}

/**
 * Create an assistant from a resolved configuration (synchronous) or a config object / nothing
 * (loads it: `kefu.config.*` in the working directory, else `kefu:recommended`).
 */
export async function createAssistant(config?: ResolvedConfig | KefuConfig, options: AssistantOptions = {}): Promise<KefuAssistant> {
  // Loaded lazily: the assistant kernel itself does no config I/O (a resolved config in, hints out).
  const resolved = isResolvedConfig(config) ? config : await (await import('../api.js')).loadConfig(config);
  return new KefuAssistant(resolved, options);
}

/** Synchronous creation when the configuration is already resolved. */
export function createAssistantSync(config: ResolvedConfig, options: AssistantOptions = {}): KefuAssistant {
  return new KefuAssistant(config, options);
}
