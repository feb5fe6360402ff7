/**
 * One multi-pattern automaton per configuration: every phrase of every rule goes in once, each
 * tagged with the groups that asked for it, so a turn costs O(length + matches) however many
 * phrases the standard lists.
 */
import { AhoCorasick } from '@monyone/aho-corasick/fast';
import { normalizePattern } from './normalize.js';

/** A phrase found in normalised text; offsets are in the normalised text. */
export interface PhraseHit {
  group: string;
  phrase: string;
  start: number;
  end: number;
}

export class PhraseMatcher {
  private readonly automaton: AhoCorasick | undefined;
  private readonly groupsByKeyword = new Map<string, string[]>();
  private readonly phraseByKeyword = new Map<string, string>();

  /** `groups` maps a group id (e.g. `forbidden-phrase/ignorance`) to its phrases. */
  constructor(groups: ReadonlyMap<string, readonly string[]>) {
    for (const [group, phrases] of groups) {
      for (const phrase of phrases) {
        const keyword = normalizePattern(phrase);
        if (!keyword) continue;
        const list = this.groupsByKeyword.get(keyword);
        if (!list) {
          this.groupsByKeyword.set(keyword, [group]);
          this.phraseByKeyword.set(keyword, phrase);
        } else if (!list.includes(group)) {
          list.push(group);
        }
      }
    }
    this.automaton = this.groupsByKeyword.size > 0 ? new AhoCorasick([...this.groupsByKeyword.keys()]) : undefined;
  }

  get size(): number {
    return this.groupsByKeyword.size;
  }

  /** All (overlapping) hits in already-normalised text, in order of start. */
  match(normalizedText: string): PhraseHit[] {
    if (!this.automaton || normalizedText.length === 0) return [];
    const hits: PhraseHit[] = [];
    for (const m of this.automaton.matchInText(normalizedText)) {
      for (const group of this.groupsByKeyword.get(m.keyword)!) {
        hits.push({ group, phrase: m.keyword, start: m.begin, end: m.end });
      }
    }
    hits.sort((a, b) => a.start - b.start || b.end - a.end);
    return hits;
  }
}
