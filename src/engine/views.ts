/**
 * Shared derived views of a conversation, computed once and consumed by every rule: the
 * normalised text of each turn, one automaton pass per turn, times, and tokens on demand.
 */
import { turnTime, type Conversation, type Turn } from '../conversation/model.js';
import type { PhraseHit, PhraseMatcher } from '../text/matcher.js';
import { normalize, toOriginalSpan, type NormalizedText } from '../text/normalize.js';
import { segment, type Token } from '../text/segment.js';
import type { ConversationView, TurnView } from './types.js';

/** Separates a rule id from its group id inside the shared automaton. */
export const GROUP_SEPARATOR = '\u0000';

const NO_HITS: readonly PhraseHit[] = Object.freeze([]);

const splitCache = new Map<string, readonly [string, string]>();

/** The rule id and group of a qualified group id (memoised: there are few distinct ones). */
function splitGroup(qualified: string): readonly [string, string] {
  let split = splitCache.get(qualified);
  if (!split) {
    const at = qualified.indexOf(GROUP_SEPARATOR);
    split = [qualified.slice(0, at), qualified.slice(at + 1)];
    splitCache.set(qualified, split);
  }
  return split;
}

export function qualifiedGroup(ruleId: string, group: string): string {
  return `${ruleId}${GROUP_SEPARATOR}${group}`;
}

export class SharedTurnView {
  readonly index: number;
  readonly turn: Turn;
  readonly norm: NormalizedText;
  readonly time: number | undefined;
  private readonly matcher: PhraseMatcher;
  /** Hits by rule id, then group (de-prefixed once): rules look groups up on every turn. */
  private hitsByRule: Map<string, Map<string, PhraseHit[]>> | undefined;
  private tokenCache: Token[] | undefined;

  constructor(index: number, turn: Turn, conversation: Conversation, matcher: PhraseMatcher) {
    this.index = index;
    this.turn = turn;
    this.norm = normalize(turn.text);
    this.time = turnTime(conversation, turn);
    this.matcher = matcher;
  }

  get role() {
    return this.turn.role;
  }

  /** Hits of one rule: the automaton runs once per turn, on first demand, for all rules. */
  hitsOf(ruleId: string, group?: string): readonly PhraseHit[] {
    const groups = (this.hitsByRule ??= this.indexHits()).get(ruleId);
    if (!groups) return NO_HITS;
    if (group !== undefined) return groups.get(group) ?? NO_HITS;
    return [...groups.values()].flat().sort((a, b) => a.start - b.start || b.end - a.end);
  }

  private indexHits(): Map<string, Map<string, PhraseHit[]>> {
    const byRule = new Map<string, Map<string, PhraseHit[]>>();
    for (const hit of this.matcher.match(this.norm.text)) {
      const [ruleId, group] = splitGroup(hit.group);
      let groups = byRule.get(ruleId);
      if (!groups) byRule.set(ruleId, (groups = new Map()));
      const local: PhraseHit = { group, phrase: hit.phrase, start: hit.start, end: hit.end };
      const list = groups.get(group);
      if (list) list.push(local);
      else groups.set(group, [local]);
    }
    return byRule;
  }

  tokens(): readonly Token[] {
    this.tokenCache ??= segment(this.norm.text);
    return this.tokenCache;
  }

  toOriginal(start: number, end: number) {
    return toOriginalSpan(this.norm, start, end);
  }
}

/** The view one rule sees: the same shared data, with hits narrowed to the rule's own groups. */
export class RuleTurnView implements TurnView {
  constructor(
    private readonly shared: SharedTurnView,
    private readonly ruleId: string,
  ) {}
  get index() {
    return this.shared.index;
  }
  get turn() {
    return this.shared.turn;
  }
  get role() {
    return this.shared.turn.role;
  }
  get norm() {
    return this.shared.norm;
  }
  get time() {
    return this.shared.time;
  }
  hits(group?: string) {
    return this.shared.hitsOf(this.ruleId, group);
  }
  tokens() {
    return this.shared.tokens();
  }
  toOriginal(start: number, end: number) {
    return this.shared.toOriginal(start, end);
  }
}

/**
 * The conversation as one rule sees it. A class, not an object literal with a getter: a getter
 * closure per literal gives every view its own hidden class, which made this the engine's
 * costliest allocation.
 */
class RuleConversationView implements ConversationView {
  private turnViews: RuleTurnView[] | undefined;

  constructor(
    private readonly shared: readonly SharedTurnView[],
    private readonly ruleId: string,
    readonly conversation: Conversation,
    readonly agentTurns: readonly number[],
    readonly customerTurns: readonly number[],
    readonly timed: boolean,
  ) {}

  // Built on first use: many rules only look at a few turns, or none.
  get turns(): readonly TurnView[] {
    this.turnViews ??= this.shared.map((s) => new RuleTurnView(s, this.ruleId));
    return this.turnViews;
  }
}

export function buildConversationView(
  conversation: Conversation,
  matcher: PhraseMatcher,
): { shared: SharedTurnView[]; forRule(ruleId: string): ConversationView } {
  const shared = conversation.turns.map((turn, i) => new SharedTurnView(i, turn, conversation, matcher));
  const agentTurns: number[] = [];
  const customerTurns: number[] = [];
  conversation.turns.forEach((t, i) => {
    if (t.role === 'agent') agentTurns.push(i);
    else if (t.role === 'customer') customerTurns.push(i);
  });
  const timed = shared.length > 0 && shared.every((v) => v.time !== undefined);
  return {
    shared,
    forRule: (ruleId) => new RuleConversationView(shared, ruleId, conversation, agentTurns, customerTurns, timed),
  };
}
