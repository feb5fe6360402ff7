/**
 * Text helpers of the declarative operators: sentence boundaries on normalised text, character
 * unigram+bigram vectors with cosine similarity (no model), and regex patterns folded like text.
 */
import { simplifiedTable } from '../../text/char-table.js';

/** Sentence terminators as they appear in normalised text (full-width folded to half-width). */
const TERMINATORS = new Set(['。', '!', '?', ';', '…', '~', '．', '｡']);

/** [start, end) spans of the sentences of a normalised text; the terminator stays in its sentence. */
export function splitSentences(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    // A full stop ends a sentence unless it is a decimal point (1.5元).
    const isStop = TERMINATORS.has(ch) || (ch === '.' && !(/\d/.test(text[i - 1] ?? '') && /\d/.test(text[i + 1] ?? '')));
    if (!isStop) continue;
    // Runs of terminators (？！… / ~~~) belong to one sentence.
    while (i + 1 < text.length && (TERMINATORS.has(text[i + 1]!) || text[i + 1] === '.')) i++;
    out.push([start, i + 1]);
    start = i + 1;
  }
  if (start < text.length) out.push([start, text.length]);
  if (out.length === 0) out.push([0, 0]);
  return out;
}

/** Index of the sentence containing position `pos`. */
export function sentenceAt(sentences: ReadonlyArray<readonly [number, number]>, pos: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sentences[mid]![0] <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Letters and digits count; punctuation, spaces and emoji do not (fast paths for CJK and ASCII). */
function isContent(code: number, ch: string): boolean {
  if (code >= 0x4e00 && code <= 0x9fff) return true;
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
  return WORD_CHAR.test(ch);
}

/** The letters and digits of a text (punctuation, spaces and emoji dropped). */
export function contentChars(text: string): string[] {
  const out: string[] = [];
  for (const ch of text) if (isContent(ch.codePointAt(0)!, ch)) out.push(ch);
  return out;
}

export interface CharVector {
  /** Unigram (code point) and bigram (2^21·a + b + 2^42) counts under numeric keys. */
  counts: Map<number, number>;
  norm: number;
  /** Number of content characters. */
  length: number;
}

const BIGRAM_BASE = 2 ** 42;

/** Character unigrams and bigrams of a (normalised) text. */
export function charVector(text: string): CharVector {
  const counts = new Map<number, number>();
  let previous = -1;
  let length = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (!isContent(code, ch)) continue;
    length++;
    counts.set(code, (counts.get(code) ?? 0) + 1);
    if (previous >= 0) {
      const bigram = BIGRAM_BASE + previous * 2 ** 21 + code;
      counts.set(bigram, (counts.get(bigram) ?? 0) + 1);
    }
    previous = code;
  }
  let sum = 0;
  for (const c of counts.values()) sum += c * c;
  return { counts, norm: Math.sqrt(sum), length };
}

export function cosine(a: CharVector, b: CharVector): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  const [small, large] = a.counts.size <= b.counts.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [key, count] of small.counts) {
    const other = large.counts.get(key);
    if (other !== undefined) dot += count * other;
  }
  return dot / (a.norm * b.norm);
}

const REGEX_SPECIAL = new Set([...'\\^$.|?*+()[]{}/-']);

/**
 * Fold a regex pattern like turn text: Traditional→Simplified and full-width→half-width for
 * non-ASCII characters (a full-width ？ becomes an escaped \?), ASCII left alone so escapes such
 * as \D keep their meaning. Lower-casing is left to the `i` flag.
 */
export function foldPattern(pattern: string): string {
  const table = simplifiedTable();
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    let code = pattern.charCodeAt(i);
    if (code < 0x80) {
      out += pattern[i];
      continue;
    }
    if (code >= 0xff01 && code <= 0xff5e) {
      code -= 0xfee0;
      const ch = String.fromCharCode(code);
      out += REGEX_SPECIAL.has(ch) ? `\\${ch}` : ch;
      continue;
    }
    if (code === 0x3000) {
      out += ' ';
      continue;
    }
    out += String.fromCharCode(table[code]!);
  }
  return out;
}
