/**
 * The one factory behind every scenario-script rule (`scenario-<family>`): it turns the knowledge
 * data (src/knowledge/scenarios.ts) into a rule. For each scenario of the family, its trigger,
 * exclusion, expected, also-expected, reply-condition and wrong phrases go into the shared
 * automaton as groups `t:<id>`, `x:<id>`, `e:<id>`, `a:<id>`, `c:<id>`, `w:<id>`.
 *
 * Customer-triggered scenarios: a customer turn with a trigger (and no exclusion) raises the
 * situation; the agent's reply — the run of consecutive agent turns that follows (chat agents
 * often split one reply into several messages) — must carry an expected phrase (and one of the
 * also-expected ones, where given) and none of the wrong ones. Agent-triggered scenarios (the
 * agent makes the customer wait, asks them to repeat…): the agent run holding the trigger is
 * judged the same way. A wrong phrase is reported on its own span; a missing response on the
 * first agent turn of the reply, or on the customer's turn when the agent never answered.
 */
import type { Channel } from '../../conversation/model.js';
import type { PhraseHit } from '../../text/matcher.js';
import { defineRule, type Category, type RuleContext, type RuleDefinition, type Severity, type SeedCitation, type TurnView } from '../../engine/types.js';
import type { Scenario } from '../../knowledge/types.js';
import { scenariosForRule } from '../../knowledge/scenarios.js';

export interface ScenarioRuleSpec {
  id: string;
  description: string;
  defaultSeverity?: Severity;
  category?: Category;
  /** Severity of a wrong-phrase finding when it blames or insults the customer (a fatal item). */
  wrongSeverity?: Severity;
  /** Skip a raised situation (e.g. leave the call opening to `answer-rings`). */
  skip?(context: RuleContext, scenario: Scenario, triggerTurn: number): boolean;
  /** Declare the rule not applicable when no situation was raised (with this reason). */
  notApplicableUnlessRaised?: string;
  /** Extra phrase groups for `afterJudging`. */
  extraPhrases?: Readonly<Record<string, readonly string[]>>;
  /** Extra messages for `afterJudging`. */
  extraMessages?: Readonly<Record<string, string>>;
  /** A further check once the scenarios are judged, given the turns that raised a situation. */
  afterJudging?(context: RuleContext, raisedTurns: readonly number[]): void;
}


interface Pending {
  keyed: Keyed;
  turn: number;
}

/** A scenario with its phrase-group ids spelt out once (not rebuilt per turn). */
interface Keyed {
  scenario: Scenario;
  trigger: string;
  exclusion: string;
  expected: string;
  also: string;
  condition: string;
  wrong: string;
}

function keyed(s: Scenario): Keyed {
  return { scenario: s, trigger: `t:${s.id}`, exclusion: `x:${s.id}`, expected: `e:${s.id}`, also: `a:${s.id}`, condition: `c:${s.id}`, wrong: `w:${s.id}` };
}

function citationOf(s: Scenario): SeedCitation | undefined {
  return 'kefuAddition' in s.source ? undefined : s.source;
}

/** Agent turns from `from` up to the next customer turn (bot/system turns are skipped). */
function agentRun(turns: readonly TurnView[], from: number): TurnView[] {
  const run: TurnView[] = [];
  for (let i = from; i < turns.length; i++) {
    const t = turns[i]!;
    if (t.role === 'customer') break;
    if (t.role === 'agent') run.push(t);
  }
  return run;
}

function firstHit(run: readonly TurnView[], group: string): { turn: TurnView; hit: PhraseHit } | undefined {
  for (const t of run) {
    const hit = t.hits(group)[0];
    if (hit) return { turn: t, hit };
  }
  return undefined;
}

function has(run: readonly TurnView[], group: string): boolean {
  return run.some((t) => t.hits(group).length > 0);
}

function raises(t: TurnView, k: Keyed): boolean {
  return t.hasHits && t.hits(k.trigger).length > 0 && t.hits(k.exclusion).length === 0;
}

