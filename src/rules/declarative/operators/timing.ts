/**
 * Operators on time (they need timestamps; the rule declares itself not applicable without):
 * 响应时间 responseTime, 静音 silence, 语速 speechRate, 抢话 interruption, 通话时长 duration.
 * Chats use `ts`; calls use `start`/`end` offsets (a gap runs from the end of one utterance to the
 * start of the next).
 */
import { Leaf, compare, result, roleMatches, round, type Allowed, type EvalContext, type Hit, type Result } from '../runtime.js';
import type { ComparisonSpec, InterruptionSpec, ResponseTimeSpec, RoleSelector, SilenceSpec, SpeechRateSpec, TurnRange } from '../schema.js';
import { contentChars } from '../text.js';

/** Gap between a `from` turn and the next `to` turn, reported on the `to` turn. */
export class ResponseTimeNode extends Leaf {
  private readonly from: RoleSelector;

  constructor(
    private readonly spec: ResponseTimeSpec,
    range: TurnRange | undefined,
  ) {
    super(spec.to ?? 'agent', range);
    this.from = spec.from ?? 'customer';
  }

  evaluate(ctx: EvalContext, allowed: Allowed): Result {
    const candidates = new Set(this.candidates(ctx, allowed));
    const hits: Hit[] = [];
    // The clock starts at the first `from` turn after a `to` turn; for calls it restarts at the
    // end of the last `from` utterance, since the reply can only come once the caller stops.
    let waitingSince: number | undefined;
    let lastEnd: number | undefined;
    for (const t of ctx.view.turns) {
      const i = t.index;
      if (roleMatches(this.role, t.role) && waitingSince !== undefined) {
        const time = ctx.time(i);
        const since = lastEnd ?? waitingSince;
        if (time !== undefined && candidates.has(i)) {
          const gap = time - since;
          if (compare(gap, this.spec)) hits.push({ turn: i, data: { seconds: round(gap) } });
        }
        waitingSince = undefined;
        lastEnd = undefined;
        continue;
      }
      if (roleMatches(this.from, t.role)) {
        waitingSince ??= ctx.time(i);
        lastEnd = t.turn.end !== undefined ? ctx.endTime(i) : undefined;
      } else if (roleMatches(this.role, t.role)) {
        waitingSince = undefined;
        lastEnd = undefined;
      }
    }
    return result(hits);
  }
}

/** A gap between consecutive turns longer than N seconds, reported on the turn that ends it. */
export class SilenceNode extends Leaf {
  constructor(
    private readonly spec: SilenceSpec,
    role: RoleSelector,
    range: TurnRange | undefined,
  ) {
    super(role, range);
  }

  evaluate(ctx: EvalContext, allowed: Allowed): Result {
    const hits: Hit[] = [];
    for (const i of this.candidates(ctx, allowed)) {
      if (i === 0) continue;
      const before = ctx.endTime(i - 1);
      const now = ctx.time(i);
      if (before === undefined || now === undefined) continue;
      const gap = now - before;
      if (gap > this.spec.moreThan) hits.push({ turn: i, data: { seconds: round(gap) } });
    }
    return result(hits);
  }
}

function spokenSeconds(ctx: EvalContext, i: number): number | undefined {
  const { start, end } = ctx.view.turns[i]!.turn;
  return start !== undefined && end !== undefined ? end - start : undefined;
}

/** Characters per minute of a role's turns (per turn, or all together), from start/end. */
export class SpeechRateNode extends Leaf {
  private readonly perTurn: boolean;
  private readonly minSeconds: number;

  constructor(
    private readonly spec: SpeechRateSpec,
    role: RoleSelector,
    range: TurnRange | undefined,
  ) {
    super(role, range);
    this.perTurn = spec.per === 'turn';
    this.minSeconds = spec.minSeconds ?? 1;
  }

  evaluate(ctx: EvalContext, allowed: Allowed): Result {
    const measured: Array<{ turn: number; chars: number; seconds: number }> = [];
    for (const i of this.candidates(ctx, allowed)) {
      const seconds = spokenSeconds(ctx, i);
      if (seconds === undefined || seconds < this.minSeconds || seconds <= 0) continue;
      measured.push({ turn: i, chars: contentChars(ctx.view.turns[i]!.norm.text).length, seconds });
    }
    if (measured.length === 0) return result([]);
    const rate = (m: { chars: number; seconds: number }) => (m.chars / m.seconds) * 60;
    if (this.perTurn) {
      return result(measured.filter((m) => compare(rate(m), this.spec)).map((m) => ({ turn: m.turn, data: { rate: round(rate(m)) } })));
    }
    const total = measured.reduce((acc, m) => ({ chars: acc.chars + m.chars, seconds: acc.seconds + m.seconds }), { chars: 0, seconds: 0 });
    const overall = rate(total);
    if (!compare(overall, this.spec)) return result([]);
    // Evidence: the fastest turn when too fast, the slowest when too slow.
    const fast = this.spec.moreThan !== undefined;
    const evidence = measured.reduce((best, m) => ((fast ? rate(m) > rate(best) : rate(m) < rate(best)) ? m : best));
    return result([{ turn: evidence.turn, data: { rate: round(overall) } }]);
  }
}

/** A turn that starts before the previous speaker (of another role) has finished. */
export class InterruptionNode extends Leaf {
  private readonly moreThan: number;

  constructor(spec: InterruptionSpec, role: RoleSelector, range: TurnRange | undefined) {
    super(role, range);
    this.moreThan = spec.moreThan ?? 0;
  }

  evaluate(ctx: EvalContext, allowed: Allowed): Result {
    const hits: Hit[] = [];
    const turns = ctx.view.turns;
    for (const i of this.candidates(ctx, allowed)) {
      const start = turns[i]!.turn.start;
      if (start === undefined) continue;
      let j = i - 1;
      while (j >= 0 && turns[j]!.role === turns[i]!.role) j--;
      if (j < 0) continue;
      const end = turns[j]!.turn.end;
      if (end === undefined) continue;
      const overlap = end - start;
      if (overlap > this.moreThan) hits.push({ turn: i, data: { seconds: round(overlap, 1) } });
    }
    return result(hits);
  }
}

/** Length of the whole conversation, from the first turn to the end of the last. */
export class DurationNode extends Leaf {
  constructor(private readonly spec: ComparisonSpec) {
    super('any', undefined);
  }

  evaluate(ctx: EvalContext, allowed: Allowed): Result {
    const n = ctx.size;
    if (n === 0) return result([]);
    const first = ctx.time(0);
    let last: number | undefined;
    for (let i = 0; i < n; i++) {
      const e = ctx.endTime(i);
      if (e !== undefined && (last === undefined || e > last)) last = e;
    }
    if (first === undefined || last === undefined) return result([]);
    const seconds = last - first;
    if (!compare(seconds, this.spec) || (allowed && !allowed.has(n - 1))) return result([]);
    return result([{ turn: n - 1, data: { seconds: round(seconds) } }]);
  }
}
