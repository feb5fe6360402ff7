/**
 * The inspection kernel. Like textlint's kernel it does no file or config I/O: a resolved
 * configuration in, findings and scores out, so it runs the same in the CLI, server and workers.
 */
import type { Channel, Conversation } from '../conversation/model.js';
import type { PhraseMatcher } from '../text/matcher.js';
import { scoreConversation } from '../scoring/score.js';
import type { ScoringTemplate } from '../scoring/template.js';
import type {
  ConversationResult,
  EngineSettings,
  Finding,
  ReportDescriptor,
  RuleContext,
  RuleDefinition,
  RuleListeners,
  Severity,
} from './types.js';
import { RulePhrases, SharedConversation, type RulePhraseIndex, type TurnAnalysisCache } from './views.js';

export interface ActiveRule {
  rule: RuleDefinition;
  severity: Severity;
  options: Record<string, unknown>;
}

export interface EngineConfig {
  rules: readonly ActiveRule[];
  settings: EngineSettings;
  scoring: ScoringTemplate;
}

export interface RawInspection {
  findings: Finding[];
  /** Rules that ran and declared themselves not applicable, with the reason. */
  notApplicable: Map<string, string>;
  /** Rules that ran on this conversation's channel. */
  ran: ReadonlySet<string>;
}

