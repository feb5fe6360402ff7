/**
 * Structure: 角色判断 speaks (a role speaks in a range of turns), 挂机方 hangup, the combinations
 * and / or / not, and anchoring a condition to the turns where another condition matched
 * (after / before / around, within N turns, optionally after at least / at most N seconds).
 */
import { Leaf, NO_MATCH, result, type Allowed, type CompiledNode, type EvalContext, type Hit, type Result } from '../runtime.js';
import type { AnchorSpec, HangupSpec, RoleSelector, TurnRange } from '../schema.js';

export class SpeaksNode extends Leaf {
  constructor(role: RoleSelector, range: TurnRange | undefined) {
    super(role, range);
  }

  evaluate(ctx: EvalContext, allowed: Allowed): Result {
    return result(this.candidates(ctx, allowed).map((turn) => ({ turn })));
  }
}

export class HangupNode extends Leaf {
  constructor(private readonly spec: HangupSpec) {
    super('any', undefined);
  }

  evaluate(ctx: EvalContext, allowed: Allowed): Result {
    const last = ctx.size - 1;
    if (last < 0 || ctx.conversation.call?.hungUpBy !== this.spec.by || (allowed && !allowed.has(last))) return NO_MATCH;
    return result([{ turn: last }]);
  }
}

function scopeOf(ctx: EvalContext, children: readonly CompiledNode[]): readonly number[] {
  const set = new Set<number>();
  for (const c of children) for (const t of c.scope(ctx)) set.add(t);
  return [...set].sort((a, b) => a - b);
}

export class OrNode implements CompiledNode {
  readonly role = undefined;
  constructor(readonly children: readonly CompiledNode[]) {}

  evaluate(ctx: EvalContext, allowed: Allowed): Result {
    const hits: Hit[] = [];
    let ok = false;
    for (const c of this.children) {
      const r = c.evaluate(ctx, allowed);
      if (r.ok) {
        ok = true;
        hits.push(...r.hits);
      }
    }
    return { ok, hits };
  }

  scope(ctx: EvalContext) {
    return scopeOf(ctx, this.children);
  }
}

export class NotNode implements CompiledNode {
  readonly role = undefined;
  readonly children: readonly CompiledNode[];
  constructor(readonly inner: CompiledNode) {
    this.children = [inner];
  }

  evaluate(ctx: EvalContext, allowed: Allowed): Result {
    return { ok: !this.inner.evaluate(ctx, allowed).ok, hits: [] };
  }

  scope(ctx: EvalContext) {
    return this.inner.scope(ctx);
  }
}

/**
 * `and`: every condition matches somewhere (the hits of all are reported); with `sameTurn`, only
 * turns where every positive condition matches and no `not` condition does.
 */
export class AndNode implements CompiledNode {
  readonly role = undefined;
  constructor(
    readonly children: readonly CompiledNode[],
    private readonly sameTurn: boolean,
  ) {}

  evaluate(ctx: EvalContext, allowed: Allowed): Result {
    if (!this.sameTurn) {
      const hits: Hit[] = [];
      for (const c of this.children) {
        const r = c.evaluate(ctx, allowed);
        if (!r.ok) return NO_MATCH;
        hits.push(...r.hits);
      }
      return { ok: true, hits };
    }
    let turns: Set<number> | undefined;
    const positive: Hit[] = [];
    for (const c of this.children) {
      if (c instanceof NotNode) continue;
      const r = c.evaluate(ctx, turns ?? allowed);
      const here = new Set(r.hits.map((h) => h.turn));
      turns = turns ? new Set([...turns].filter((t) => here.has(t))) : here;
      positive.push(...r.hits);
      if (turns.size === 0) return NO_MATCH;
    }
    for (const c of this.children) {
      if (!(c instanceof NotNode)) continue;
      for (const h of c.inner.evaluate(ctx, turns!).hits) turns!.delete(h.turn);
      if (turns!.size === 0) return NO_MATCH;
    }
    return result(positive.filter((h) => turns!.has(h.turn)));
  }

