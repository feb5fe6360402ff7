/**
 * One multi-pattern automaton per configuration: every phrase of every rule goes in once, each
 * tagged with the groups that asked for it, so a turn costs O(length + matches) however many
 * phrases the standard lists.
 */
import { Automaton } from './automaton.js';
import { normalizePattern } from './normalize.js';

/** A phrase found in normalised text; offsets are in the normalised text. */
export interface PhraseHit {
  group: string;
  phrase: string;
  start: number;
  end: number;
}

export class PhraseMatcher {
  private readonly automaton: Automaton | undefined;
  /** Group ids in the order they were given; `scan` reports a group by its index here. */
  readonly groups: readonly string[];
  /** The distinct normalised phrases, by the automaton's keyword index… */
  private readonly keywords: string[];
  /** …and the groups that asked for each. */
  private readonly groupsOfKeyword: number[][];

  /** `groups` maps a group id (e.g. `forbidden-phrase/ignorance`) to its phrases. */
  constructor(groups: ReadonlyMap<string, readonly string[]>) {
    this.groups = [...groups.keys()];
    const byKeyword = new Map<string, number[]>();
    let index = 0;
    for (const phrases of groups.values()) {
      for (const phrase of phrases) {
        const keyword = normalizePattern(phrase);
        if (!keyword) continue;
        const list = byKeyword.get(keyword);
        if (!list) byKeyword.set(keyword, [index]);
        else if (!list.includes(index)) list.push(index);
      }
      index++;
    }
    this.keywords = [...byKeyword.keys()];
    this.groupsOfKeyword = [...byKeyword.values()];
    this.automaton = this.keywords.length > 0 ? new Automaton(this.keywords) : undefined;
  }

  get size(): number {
    return this.keywords.length;
  }

  /**
   * Every (overlapping) hit in already-normalised text, in order of end, as (group index, phrase,
   * start, end): callers that index hits their own way allocate nothing in between.
   */
  scan(normalizedText: string, visit: (group: number, phrase: string, start: number, end: number) => void): void {
    if (!this.automaton || normalizedText.length === 0) return;
    this.automaton.scan(normalizedText, (keyword, start, end) => {
      const phrase = this.keywords[keyword]!;
      for (const group of this.groupsOfKeyword[keyword]!) visit(group, phrase, start, end);
    });
  }

  /** All (overlapping) hits in already-normalised text, in order of start. */
  match(normalizedText: string): PhraseHit[] {
    const hits: PhraseHit[] = [];
    this.scan(normalizedText, (group, phrase, start, end) => hits.push({ group: this.groups[group]!, phrase, start, end }));
    hits.sort(byStart);
    return hits;
  }
}

/** Order hits by start, the longer first where two start together. */
export function byStart(a: PhraseHit, b: PhraseHit): number {
  return a.start - b.start || b.end - a.end;
}
