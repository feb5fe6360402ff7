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

export function qualifiedGroup(ruleId: string, group: string): string {
  return `${ruleId}${GROUP_SEPARATOR}${group}`;
}

export class SharedTurnView {
  readonly index: number;
  readonly turn: Turn;
  readonly norm: NormalizedText;
  readonly time: number | undefined;
  private readonly matcher: PhraseMatcher;
  private allHits: PhraseHit[] | undefined;
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
  hitsOf(ruleId: string, group?: string): PhraseHit[] {
    this.allHits ??= this.matcher.match(this.norm.text);
    const prefix = group === undefined ? `${ruleId}${GROUP_SEPARATOR}` : qualifiedGroup(ruleId, group);
    const out: PhraseHit[] = [];
    for (const hit of this.allHits) {
      if (group === undefined ? hit.group.startsWith(prefix) : hit.group === prefix) {
        out.push({ ...hit, group: hit.group.slice(ruleId.length + 1) });
      }
    }
    return out;
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
