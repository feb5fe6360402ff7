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

/** Zero-width space/joiners, word joiner, BOM, soft hyphen. */
function isZeroWidth(code: number): boolean {
  return code === 0xad || (code >= 0x200b && code <= 0x200d) || code === 0x2060 || code === 0xfeff;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x3000 || code === 0xa0 || code === 0x0b || code === 0x0c;
}

/** Fold one UTF-16 code unit; returns the folded code unit. */
function foldCode(code: number, table: Uint16Array): number {
  if (code >= 0xff01 && code <= 0xff5e) code -= 0xfee0; // full-width ASCII → half-width
  if (code >= 0x41 && code <= 0x5a) return code + 0x20; // ASCII upper → lower
  return table[code]!;
}

// Scratch buffers reused across calls (normalize is synchronous): a turn then allocates only its
// result, not two working arrays as well.
let codeScratch = new Uint16Array(1024);
let offsetScratch = new Uint32Array(1025);

export function normalize(original: string): NormalizedText {
  const table = simplifiedTable();
  if (codeScratch.length < original.length) {
    codeScratch = new Uint16Array(original.length * 2);
    offsetScratch = new Uint32Array(original.length * 2 + 1);
  }
  const codes = codeScratch;
  const offsets = offsetScratch;
  let n = 0;
  let changed = false;
  let lastWasSpace = true; // also trims leading whitespace
  for (let i = 0; i < original.length; i++) {
    const code = original.charCodeAt(i);
    if (isZeroWidth(code)) {
      changed = true;
      continue;
    }
    if (isSpace(code)) {
      if (lastWasSpace) {
        changed = true;
        continue;
      }
      lastWasSpace = true;
      if (code !== 0x20) changed = true;
      codes[n] = 0x20;
      offsets[n++] = i;
      continue;
    }
    lastWasSpace = false;
    const folded = foldCode(code, table);
    if (folded !== code) changed = true;
    codes[n] = folded;
    offsets[n++] = i;
  }
  if (n > 0 && codes[n - 1] === 0x20) {
    n--; // trailing whitespace
    changed = true;
  }
  // About half of real turns are already normal: no copy of the text, offsets are the identity.
  if (!changed) return { original, text: original, offsets: identityOffsets(n) };
  offsets[n] = original.length;
  return {
    original,
    text: decode(codes, n),
    offsets: offsets.slice(0, n + 1),
  };
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

const UTF16 = new TextDecoder('utf-16le');

function decode(codes: Uint16Array, length: number): string {
  // Decoding the code units in one call: far cheaper than String.fromCharCode over a spread.
  return UTF16.decode(codes.subarray(0, length));
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
