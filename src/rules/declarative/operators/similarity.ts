/**
 * 文本相似度: a sentence (or turn) counts when its character unigram+bigram cosine with one of the
 * example sentences reaches the threshold. Example vectors are built once, at compile time.
 */
import { normalize } from '../../../text/normalize.js';
import { Leaf, result, round, type Allowed, type EvalContext, type Hit, type Result } from '../runtime.js';
import type { RoleSelector, SimilarToSpec, TurnRange } from '../schema.js';
import { charVector, cosine, type CharVector } from '../text.js';

export const DEFAULT_SIMILARITY = 0.7;

const CLAUSE_BREAK = new Set([',', '、', ':']);

/** Clauses of a sentence span (split on commas, enumeration commas and colons). */
function clauseSpans(text: string, start: number, end: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from = start;
  for (let i = start; i < end; i++) {
    if (CLAUSE_BREAK.has(text[i]!)) {
      if (i > from) out.push([from, i]);
      from = i + 1;
    }
  }
  if (from < end) out.push([from, end]);
  return out;
}

export class SimilarityNode extends Leaf {
  private readonly examples: readonly CharVector[];
  private readonly threshold: number;
  private readonly perSentence: boolean;

  constructor(spec: SimilarToSpec, role: RoleSelector, range: TurnRange | undefined) {
    super(role, range);
    this.examples = spec.examples.map((e) => charVector(normalize(e).text));
    this.threshold = spec.threshold ?? DEFAULT_SIMILARITY;
    this.perSentence = (spec.scope ?? 'sentence') === 'sentence';
  }

  private best(v: CharVector): number {
    let best = 0;
    for (const e of this.examples) best = Math.max(best, cosine(v, e));
    return best;
  }

  evaluate(ctx: EvalContext, allowed: Allowed): Result {
    const hits: Hit[] = [];
    for (const t of this.candidates(ctx, allowed)) {
      const text = ctx.view.turns[t]!.norm.text;
      if (!this.perSentence) {
        const score = this.best(ctx.vector(t));
        if (score >= this.threshold) hits.push({ turn: t, data: { similarity: round(score, 2) } });
        continue;
      }
      for (const [start, end] of ctx.sentences(t)) {
        if (end <= start) continue;
        // The sentence, and each of its clauses when it has several: the best one counts.
        let best = { score: this.best(charVector(text.slice(start, end))), start, end };
        const clauses = clauseSpans(text, start, end);
        if (clauses.length > 1) {
          for (const [cs, ce] of clauses) {
            const score = this.best(charVector(text.slice(cs, ce)));
            if (score > best.score) best = { score, start: cs, end: ce };
          }
        }
        if (best.score >= this.threshold) hits.push(ctx.spanHit(t, best.start, best.end, { similarity: round(best.score, 2) }));
      }
    }
    return result(hits);
  }
}
