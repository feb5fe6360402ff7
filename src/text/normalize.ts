/**
 * Matching runs on a normalised view of each turn, findings are reported in the original text.
 *
 * The view folds Traditional→Simplified (character table, same length), full-width→half-width,
 * ASCII case, drops zero-width characters and collapses runs of whitespace. `offsets[i]` is the
 * original UTF-16 offset of normalised character i, so any span maps back exactly.
 */
import { simplifiedTable } from './char-table.js';

export interface NormalizedText {
  /** The original text, unchanged. */
  readonly original: string;
  /** The normalised text that patterns are matched against. */
  readonly text: string;
  /** offsets[i] = index in `original` of text[i]; offsets[text.length] = original.length. */
  readonly offsets: Uint32Array;
}

/** What normalisation does to a code unit. */
const KEEP = 0;
/** Becomes `folded[code]`: Traditional→Simplified, full-width→half-width, ASCII upper→lower. */
const FOLD = 1;
/** Zero-width space/joiners, word joiner, BOM, soft hyphen: dropped. */
const DROP = 2;
/** Whitespace: runs collapse to one space, leading and trailing ones go. */
const SPACE = 3;

const ZERO_WIDTH = [0xad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff];
const WHITESPACE = [0x20, 0x09, 0x0a, 0x0d, 0x3000, 0xa0, 0x0b, 0x0c];

interface FoldTables {
  kind: Uint8Array;
  folded: Uint16Array;
}

let foldTables: FoldTables | undefined;

/** One lookup per code unit tells what happens to it; built once, from the T→S table. */
function tables(): FoldTables {
  if (foldTables) return foldTables;
  const simplified = simplifiedTable();
  const kind = new Uint8Array(0x10000);
  const folded = new Uint16Array(0x10000);
  for (let code = 0; code < 0x10000; code++) {
    let to = code >= 0xff01 && code <= 0xff5e ? code - 0xfee0 : code;
    to = to >= 0x41 && to <= 0x5a ? to + 0x20 : simplified[to]!;
    folded[code] = to;
    if (to !== code) kind[code] = FOLD;
  }
  for (const code of ZERO_WIDTH) kind[code] = DROP;
  for (const code of WHITESPACE) kind[code] = SPACE;
  return (foldTables = { kind, folded });
}

/**
 * A normalised text. Its offsets are worked out when first asked for: most turns never map a span
 * back (only those with a finding or a masked span do).
 */
class Normalized implements NormalizedText {
  private mapped: Uint32Array | undefined;

  constructor(
    readonly original: string,
    readonly text: string,
  ) {}

  get offsets(): Uint32Array {
    // Normalising changes a text whenever it changes anything (a dropped, collapsed or folded unit).
    this.mapped ??= this.text === this.original ? identityOffsets(this.text.length) : offsetsOf(this.original, this.text.length);
    return this.mapped;
  }
}

export function normalize(original: string): NormalizedText {
  const { kind } = tables();
  // About half of real turns are already normal: one read-only pass tells, and they keep their
  // own string. A single space between two other characters stays as it is.
  const last = original.length - 1;
  let i = 0;
  for (; i <= last; i++) {
    const k = kind[original.charCodeAt(i)]!;
    if (k === KEEP) continue;
    if (k !== SPACE || original.charCodeAt(i) !== 0x20 || i === 0 || i === last || kind[original.charCodeAt(i + 1)] === SPACE) break;
  }
  return new Normalized(original, i > last ? original : rewrite(original));
}

// Scratch code units reused across calls (normalize is synchronous), with a Buffer over them that
// decodes them in one native call.
let scratch = new Uint16Array(1024);
let scratchBytes = Buffer.from(scratch.buffer);

/** The normalised text of a text that normalising changes. */
function rewrite(original: string): string {
  const { kind, folded } = tables();
  if (scratch.length < original.length) {
    scratch = new Uint16Array(original.length * 2);
    scratchBytes = Buffer.from(scratch.buffer);
  }
  const codes = scratch;
  let n = 0;
  let lastWasSpace = true; // also trims leading whitespace
  for (let i = 0; i < original.length; i++) {
    const code = original.charCodeAt(i);
    const k = kind[code]!;
    if (k === DROP) continue;
    if (k === SPACE) {
      if (lastWasSpace) continue;
      lastWasSpace = true;
      codes[n++] = 0x20;
      continue;
    }
    lastWasSpace = false;
    codes[n++] = folded[code]!;
  }
  if (n > 0 && codes[n - 1] === 0x20) n--; // trailing whitespace
  return scratchBytes.toString('utf16le', 0, n * 2);
}

/** The offsets of a changed text: where each of the `length` units `rewrite` keeps comes from. */
function offsetsOf(original: string, length: number): Uint32Array {
  const { kind } = tables();
  const offsets = new Uint32Array(length + 1);
  let n = 0;
  let lastWasSpace = true;
  for (let i = 0; i < original.length && n < length; i++) {
    const k = kind[original.charCodeAt(i)]!;
    if (k === DROP || (k === SPACE && lastWasSpace)) continue;
    lastWasSpace = k === SPACE;
    offsets[n++] = i;
  }
  offsets[length] = original.length;
  return offsets;
}

/** 0, 1, 2, …: shared by every unchanged text as a view of its first length + 1 entries (read only). */
let identity = new Uint32Array(0);

function identityOffsets(length: number): Uint32Array {
  if (identity.length < length + 1) {
    identity = new Uint32Array(Math.max(length + 1, identity.length * 2, 1024));
    for (let i = 0; i < identity.length; i++) identity[i] = i;
  }
  return identity.subarray(0, length + 1);
}

/** Normalise a pattern the same way as text, so it matches what the turn says in any script. */
export function normalizePattern(pattern: string): string {
  return normalize(pattern).text;
}

/** Map a span of the normalised text back to the original text (each unit maps to one unit). */
export function toOriginalSpan(norm: NormalizedText, start: number, end: number): { start: number; end: number } {
  const last = norm.text.length;
  const s = norm.offsets[Math.max(0, Math.min(start, last))]!;
  if (end <= start) return { start: s, end: s };
  return { start: s, end: norm.offsets[Math.min(end, last) - 1]! + 1 };
}
