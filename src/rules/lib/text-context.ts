/**
 * Character-level context helpers for phrase rules: clause boundaries, quotes, conditions and
 * questions, all on the normalised text (Simplified, half-width punctuation). No jieba: these
 * run on the real-time path.
 */

/**
 * A table by UTF-16 code unit: these helpers run for every phrase hit, and reading `text[i]` of
 * Chinese text allocates a string per character, where `charCodeAt` allocates nothing.
 */
function codeTable(chars: string, value = 1): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (const ch of chars) table[ch.charCodeAt(0)] = value;
  return table;
}

/** Characters that end a clause in normalised text (full-width punctuation is already half-width). */
const CLAUSE_END = codeTable(',.!?;。~… \n、:｡︰');

export function isClauseEnd(ch: string | undefined): boolean {
  return ch === undefined || (ch.length === 1 && CLAUSE_END[ch.charCodeAt(0)] === 1);
}

/** Start index of the clause containing `pos`. */
export function clauseStart(text: string, pos: number): number {
  let i = pos;
  while (i > 0 && CLAUSE_END[text.charCodeAt(i - 1)] !== 1) i--;
  return i;
}

/** End index (exclusive) of the clause containing `pos`. */
export function clauseEnd(text: string, pos: number): number {
  let i = pos;
  while (i < text.length && CLAUSE_END[text.charCodeAt(i)] !== 1) i++;
  return i;
}

/** The punctuation that ends the clause at `end`, skipping spaces, or '' at the end of the text. */
export function terminator(text: string, end: number): string {
  let i = end;
  while (i < text.length && text[i] === ' ') i++;
  return i < text.length ? text[i]! : '';
}

const OPEN_QUOTE = 1;
const CLOSE_QUOTE = 2;
const ASCII_QUOTE = 3;
const QUOTES = codeTable('“「『《‘﹁﹃', OPEN_QUOTE);
for (const ch of '”」』》’﹂﹄') QUOTES[ch.charCodeAt(0)] = CLOSE_QUOTE;
QUOTES['"'.charCodeAt(0)] = ASCII_QUOTE;

/** True when `pos` lies inside a quotation (“…”, 「…」, "…"): a quote is not the agent's own words. */
export function insideQuote(text: string, pos: number): boolean {
  let depth = 0;
  let ascii = false;
  for (let i = 0; i < pos; i++) {
    const kind = QUOTES[text.charCodeAt(i)];
    if (kind === OPEN_QUOTE) depth++;
    else if (kind === CLOSE_QUOTE) depth = Math.max(0, depth - 1);
    else if (kind === ASCII_QUOTE) ascii = !ascii;
  }
  return depth > 0 || ascii;
}

/** Markers that make what follows in the clause a condition, not a statement. */
const CONDITION_BEFORE = /(如果|假如|假若|假设|若是|若|要是|万一|倘若|(?<![比例一])如(?![何此下今])|一旦|的话|否则|即使|就算|哪怕|只要|除非)/;
/** A condition closed after the word: 不行的话… */
const CONDITION_AFTER = /^(的话|时|的时候|之后|以后)/;

/** The word at [start, end) sits inside a condition (如果还是不行, 不可以的话…). */
export function inCondition(text: string, start: number, end: number): boolean {
  const before = text.slice(clauseStart(text, start), start);
  if (CONDITION_BEFORE.test(before)) return true;
  const after = text.slice(end, clauseEnd(text, end));
  return CONDITION_AFTER.test(after);
}

/** The clause holding [start, end) is a question (…吗 / …么 / …? / 还是…). */
export function inQuestion(text: string, start: number, end: number): boolean {
  const cEnd = clauseEnd(text, end);
  const tail = text.slice(end, cEnd).replace(/[呢啊呀哦哈]+$/, '');
  if (/[吗么嘛]$/.test(tail) || /^[吗么嘛]/.test(tail)) return true;
  return terminator(text, cEnd) === '?';
}

/** The clause text around [start, end), without trailing particles. */
export function clauseText(text: string, start: number, end: number): string {
  return text.slice(clauseStart(text, start), clauseEnd(text, end));
}

/** Sentence-final particles that add no content. */
export const PARTICLES = /^[的了呢哦哈啊呀啦哟噢喔嘛吧哒滴呐咯诶~]*$/;
