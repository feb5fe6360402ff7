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
  ConversationView,
} from './types.js';
import { buildConversationView, RulePhrases, type TurnAnalysisCache } from './views.js';

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
  ran: Set<string>;
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

function formatMessage(template: string, data: ReportDescriptor['data']): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (data && key in data ? String(data[key]) : whole));
}

/** One rule during one conversation's run. */
interface RunningRule {
  id: string;
  listeners: RuleListeners;
  view: ConversationView;
  /** Declared itself not applicable: its turn hook is no longer called. */
  gaveUp: boolean;
}

export class Engine {
  readonly config: EngineConfig;
  private readonly phrases: RulePhrases;
  private readonly byChannel = new Map<Channel, readonly ActiveRule[]>();

  constructor(config: EngineConfig) {
    this.config = config;
    this.phrases = new RulePhrases(config.rules, config.settings);
  }

  /** The one automaton holding every active rule's phrases. */
  get matcher(): PhraseMatcher {
    return this.phrases.matcher;
  }

  /** The active rules that apply to a channel, worked out once per channel. */
  private rulesFor(channel: Channel): readonly ActiveRule[] {
    let list = this.byChannel.get(channel);
    if (!list) this.byChannel.set(channel, (list = this.config.rules.filter(({ rule }) => rule.meta.channels.includes(channel))));
    return list;
  }

  /**
   * Run every active rule over one conversation; the view is shared by all of them. `only` picks
   * a subset of the rules; `cache` keeps turn analyses between runs over the same turn objects.
   */
  run(conversation: Conversation, only?: (rule: RuleDefinition) => boolean, cache?: TurnAnalysisCache): RawInspection {
    const views = buildConversationView(conversation, this.phrases, cache);
    const findings: Finding[] = [];
    const notApplicable = new Map<string, string>();
    const ran = new Set<string>();
    const active: RunningRule[] = [];

    for (const { rule, severity, options } of this.rulesFor(conversation.channel)) {
      if (only && !only(rule)) continue;
      const id = rule.meta.id;
      ran.add(id);
      const running: RunningRule = { id, listeners: {}, view: views.forRule(id), gaveUp: false };
      const context: RuleContext = {
        ruleId: id,
        options,
        severity,
        conversation,
        channel: conversation.channel,
        view: running.view,
        settings: this.config.settings,
        report: (d) => findings.push(this.toFinding(rule, severity, conversation, d)),
        notApplicable: (reason) => {
          if (running.gaveUp) return;
          running.gaveUp = true;
          notApplicable.set(id, reason);
        },
      };
      try {
        running.listeners = rule.create(context);
      } catch (err) {
        throw new RuleExecutionError(id, conversation.id, err);
      }
      active.push(running);
    }

    // One try around the walk (not a closure per rule per turn): the hot loop stays allocation-free.
    let current = '';
    try {
      for (const { id, listeners } of active) {
        current = id;
        listeners.conversationStart?.();
      }
      const walkers = active.filter((a) => a.listeners.turn);
      const turnViews = walkers.map((a) => a.view.turns);
      for (let i = 0; i < conversation.turns.length; i++) {
        for (let w = 0; w < walkers.length; w++) {
          const walker = walkers[w]!;
          if (walker.gaveUp) continue;
          current = walker.id;
          walker.listeners.turn!(turnViews[w]![i]!);
        }
      }
      for (const { id, listeners } of active) {
        current = id;
        listeners.conversationEnd?.();
      }
    } catch (err) {
      throw new RuleExecutionError(current, conversation.id, err);
    }

    // Pipeline as in textlint: drop findings of rules that gave up, de-duplicate, sort.
    const kept = dedupe(notApplicable.size > 0 ? findings.filter((f) => !notApplicable.has(f.ruleId)) : findings);
    kept.sort((a, b) => a.turn - b.turn || a.start - b.start || a.ruleId.localeCompare(b.ruleId));
    return { findings: kept, notApplicable, ran };
  }

  inspect(conversation: Conversation): ConversationResult {
    const raw = this.run(conversation);
    const scored = scoreConversation(this.config.scoring, raw.findings, (ruleId) => raw.ran.has(ruleId) && !raw.notApplicable.has(ruleId));
    return {
      id: conversation.id,
      channel: conversation.channel,
      score: scored.score,
      passed: scored.passed,
      findings: raw.findings,
      notApplicable: [...raw.notApplicable.keys()],
      notApplicableReasons: Object.fromEntries(raw.notApplicable),
      fatal: scored.fatal,
      dimensions: scored.dimensions,
    };
  }

  private toFinding(rule: RuleDefinition, severity: Severity, conversation: Conversation, d: ReportDescriptor): Finding {
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
      ruleId: rule.meta.id,
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

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}|${f.turn}|${f.start}|${f.end}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
