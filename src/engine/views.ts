/**
 * Shared derived views of a conversation, computed once and consumed by every rule: the
 * normalised text of each turn, one automaton pass per turn, times, and tokens on demand.
 */
import { turnTime, type Conversation, type Turn } from '../conversation/model.js';
import type { RuleDefinition, EngineSettings } from './types.js';
import { byStart, PhraseMatcher, type PhraseHit } from '../text/matcher.js';
import { normalize, toOriginalSpan, type NormalizedText } from '../text/normalize.js';
import { segment, type Token } from '../text/segment.js';
import type { ConversationView, TurnView } from './types.js';

const NO_HITS: readonly PhraseHit[] = Object.freeze([]);

/** One rule's phrase groups: its own group name → the group's index in the shared automaton. */
type RuleGroups = ReadonlyMap<string, number>;

/** Where one rule's phrases sit in the shared automaton. */
export interface RulePhraseIndex {
  readonly groups: RuleGroups;
  /** The rule's index among the active rules, or -1 when it has no phrases. */
  readonly owner: number;
}

const NO_PHRASES: RulePhraseIndex = { groups: new Map(), owner: -1 };

/**
 * Every phrase group of every active rule in one automaton. Group names are the rules' own
 * (`ignorance`, `t:thanks`…); the automaton knows each group by index, and each index by its rule,
 * so a turn is matched once for all rules and each rule sees only its own groups.
 */
export class RulePhrases {
  readonly matcher: PhraseMatcher;
  /** Group index → the group's name inside its rule. */
  private readonly names: string[] = [];
  /** Group index → the index of its rule in `rules`. */
  private readonly owners: number[] = [];
  private readonly byRule = new Map<string, RulePhraseIndex>();

  constructor(rules: ReadonlyArray<{ rule: RuleDefinition; options: Record<string, unknown> }>, settings: EngineSettings) {
    const lists = new Map<number, readonly string[]>();
    rules.forEach(({ rule, options }, owner) => {
      const phrases = rule.phrases?.({ options, settings }) ?? {};
      const groups = new Map<string, number>();
      for (const [name, list] of Object.entries(phrases)) {
        const index = this.names.length;
        this.names.push(name);
        this.owners.push(owner);
        groups.set(name, index);
        lists.set(index, list);
      }
      this.byRule.set(rule.meta.id, { groups, owner: groups.size > 0 ? owner : -1 });
    });
    // Given in index order, so the matcher's group numbers are these indexes.
    this.matcher = new PhraseMatcher(new Map([...lists].map(([index, list]) => [String(index), list])));
  }

  /** A rule's groups and its index among the rules; looked up once per rule, not per conversation. */
  of(ruleId: string): RulePhraseIndex {
    return this.byRule.get(ruleId) ?? NO_PHRASES;
  }

  /** How many active rules there are (owner indexes run from 0 to this, exclusive). */
  get ruleCount(): number {
    return this.byRule.size;
  }

  /** How many phrase groups there are, over all rules. */
  get groupCount(): number {
    return this.names.length;
  }

  /** The index of the rule a group belongs to. */
  ownerOf(group: number): number {
    return this.owners[group]!;
  }

  /** The hits of one normalised text, for every group of every rule. */
  index(text: string): TurnHits {
    const hits = new TurnHits(this.names);
    this.matcher.scan(text, (group, phrase, start, end) => hits.add(group, phrase, start, end, this.owners[group]!));
    return hits;
  }
}

/**
 * What a turn's analysis costs, kept between runs by a caller that inspects the same turn objects
 * again and again (agent assist re-runs the context on every keystroke). Checked against the
 * turn's current text, so a reused turn object whose text changed is analysed afresh.
 */
export type TurnAnalysisCache = WeakMap<Turn, { norm: NormalizedText; hits?: TurnHits }>;

/**
 * One turn's phrase hits as the automaton reported them, in flat arrays. A group's list of hit
 * objects is built the first time a rule asks for it: most groups are never asked (a scenario
 * rule without its trigger stops before it looks at its expected phrases).
 */
export class TurnHits {
  /** Per hit, in the automaton's order (by end): its group index, phrase and span. */
  readonly groups: number[] = [];
  private readonly phrases: string[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Indexes of the rules with at least one hit (a handful per turn, so an array). */
  readonly owners: number[] = [];
  private lists: Map<number, readonly PhraseHit[]> | undefined;

  /** `names`: group index → the group's name inside its rule. */
  constructor(private readonly names: readonly string[]) {}

  add(group: number, phrase: string, start: number, end: number, owner: number): void {
    this.groups.push(group);
    this.phrases.push(phrase);
    this.starts.push(start);
    this.ends.push(end);
    if (!this.owners.includes(owner)) this.owners.push(owner);
  }

  /** The hits of one group, in order of start (the longer first where two start together). */
  of(group: number): readonly PhraseHit[] {
    if (!this.groups.includes(group)) return NO_HITS;
    this.lists ??= new Map();
    let list = this.lists.get(group);
    if (!list) {
      const built: PhraseHit[] = [];
      for (let i = 0; i < this.groups.length; i++) {
        if (this.groups[i] === group) built.push({ group: this.names[group]!, phrase: this.phrases[i]!, start: this.starts[i]!, end: this.ends[i]! });
      }
      // The automaton reports by end; a longer phrase can start earlier and end later.
      if (built.length > 1) built.sort(byStart);
      this.lists.set(group, (list = built));
    }
    return list;
  }
}

/**
 * One turn as every rule sees it. `hits`, `hasHits` answer for the rule the engine is running
 * (its conversation's `current`), so one object per turn serves all rules.
 */
export class SharedTurnView implements TurnView {
  readonly index: number;
  readonly turn: Turn;
  readonly norm: NormalizedText;
  readonly time: number | undefined;
  private readonly conversation: SharedConversation;
  private hitCache: TurnHits | undefined;
  private tokenCache: Token[] | undefined;
  private readonly cached: { norm: NormalizedText; hits?: TurnHits } | undefined;

