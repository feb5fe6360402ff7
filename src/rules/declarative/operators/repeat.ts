/**
 * 上下文重复检查: a turn whose content (near-)repeats earlier turns of the same role so that it
 * appears `times` times within the last `within` turns of that role (canned replies pasted over
 * and over). Short turns and turns with an excluded phrase are not checked.
 */
import { normalizePattern } from '../../../text/normalize.js';
import { Leaf, result, type Allowed, type EvalContext, type Hit, type Result } from '../runtime.js';
import type { RepeatSpec, RoleSelector, TurnRange } from '../schema.js';
import { cosine } from '../text.js';

export class RepeatNode extends Leaf {
  private readonly times: number;
  private readonly within: number;
  private readonly similarity: number;
  private readonly minChars: number;
  private readonly exclude: readonly string[];

  constructor(spec: RepeatSpec, role: RoleSelector, range: TurnRange | undefined) {
    super(role, range);
    this.times = spec.times ?? 3;
    this.within = spec.within ?? 5;
    this.similarity = spec.similarity ?? 0.9;
    this.minChars = spec.minChars ?? 5;
    this.exclude = (spec.exclude ?? []).map(normalizePattern).filter(Boolean);
  }

  private checked(ctx: EvalContext, turn: number): boolean {
    if (ctx.vector(turn).length < this.minChars) return false;
    const text = ctx.view.turns[turn]!.norm.text;
    return !this.exclude.some((p) => text.includes(p));
  }

  evaluate(ctx: EvalContext, allowed: Allowed): Result {
    // Repetition is judged among all turns of the role in range; only allowed turns are reported.
    const turns = this.scope(ctx);
    const hits: Hit[] = [];
    for (let k = 0; k < turns.length; k++) {
      const t = turns[k]!;
      if (allowed && !allowed.has(t)) continue;
      if (!this.checked(ctx, t)) continue;
      let count = 1;
      for (let j = Math.max(0, k - this.within); j < k; j++) {
        const u = turns[j]!;
        if (this.checked(ctx, u) && cosine(ctx.vector(t), ctx.vector(u)) >= this.similarity) count++;
      }
      if (count >= this.times) hits.push({ turn: t, data: { times: count } });
    }
    return result(hits);
  }
}