export class RuleExecutionError extends Error {
  constructor(
    readonly ruleId: string,
    readonly conversationId: string,
    cause: unknown,
  ) {
    super(`rule ${ruleId} failed on conversation ${conversationId}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'RuleExecutionError';
  }
}

/** A message template split at its `{{name}}` placeholders: even indexes text, odd indexes placeholders. */
const compiledTemplates = new Map<string, readonly string[]>();

function formatMessage(template: string, data: ReportDescriptor['data']): string {
  let parts = compiledTemplates.get(template);
  if (!parts) compiledTemplates.set(template, (parts = template.split(/(\{\{\s*\w+\s*\}\})/)));
  if (parts.length === 1) return template;
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const placeholder = parts[i]!;
    const key = placeholder.slice(2, -2).trim();
    out += (data && key in data ? String(data[key]) : placeholder) + parts[i + 1]!;
  }
  return out;
}

interface ChannelRules {
  rules: readonly ActiveRule[];
  /** Each rule's id, by position in `rules` (read once: rule objects come in many shapes). */
  ruleIds: readonly string[];
  ids: ReadonlySet<string>;
  /** Where each rule's phrases sit in the automaton, by position in `rules`. */
  phrases: readonly RulePhraseIndex[];
  /** The automaton groups of each rule's `requires`, by position in `rules` (undefined: none). */
  required: ReadonlyArray<readonly number[] | undefined>;
}

/** What one conversation's run collects from its rules. */
interface RunState {
  readonly conversation: Conversation;
  readonly findings: Finding[];
  readonly notApplicable: Map<string, string>;
}

/**
 * One rule during one conversation's run, and the context that rule sees: one object per rule per
 * conversation (not a literal with two closures beside it), since the engine makes ~45 of them per
 * conversation. `report` and `notApplicable` are methods: call them on the context.
 */
class RunningRule implements RuleContext {
  listeners: RuleListeners = {};
  // The hooks, read once: listener objects have as many shapes as there are rules, so reading a
  // hook off them in the walk is a megamorphic lookup; every RunningRule has the one shape.
  onStart: RuleListeners['conversationStart'];
  onTurn: RuleListeners['turn'];
  onEnd: RuleListeners['conversationEnd'];
  /** Declared itself not applicable: its turn hook is no longer called. */
  gaveUp = false;

  constructor(
    private readonly engine: Engine,
    private readonly state: RunState,
    readonly rule: RuleDefinition,
    readonly ruleId: string,
    readonly severity: Severity,
    readonly options: Record<string, unknown>,
    readonly view: SharedConversation,
    /** The rule's phrase groups: the view answers in them while this rule runs. */
    readonly phrases: RulePhraseIndex,
    readonly settings: EngineSettings,
  ) {}

  get conversation(): Conversation {
    return this.state.conversation;
  }
  get channel(): Channel {
    return this.state.conversation.channel;
  }

  report(d: ReportDescriptor): void {
    this.state.findings.push(this.engine.toFinding(this.rule, this.ruleId, this.severity, this.state.conversation, d));
  }

  notApplicable(reason: string): void {
    if (this.gaveUp) return;
    this.gaveUp = true;
    this.state.notApplicable.set(this.ruleId, reason);
  }
}

export class Engine {
  readonly config: EngineConfig;
  private readonly phrases: RulePhrases;
  private readonly byChannel = new Map<Channel, ChannelRules>();

  /** Rule id → its place in the rule ids' locale order: findings on one span sort by rule. */
  private readonly ruleRanks = new Map<string, number>();

  constructor(config: EngineConfig) {
    this.config = config;
    this.phrases = new RulePhrases(config.rules, config.settings);
    const ids = config.rules.map(({ rule }) => rule.meta.id).sort((a, b) => a.localeCompare(b));
    ids.forEach((id, rank) => this.ruleRanks.set(id, rank));
    for (const { rule } of config.rules) {
      const own = this.phrases.of(rule.meta.id).groups;
      for (const group of rule.requires ?? []) {
        if (!own.has(group)) throw new Error(`rule ${rule.meta.id} requires phrase group '${group}', which its phrases() does not define`);
      }
    }
  }

  private rankOf(ruleId: string): number {
    return this.ruleRanks.get(ruleId)!;
  }

  /** The one automaton holding every active rule's phrases. */
  get matcher(): PhraseMatcher {
    return this.phrases.matcher;
  }

  /** The active rules that apply to a channel, their ids and phrase indexes, worked out once per channel. */
  private rulesFor(channel: Channel): ChannelRules {
    let entry = this.byChannel.get(channel);
    if (!entry) {
      const rules = this.config.rules.filter(({ rule }) => rule.meta.channels.includes(channel));
      const phrases = rules.map(({ rule }) => this.phrases.of(rule.meta.id));
      const required = rules.map(({ rule }, r) => rule.requires?.map((group) => phrases[r]!.groups.get(group)!));
      const ruleIds = rules.map(({ rule }) => rule.meta.id);
      entry = { rules, ruleIds, ids: new Set(ruleIds), phrases, required };
      this.byChannel.set(channel, entry);
    }
    return entry;
  }

  /**
   * Run every active rule over one conversation; the view is shared by all of them. `only` picks
   * a subset of the rules; `cache` keeps turn analyses between runs over the same turn objects.
   */
  run(conversation: Conversation, only?: (rule: RuleDefinition) => boolean, cache?: TurnAnalysisCache): RawInspection {
    const view = new SharedConversation(conversation, this.phrases, cache);
    const state: RunState = { conversation, findings: [], notApplicable: new Map() };
    const forChannel = this.rulesFor(conversation.channel);
    const ran = only ? new Set<string>() : forChannel.ids;
    const active = this.start(forChannel, view, state, only, ran as Set<string>);
    walk(active, view);
    // Pipeline as in textlint: drop findings of rules that gave up, sort, de-duplicate.
    const { findings, notApplicable } = state;
    const kept = notApplicable.size > 0 ? findings.filter((f) => !notApplicable.has(f.ruleId)) : findings;
    kept.sort((a, b) => a.turn - b.turn || a.start - b.start || this.rankOf(a.ruleId) - this.rankOf(b.ruleId));
    return { findings: dropRepeats(kept), notApplicable, ran };
  }

  /** Each applicable rule's context and hooks for one conversation. */
  private start(forChannel: ChannelRules, view: SharedConversation, state: RunState, only: ((rule: RuleDefinition) => boolean) | undefined, ran: Set<string>): RunningRule[] {
    const active: RunningRule[] = [];
    for (let r = 0; r < forChannel.rules.length; r++) {
      const { rule, severity, options } = forChannel.rules[r]!;
      if (only) {
        if (!only(rule)) continue;
        ran.add(forChannel.ruleIds[r]!);
      }
      const required = forChannel.required[r];
      if (required && !view.hasAnyGroupHits(required)) continue;
      const running = new RunningRule(this, state, rule, forChannel.ruleIds[r]!, severity, options, view, forChannel.phrases[r]!, this.config.settings);
      view.current = running.phrases;
      try {
        const listeners = rule.create(running);
        running.listeners = listeners;
        running.onStart = listeners.conversationStart;
        running.onTurn = listeners.turn;
        running.onEnd = listeners.conversationEnd;
      } catch (err) {
        throw new RuleExecutionError(rule.meta.id, state.conversation.id, err);
      }
      active.push(running);
    }
    return active;
  }

  inspect(conversation: Conversation): ConversationResult {
    const raw = this.run(conversation);
    const scored = scoreConversation(this.config.scoring, raw.findings, (ruleId) => raw.ran.has(ruleId) && !raw.notApplicable.has(ruleId));
    const notApplicable: string[] = [];
    const notApplicableReasons: Record<string, string> = {};
    for (const [ruleId, reason] of raw.notApplicable) {
      notApplicable.push(ruleId);
      notApplicableReasons[ruleId] = reason;
    }
    return {
      id: conversation.id,
      channel: conversation.channel,
      score: scored.score,
      passed: scored.passed,
      findings: raw.findings,
      notApplicable,
      notApplicableReasons,
      fatal: scored.fatal,
      dimensions: scored.dimensions,
    };
  }

  /** @internal the finding a rule's report makes. */
  toFinding(rule: RuleDefinition, ruleId: string, severity: Severity, conversation: Conversation, d: ReportDescriptor): Finding {
    const turn = conversation.turns[d.turn];
    if (!turn) throw new Error(`rule ${rule.meta.id} reported turn ${d.turn}, which does not exist`);
    const start = d.start ?? 0;
    const end = d.end ?? turn.text.length;
    let message = d.message;
    if (message === undefined && d.messageId !== undefined) {
      const template = rule.meta.messages?.[d.messageId];
      if (template === undefined) throw new Error(`rule ${rule.meta.id} has no message '${d.messageId}'`);
      message = formatMessage(template, d.data);
    }
    if (message === undefined) throw new Error(`rule ${rule.meta.id} reported without a message`);
    const finding: Finding = {
      ruleId,
      severity: d.severity ?? severity,
      turn: d.turn,
      start,
      end,
      text: turn.text.slice(start, end),
      message,
    };
    if (d.suggestion !== undefined) finding.suggestion = d.suggestion;
    return finding;
  }
}

/** Calls the rules' hooks: conversation start, each turn in order, conversation end. */
function walk(active: readonly RunningRule[], view: SharedConversation): void {
  // One try around the walk (not a closure per rule per turn): the hot loop stays allocation-free.
  // Before each call the view is told whose phrase groups to answer in.
  let current = '';
  try {
    for (const running of active) {
      if (!running.onStart) continue;
      current = running.ruleId;
      view.current = running.phrases;
      running.onStart.call(running.listeners);
    }
    const walkers = active.filter((a) => a.onTurn);
    const turns = view.turns;
    for (let i = 0; i < turns.length; i++) {
      for (let w = 0; w < walkers.length; w++) {
        const walker = walkers[w]!;
        if (walker.gaveUp) continue;
        current = walker.ruleId;
        view.current = walker.phrases;
        walker.onTurn!.call(walker.listeners, turns[i]!);
      }
    }
    for (const running of active) {
      if (!running.onEnd) continue;
      current = running.ruleId;
      view.current = running.phrases;
      running.onEnd.call(running.listeners);
    }
  } catch (err) {
    throw new RuleExecutionError(current, view.conversation.id, err);
  }
}

/**
 * Drop a finding that repeats an earlier one (same rule, turn, span and message), keeping the
 * first. Repeats sort next to each other in one small (turn, start, rule) group, so only that group
 * is compared.
 */
function dropRepeats(sorted: Finding[]): Finding[] {
  const out: Finding[] = [];
  let group = 0;
  for (const f of sorted) {
    const last = out[out.length - 1];
    if (last && (last.turn !== f.turn || last.start !== f.start || last.ruleId !== f.ruleId)) group = out.length;
    let repeat = false;
    for (let j = group; j < out.length && !repeat; j++) repeat = out[j]!.end === f.end && out[j]!.message === f.message;
    if (!repeat) out.push(f);
  }
  return out;
}
