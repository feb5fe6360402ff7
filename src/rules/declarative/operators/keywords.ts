/**
 * 关键词检查: any / all / atLeast N of / none, with exclusions, synonyms, phrase lists from
 * settings, and a scope (one sentence, one turn, or the whole window). Phrases go into the
 * shared automaton under groups `<node>/k<i>` (keyword i) and `<node>/x` (exclusions).
 */
import { normalizePattern } from '../../../text/normalize.js';
import type { PhraseHit } from '../../../text/matcher.js';
import { Leaf, NO_MATCH, result, type Allowed, type EvalContext, type Hit, type PhraseGroups, type Result } from '../runtime.js';
import type { KeywordEntry, KeywordsSpec, RoleSelector, TurnRange } from '../schema.js';
import { sentenceAt } from '../text.js';

type Mode = { kind: 'any'; times: number | undefined } | { kind: 'all' } | { kind: 'atLeast'; n: number } | { kind: 'none' };

export class KeywordsNode extends Leaf {
  private readonly prefix: string;
  private readonly mode: Mode;
  private readonly entries: readonly KeywordEntry[];
  private readonly scopeKind: 'sentence' | 'turn' | 'window';
  private readonly hasExclusions: boolean;
  /** Phrase groups for the automaton (depends on settings only through `{list}` entries). */
  readonly phrases: PhraseGroups;

  constructor(id: string, spec: KeywordsSpec, role: RoleSelector, range: TurnRange | undefined) {
    super(role, range);
    this.prefix = `${id}/`;
    if (spec.any) this.mode = { kind: 'any', times: spec.times };
    else if (spec.all) this.mode = { kind: 'all' };
    else if (spec.atLeast !== undefined) this.mode = { kind: 'atLeast', n: spec.atLeast };
    else this.mode = { kind: 'none' };
    this.entries = spec.any ?? spec.all ?? spec.of ?? spec.none ?? [];
    this.scopeKind = spec.scope ?? 'turn';

    // Synonym groups, keyed by the normalised form of each member.
    const synonyms = new Map<string, string[]>();
    for (const group of spec.synonyms ?? []) {
      for (const member of group) {
        const key = normalizePattern(member);
        synonyms.set(key, [...(synonyms.get(key) ?? []), ...group]);
      }
    }
    const expand = (phrase: string) => [phrase, ...(synonyms.get(normalizePattern(phrase)) ?? [])];
    const exclude = spec.exclude ?? [];
    this.hasExclusions = exclude.length > 0;
    const entries = this.entries;
    const prefix = this.prefix;
    this.phrases = (settings) => {
      const groups: Record<string, string[]> = {};
      entries.forEach((entry, i) => {
        const phrases =
          typeof entry === 'string' ? expand(entry) : Array.isArray(entry) ? entry.flatMap(expand) : [...(settings.phraseLists[entry.list] ?? [])];
        groups[`${prefix}k${i}`] = [...new Set(phrases)];
      });
      if (exclude.length > 0) groups[`${prefix}x`] = [...exclude];
      return groups;
    };
  }

  /** Valid keyword hits of a turn: exclusions overlapping or in the same sentence void a hit. */
  private validHits(ctx: EvalContext, turn: number): Array<PhraseHit & { keyword: number }> {
    const mine: Array<PhraseHit & { keyword: number }> = [];
    const excluded: PhraseHit[] = [];
    for (const hit of ctx.hits(turn)) {
      if (!hit.group.startsWith(this.prefix)) continue;
      const tag = hit.group.slice(this.prefix.length);
      if (tag === 'x') excluded.push(hit);
      else mine.push({ ...hit, keyword: Number(tag.slice(1)) });
    }
    if (mine.length === 0 || !this.hasExclusions || excluded.length === 0) return mine;
    const sentences = ctx.sentences(turn);
    const excludedSentences = new Set(excluded.map((e) => sentenceAt(sentences, e.start)));
    return mine.filter(
      (h) => !excluded.some((e) => e.start < h.end && h.start < e.end) && !excludedSentences.has(sentenceAt(sentences, h.start)),
    );
  }

  evaluate(ctx: EvalContext, allowed: Allowed): Result {
    const turns = this.candidates(ctx, allowed);
    if (turns.length === 0) return NO_MATCH;
    const mode = this.mode;

    if (mode.kind === 'none') {
      if (this.scopeKind === 'window') {
        const clean = turns.every((t) => this.validHits(ctx, t).length === 0);
        return clean ? result([{ turn: turns[0]! }]) : NO_MATCH;
      }
      return result(turns.filter((t) => this.validHits(ctx, t).length === 0).map((turn) => ({ turn })));
    }

    if (mode.kind === 'any' && mode.times === undefined) {
      const hits: Hit[] = [];
      for (const t of turns) {
        const valid = this.validHits(ctx, t);
        const seen = new Set<string>();
        for (const h of valid) {
          // Report the longest phrase where phrases nest (投诉 inside 投诉电话), each span once.
          if (valid.some((o) => o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start)) continue;
          const key = `${h.start}:${h.end}`;
          if (seen.has(key)) continue;
          seen.add(key);
          hits.push(ctx.spanHit(t, h.start, h.end, { phrase: h.phrase }));
        }
      }
      return result(hits);
    }

    // Counting modes: group valid hits by unit and test each unit.
    const units = new Map<string, Array<{ turn: number; hit: PhraseHit & { keyword: number } }>>();
    for (const t of turns) {
      const valid = this.validHits(ctx, t);
      if (valid.length === 0) continue;
      const sentences = this.scopeKind === 'sentence' ? ctx.sentences(t) : undefined;
      for (const hit of valid) {
        const key = this.scopeKind === 'window' ? 'w' : sentences ? `${t}:${sentenceAt(sentences, hit.start)}` : `${t}`;
        let list = units.get(key);
        if (!list) units.set(key, (list = []));
        list.push({ turn: t, hit });
      }
    }
    const hits: Hit[] = [];
    for (const list of units.values()) {
      const distinct = new Set(list.map((x) => x.hit.keyword)).size;
      const met =
        mode.kind === 'any'
          ? list.length >= mode.times!
          : mode.kind === 'all'
            ? distinct === this.entries.length
            : distinct >= mode.n;
      if (!met) continue;
      // One hit per turn of the unit, spanning its contributing phrases.
      const byTurn = new Map<number, { start: number; end: number }>();
      for (const { turn, hit } of list) {
        const span = byTurn.get(turn);
        if (!span) byTurn.set(turn, { start: hit.start, end: hit.end });
        else {
          span.start = Math.min(span.start, hit.start);
          span.end = Math.max(span.end, hit.end);
        }
      }
      for (const [turn, span] of byTurn) hits.push(ctx.spanHit(turn, span.start, span.end, { times: list.length }));
    }
    hits.sort((a, b) => a.turn - b.turn || (a.start ?? 0) - (b.start ?? 0));
    return result(hits);
  }
}
