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

export function qualifiedGroup(ruleId: string, group: string): string {
  return `${ruleId}${GROUP_SEPARATOR}${group}`;
}

export class SharedTurnView {
  readonly index: number;
  readonly turn: Turn;
  readonly norm: NormalizedText;
  readonly time: number | undefined;
  private readonly matcher: PhraseMatcher;
  /** Hits by qualified group (rule id + group), de-prefixed once: rules look groups up often. */
  private hitsByGroup: Map<string, PhraseHit[]> | undefined;
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
    const byGroup = (this.hitsByGroup ??= this.indexHits());
    if (group !== undefined) return byGroup.get(qualifiedGroup(ruleId, group)) ?? NO_HITS;
    const prefix = `${ruleId}${GROUP_SEPARATOR}`;
    const out: PhraseHit[] = [];
    for (const [key, hits] of byGroup) if (key.startsWith(prefix)) out.push(...hits);
    return out.sort((a, b) => a.start - b.start || b.end - a.end);
  }

  private indexHits(): Map<string, PhraseHit[]> {
    const byGroup = new Map<string, PhraseHit[]>();
    for (const hit of this.matcher.match(this.norm.text)) {
      const local = { ...hit, group: hit.group.slice(hit.group.indexOf(GROUP_SEPARATOR) + 1) };
      const list = byGroup.get(hit.group);
      if (list) list.push(local);
      else byGroup.set(hit.group, [local]);
    }
    return byGroup;
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
    forRule(ruleId: string): ConversationView {
      return {
        conversation,
        turns: shared.map((s) => new RuleTurnView(s, ruleId)),
        agentTurns,
        customerTurns,
        timed,
      };
    },
  };
}
