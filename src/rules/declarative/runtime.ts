/**
 * The runtime of compiled declarative conditions. Compilation (compile.ts) turns each condition
 * node into a `CompiledNode` once per configuration; per conversation an `EvalContext` caches
 * what several nodes share (turns by role, sentences, phrase hits, times, character vectors).
 */
import type { Conversation } from '../../conversation/model.js';
import type { ConversationView, EngineSettings } from '../../engine/types.js';
import type { PhraseHit } from '../../text/matcher.js';
import type { RoleSelector, TurnRange } from './schema.js';
import { charVector, splitSentences, type CharVector } from './text.js';

/** Where a condition matched: a span of the ORIGINAL text of a turn, or the whole turn. */
export interface Hit {
  turn: number;
  start?: number;
  end?: number;
  data?: Record<string, string | number>;
}

export interface Result {
  ok: boolean;
  hits: Hit[];
}

export const NO_MATCH: Result = Object.freeze({ ok: false, hits: [] }) as Result;

/** Data a node needs; without it the rule declares itself not applicable. */
export type Need = 'time' | 'span' | 'hangup';

/** A set of turn indexes a node may look at; `null` means every turn. */
export type Allowed = ReadonlySet<number> | null;

export interface CompiledNode {
  /** Role of the turns the node reads (leaves), for anchors' `within` counting. */
  readonly role: RoleSelector | undefined;
  evaluate(ctx: EvalContext, allowed: Allowed): Result;
  /** Turns the node would look at, in order (for locating a `require` finding). */
  scope(ctx: EvalContext): readonly number[];
  /** Children, for walking the tree. */
  readonly children: readonly CompiledNode[];
}

export type PhraseGroups = (settings: Readonly<EngineSettings>) => Record<string, string[]>;

export class EvalContext {
  private readonly byRole = new Map<RoleSelector, number[]>();
  private readonly sentenceCache = new Map<number, Array<[number, number]>>();
  private readonly hitCache = new Map<number, readonly PhraseHit[]>();
  private readonly vectorCache = new Map<number, CharVector>();
  /** Memoised results of nodes evaluated over the whole conversation (anchors). */
  readonly memo = new Map<CompiledNode, unknown>();

  constructor(
    readonly view: ConversationView,
    readonly conversation: Conversation,
  ) {}

  get size(): number {
    return this.view.turns.length;
  }

  roleTurns(role: RoleSelector): number[] {
    let list = this.byRole.get(role);
    if (!list) {
      list = [];
      for (const t of this.view.turns) if (role === 'any' || t.role === role) list.push(t.index);
      this.byRole.set(role, list);
    }
    return list;
  }

  sentences(turn: number): Array<[number, number]> {
    let s = this.sentenceCache.get(turn);
    if (!s) {
      s = splitSentences(this.view.turns[turn]!.norm.text);
      this.sentenceCache.set(turn, s);
    }
    return s;
  }

  /** All phrase hits of this rule in a turn (the shared automaton ran once for every rule). */
  hits(turn: number): readonly PhraseHit[] {
    let h = this.hitCache.get(turn);
    if (!h) {
      h = this.view.turns[turn]!.hits();
      this.hitCache.set(turn, h);
    }
    return h;
  }

  vector(turn: number): CharVector {
    let v = this.vectorCache.get(turn);
    if (!v) {
      v = charVector(this.view.turns[turn]!.norm.text);
      this.vectorCache.set(turn, v);
    }
    return v;
  }

  time(turn: number): number | undefined {
    return this.view.turns[turn]!.time;
  }

  /** When a turn ends: its time plus its length for calls with start/end, else its time. */
  endTime(turn: number): number | undefined {
    const t = this.view.turns[turn]!;
    if (t.time === undefined) return undefined;
    const { start, end } = t.turn;
    return start !== undefined && end !== undefined && end >= start ? t.time + (end - start) : t.time;
  }

  /** Map a normalised span of a turn to a hit in the original text. */
  spanHit(turn: number, start: number, end: number, data?: Hit['data']): Hit {
    const o = this.view.turns[turn]!.toOriginal(start, end);
    const hit: Hit = { turn, start: o.start, end: o.end };
    if (data) hit.data = data;
    return hit;
  }
}

/** Apply a turn range to the turns of a role. */
export function applyRange(list: readonly number[], range: TurnRange | undefined): readonly number[] {
  if (!range) return list;
  const n = list.length;
  if (range.first !== undefined) return list.slice(0, range.first);
  if (range.last !== undefined) return list.slice(Math.max(0, n - range.last));
  const from = range.from === undefined ? 0 : range.from < 0 ? n + range.from : range.from;
  const to = range.to === undefined ? n - 1 : range.to < 0 ? n + range.to : range.to;
  return list.slice(Math.max(0, from), Math.max(0, to + 1));
}

/** Base of leaf nodes: the turns of a role, within a range, within what the parent allows. */
export abstract class Leaf implements CompiledNode {
  readonly children: readonly CompiledNode[] = [];

  constructor(
    readonly role: RoleSelector,
    protected readonly range: TurnRange | undefined,
  ) {}

  scope(ctx: EvalContext): readonly number[] {
    return applyRange(ctx.roleTurns(this.role), this.range);
  }

  protected candidates(ctx: EvalContext, allowed: Allowed): readonly number[] {
    const turns = this.scope(ctx);
    return allowed ? turns.filter((t) => allowed.has(t)) : turns;
  }

  abstract evaluate(ctx: EvalContext, allowed: Allowed): Result;
}

export function result(hits: Hit[]): Result {
  return { ok: hits.length > 0, hits };
}

export function compare(value: number, spec: { moreThan?: number; lessThan?: number }): boolean {
  if (spec.moreThan !== undefined && !(value > spec.moreThan)) return false;
  if (spec.lessThan !== undefined && !(value < spec.lessThan)) return false;
  return true;
}

export function roleMatches(selector: RoleSelector, role: string): boolean {
  return selector === 'any' || selector === role;
}

export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