export function createScenarioRule(spec: ScenarioRuleSpec): RuleDefinition<Record<string, never>> {
  const scenarios = scenariosForRule(spec.id);
  if (scenarios.length === 0) throw new Error(`scenario rule ${spec.id} has no scenarios in the knowledge data`);
  const byCustomer = scenarios.filter((s) => (s.triggerRole ?? 'customer') === 'customer').map(keyed);
  const byAgent = scenarios.filter((s) => s.triggerRole === 'agent').map(keyed);
  const channels = [...new Set(scenarios.flatMap((s) => s.channels))] as Channel[];
  const triggerGroups = scenarios.map((s) => `t:${s.id}`);
  const citations = scenarios.map(citationOf).filter((c): c is SeedCitation => c !== undefined);

  return defineRule<Record<string, never>>({
    meta: {
      id: spec.id,
      description: spec.description,
      category: spec.category ?? 'scenario',
      defaultSeverity: spec.defaultSeverity ?? 'warn',
      channels,
      scope: 'conversation',
      realtime: false,
      source: citations.length === 1 ? citations[0]! : citations,
      messages: {
        wrong: '{{situation}}：客服不应说「{{phrase}}」',
        missing: '{{situation}}：客服未按标准话术回应',
        unanswered: '{{situation}}：客服没有回应',
        ...spec.extraMessages,
      },
      docs: scenarios.map((s) => `${s.situation}：${s.script}`).join('\n'),
    },
    phrases: () => {
      const groups: Record<string, readonly string[]> = {};
      for (const s of scenarios) {
        groups[`t:${s.id}`] = s.triggers;
        if (s.triggerExclusions?.length) groups[`x:${s.id}`] = s.triggerExclusions;
        groups[`e:${s.id}`] = s.expected;
        if (s.alsoExpected?.length) groups[`a:${s.id}`] = s.alsoExpected;
        if (s.replyCondition?.length) groups[`c:${s.id}`] = s.replyCondition;
        if (s.wrong.length) groups[`w:${s.id}`] = s.wrong;
      }
      return { ...groups, ...spec.extraPhrases };
    },
    // Every situation is raised by a trigger phrase: a conversation without one is not run at all.
    // A rule that speaks when nothing was raised (not applicable, afterJudging) must always run.
    ...(spec.notApplicableUnlessRaised || spec.afterJudging ? {} : { requires: triggerGroups }),
    create(context) {
      const judge = (pending: readonly Pending[], run: readonly TurnView[]): void => {
        // A wrong phrase is always reported, on its span.
        for (const { keyed: k } of pending) {
          const wrong = firstHit(run, k.wrong);
          if (wrong) {
            const span = wrong.turn.toOriginal(wrong.hit.start, wrong.hit.end);
            context.report({
              turn: wrong.turn.index,
              ...span,
              messageId: 'wrong',
              data: { situation: k.scenario.situation, phrase: wrong.turn.turn.text.slice(span.start, span.end) },
              suggestion: k.scenario.script,
              ...(spec.wrongSeverity ? { severity: spec.wrongSeverity } : {}),
            });
            return;
          }
        }
        if (run.length === 0) {
          const p = pending[0]!;
          context.report({ turn: p.turn, messageId: 'unanswered', data: { situation: p.keyed.scenario.situation }, suggestion: p.keyed.scenario.script });
          return;
        }
        // Satisfied when any raised scenario of the family got its standard response.
        let firstFailure: Keyed | undefined;
        for (const { keyed: k } of pending) {
          const s = k.scenario;
          if (s.replyCondition?.length && !has(run, k.condition)) continue;
          const ok = has(run, k.expected) && (!s.alsoExpected?.length || has(run, k.also));
          if (ok) return;
          firstFailure ??= k;
        }
        if (firstFailure) {
          context.report({
            turn: run[0]!.index,
            messageId: 'missing',
            data: { situation: firstFailure.scenario.situation },
            suggestion: firstFailure.scenario.script,
          });
        }
      };

      const finish = (raised: readonly number[]): void => {
        if (raised.length === 0 && spec.notApplicableUnlessRaised) context.notApplicable(spec.notApplicableUnlessRaised);
        else spec.afterJudging?.(context, raised);
      };

      return {
        conversationEnd() {
          const raised: number[] = [];
          // Every situation is raised by a trigger phrase: without one there is nothing to judge.
          if (!triggerGroups.some((group) => context.view.hasHitsIn(group))) return finish(raised);
          const turns = context.view.turns;
          let pending: Pending[] = [];
          // Who spoke last among agent and customer: an agent turn after a customer's starts a run.
          let previousSpeaker: 'agent' | 'customer' | undefined;
          for (let i = 0; i < turns.length; i++) {
            const t = turns[i]!;
            if (t.role === 'customer') {
              previousSpeaker = 'customer';
              if (!t.hasHits) continue;
              for (const k of byCustomer) {
                if (!raises(t, k) || spec.skip?.(context, k.scenario, i)) continue;
                if (!pending.some((p) => p.keyed === k)) pending.push({ keyed: k, turn: i });
                if (!raised.includes(i)) raised.push(i);
              }
            } else if (t.role === 'agent') {
              const runStart = previousSpeaker !== 'agent';
              previousSpeaker = 'agent';
              if (!runStart) continue;
              if (pending.length > 0) {
                // A reply to a situation the customer raised is judged as that reply only.
                judge(pending, agentRun(turns, i));
                pending = [];
                continue;
              }
              if (byAgent.length === 0) continue;
              // Agent-triggered scenarios: the agent's own run raises and answers the situation.
              const run = agentRun(turns, i);
              const raisedByAgent: Pending[] = [];
              for (const k of byAgent) {
                const raiser = run.find((r) => raises(r, k));
                if (raiser && !spec.skip?.(context, k.scenario, raiser.index)) raisedByAgent.push({ keyed: k, turn: raiser.index });
              }
              if (raisedByAgent.length > 0) {
                // Judged together like a customer trigger: one finding per run at most.
                const from = Math.min(...raisedByAgent.map((p) => p.turn));
                judge(raisedByAgent, run.filter((r) => r.index >= from));
                for (const p of raisedByAgent) if (!raised.includes(p.turn)) raised.push(p.turn);
              }
            }
          }
          if (pending.length > 0) judge(pending, []);
          finish(raised);
        },
      };
    },
  });
}