  scope(ctx: EvalContext) {
    return scopeOf(ctx, this.children);
  }
}

export type AnchorKind = 'after' | 'before' | 'around';

export interface AnchorWindow {
  turns: Set<number>;
  /** Turns dropped only by minSeconds/maxSeconds (the window had turns, none slow/fast enough). */
  filteredOut: boolean;
}

/** A condition looked for only next to the turns where its anchor condition matched. */
export class AnchoredNode implements CompiledNode {
  readonly children: readonly CompiledNode[];

  constructor(
    readonly inner: CompiledNode,
    readonly kind: AnchorKind,
    readonly anchor: CompiledNode,
    private readonly spec: Omit<AnchorSpec, 'condition'>,
  ) {
    this.children = [inner, anchor];
  }

  get role() {
    return this.inner.role;
  }

  /** The anchor's hits, one per turn (its first span there), computed once per conversation. */
  anchors(ctx: EvalContext): Hit[] {
    let memo = ctx.memo.get(this) as Hit[] | undefined;
    if (!memo) {
      const seen = new Set<number>();
      memo = this.anchor
        .evaluate(ctx, null)
        .hits.slice()
        .sort((a, b) => a.turn - b.turn || (a.start ?? 0) - (b.start ?? 0))
        .filter((h) => !seen.has(h.turn) && (seen.add(h.turn), true));
      ctx.memo.set(this, memo);
    }
    return memo;
  }

  /** The turns next to one anchor turn. */
  window(ctx: EvalContext, at: number): AnchorWindow {
    const counted = ctx.roleTurns(this.spec.count ?? this.inner.role ?? 'any');
    const within = this.spec.within;
    let turns: number[] = [];
    if (this.kind === 'after' || this.kind === 'around') {
      const after = counted.filter((t) => t > at);
      turns.push(...(within === undefined ? after : after.slice(0, within)));
    }
    if (this.kind === 'before' || this.kind === 'around') {
      const before = counted.filter((t) => t < at);
      turns.push(...(within === undefined ? before : before.slice(Math.max(0, before.length - within))));
    }
    if (this.kind === 'around') turns.push(at);
    let filteredOut = false;
    if (this.spec.minSeconds !== undefined || this.spec.maxSeconds !== undefined) {
      const base = ctx.time(at);
      const kept = turns.filter((t) => {
        const time = ctx.time(t);
        if (base === undefined || time === undefined) return false;
        const delay = time - base;
        return (this.spec.minSeconds === undefined || delay >= this.spec.minSeconds) && (this.spec.maxSeconds === undefined || delay <= this.spec.maxSeconds);
      });
      filteredOut = turns.length > 0 && kept.length === 0;
      turns = kept;
    }
    return { turns: new Set(turns), filteredOut };
  }

  /**
   * The union of windows. Without `within`, after means after the first anchor turn and before
   * means before the first anchor turn (the whole conversation when the anchor never matches).
   */
  private union(ctx: EvalContext): Set<number> {
    const anchors = this.anchors(ctx);
    if (this.kind === 'before' && this.spec.within === undefined) {
      const first = anchors[0]?.turn ?? ctx.size;
      return this.window(ctx, first).turns;
    }
    if (this.kind === 'after' && this.spec.within === undefined && this.spec.minSeconds === undefined && this.spec.maxSeconds === undefined) {
      return anchors.length === 0 ? new Set() : this.window(ctx, anchors[0]!.turn).turns;
    }
    const all = new Set<number>();
    for (const a of anchors) for (const t of this.window(ctx, a.turn).turns) all.add(t);
    return all;
  }

  evaluate(ctx: EvalContext, allowed: Allowed): Result {
    const window = this.union(ctx);
    if (allowed) for (const t of window) if (!allowed.has(t)) window.delete(t);
    if (window.size === 0) return NO_MATCH;
    return this.inner.evaluate(ctx, window);
  }

  scope(ctx: EvalContext) {
    return this.inner.scope(ctx);
  }
}
