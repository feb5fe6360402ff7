/**
 * 正则表达式: a pattern on the normalised text (Simplified, half-width, lower-cased: the `i` flag
 * is always on), with an optional `not` pattern that voids a match when it matches the
 * sentence(s) the match stands in. Spans are mapped back to the original text.
 */
import { Leaf, result, type Allowed, type EvalContext, type Hit, type Result } from '../runtime.js';
import type { RegexSpec, RoleSelector, TurnRange } from '../schema.js';
import { foldPattern, sentenceAt } from '../text.js';

export class RegexNode extends Leaf {
  private readonly pattern: RegExp;
  private readonly not: RegExp | undefined;

  constructor(spec: string | RegexSpec, role: RoleSelector, range: TurnRange | undefined) {
    super(role, range);
    const s = typeof spec === 'string' ? { pattern: spec } : spec;
    const flags = `gi${s.flags ?? ''}`;
    this.pattern = new RegExp(foldPattern(s.pattern), flags);
    this.not = s.not === undefined ? undefined : new RegExp(foldPattern(s.not), flags.replace('g', ''));
  }

  evaluate(ctx: EvalContext, allowed: Allowed): Result {
    const hits: Hit[] = [];
    for (const t of this.candidates(ctx, allowed)) {
      const text = ctx.view.turns[t]!.norm.text;
      const re = this.pattern;
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        const start = m.index;
        const end = start + m[0].length;
        if (this.not) {
          const sentences = ctx.sentences(t);
          const from = sentences[sentenceAt(sentences, start)]![0];
          const to = sentences[sentenceAt(sentences, end - 1)]![1];
          if (this.not.test(text.slice(from, to))) continue;
        }
        hits.push(ctx.spanHit(t, start, end, { phrase: m[0] }));
      }
    }
    return result(hits);
  }
}