  constructor(index: number, turn: Turn, conversation: SharedConversation, cache?: TurnAnalysisCache) {
    this.index = index;
    this.turn = turn;
    this.time = turnTime(conversation.conversation, turn);
    this.conversation = conversation;
    if (!cache) {
      this.norm = normalize(turn.text);
      return;
    }
    let cached = cache.get(turn);
    if (!cached || cached.norm.original !== turn.text) cache.set(turn, (cached = { norm: normalize(turn.text) }));
    this.norm = cached.norm;
    this.hitCache = cached.hits;
    this.cached = cached;
  }

  get role() {
    return this.turn.role;
  }

  /** The automaton runs once per turn, on first demand, for all rules. */
  private get analysis(): TurnHits {
    if (!this.hitCache) {
      this.hitCache = this.conversation.phrases.index(this.norm.text);
      if (this.cached) this.cached.hits = this.hitCache;
    }
    return this.hitCache;
  }

  /** Indexes of the groups with a phrase in this turn (a group once per hit). */
  get groupsWithHits(): readonly number[] {
    return this.analysis.groups;
  }

  get hasHits(): boolean {
    const owner = this.conversation.current.owner;
    return owner >= 0 && this.analysis.owners.includes(owner);
  }

  hits(group?: string): readonly PhraseHit[] {
    const groups = this.conversation.current.groups;
    const hits = this.analysis;
    if (group !== undefined) {
      const index = groups.get(group);
      return index === undefined ? NO_HITS : hits.of(index);
    }
    const all: PhraseHit[] = [];
    for (const index of groups.values()) all.push(...hits.of(index));
    return all.sort(byStart);
  }

  tokens(): readonly Token[] {
    this.tokenCache ??= segment(this.norm.text);
    return this.tokenCache;
  }

  toOriginal(start: number, end: number) {
    return toOriginalSpan(this.norm, start, end);
  }
}

/**
 * One conversation's shared analysis and the view every rule sees. Rules run one at a time and
 * synchronously, and the engine sets `current` to the rule it is about to call, so `hasHits`,
 * `hasHitsIn` and the turns' `hits` answer in that rule's own phrase groups. (A view per rule and
 * per turn cost ~250 allocations per conversation.)
 */
export class SharedConversation implements ConversationView {
  readonly turns: readonly SharedTurnView[];
  readonly agentTurns: number[] = [];
  readonly customerTurns: number[] = [];
  readonly timed: boolean;
  /** The phrase groups of the rule being run. */
  current: RulePhraseIndex = NO_PHRASES;
  /** owner / group index → 1 when it has a phrase in some turn; worked out once, on first demand. */
  private hitMarks: { rules: Uint8Array; groups: Uint8Array } | undefined;

  constructor(
    readonly conversation: Conversation,
    readonly phrases: RulePhrases,
    cache?: TurnAnalysisCache,
  ) {
    const turns: SharedTurnView[] = [];
    for (let i = 0; i < conversation.turns.length; i++) {
      const view = new SharedTurnView(i, conversation.turns[i]!, this, cache);
      if (view.role === 'agent') this.agentTurns.push(i);
      else if (view.role === 'customer') this.customerTurns.push(i);
      turns.push(view);
    }
    this.turns = turns;
    this.timed = turns.length > 0 && turns.every((v) => v.time !== undefined);
  }

  /** Which rules and which groups have a phrase somewhere in the conversation. */
  private get marks(): { rules: Uint8Array; groups: Uint8Array } {
    if (!this.hitMarks) {
      const rules = new Uint8Array(this.phrases.ruleCount);
      const groups = new Uint8Array(this.phrases.groupCount);
      for (const t of this.turns) {
        for (const group of t.groupsWithHits) {
          groups[group] = 1;
          rules[this.phrases.ownerOf(group)] = 1;
        }
      }
      this.hitMarks = { rules, groups };
    }
    return this.hitMarks;
  }

  get hasHits(): boolean {
    const owner = this.current.owner;
    return owner >= 0 && this.marks.rules[owner] === 1;
  }

  hasHitsIn(group: string): boolean {
    const index = this.current.groups.get(group);
    return index !== undefined && this.marks.groups[index] === 1;
  }

  /** Whether any of these groups (automaton indexes) has a phrase in the conversation. */
  hasAnyGroupHits(groups: readonly number[]): boolean {
    const marks = this.marks.groups;
    for (const group of groups) if (marks[group] === 1) return true;
    return false;
  }
}
