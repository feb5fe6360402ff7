/**
 * A position-preserving Traditional→Simplified character table built from opencc-js's own data.
 *
 * opencc's phrase conversion can change a string's length (offsets would drift) and maps some
 * characters to astral code points, so matching uses a 64K table of BMP→BMP single-character
 * mappings instead. Phrase-level conversion stays available for display (`toSimplifiedDisplay`).
 */
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';
import HKVariantsRev from 'opencc-js/dict/HKVariantsRev';
import STCharacters from 'opencc-js/dict/STCharacters';

type Table = Uint16Array;

function parsePairs(dict: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const entry of dict.split('|')) {
    const [from, to] = entry.split(' ');
    if (from && to) pairs.push([from, to]);
  }
  return pairs;
}

function isSingleBmp(s: string): boolean {
  return s.length === 1;
}

function identityTable(): Table {
  const table = new Uint16Array(0x10000);
  for (let i = 0; i < table.length; i++) table[i] = i;
  return table;
}

function buildToSimplified(): Table {
  const table = identityTable();
  const ts = parsePairs(TSCharacters);
  const simplifiedTargets = new Set<string>();
  for (const [from, to] of ts) {
    if (isSingleBmp(from) && isSingleBmp(to)) {
      table[from.charCodeAt(0)] = to.charCodeAt(0);
      simplifiedTargets.add(to);
    }
  }
  // Regional variants (裡→裏→里, 為→爲→为): follow them into the table, but never remap a
  // character that is itself valid Simplified text (么 must stay 么).
  for (const [variant, standard] of [...parsePairs(TWVariantsRev), ...parsePairs(HKVariantsRev)]) {
    if (!isSingleBmp(variant) || !isSingleBmp(standard)) continue;
    if (simplifiedTargets.has(variant)) continue;
    const code = variant.charCodeAt(0);
    if (table[code] !== code) continue;
    const simplified = table[standard.charCodeAt(0)] ?? standard.charCodeAt(0);
    if (simplified !== standard.charCodeAt(0)) table[code] = simplified;
  }
  return table;
}

function buildToTraditional(): Table {
  const table = identityTable();
  for (const [from, to] of parsePairs(STCharacters)) {
    if (isSingleBmp(from) && isSingleBmp(to)) table[from.charCodeAt(0)] = to.charCodeAt(0);
  }
  return table;
}

let toSimplified: Table | undefined;
let toTraditional: Table | undefined;

/** The T→S table, built once on first use (~100 ms). */
export function simplifiedTable(): Table {
  toSimplified ??= buildToSimplified();
  return toSimplified;
}

/** The S→T table, used to generate the Traditional twin of a test case with identical offsets. */
export function traditionalTable(): Table {
  toTraditional ??= buildToTraditional();
  return toTraditional;
}

function mapChars(text: string, table: Table): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += String.fromCharCode(table[text.charCodeAt(i)]!);
  return out;
}

/** Character-level Simplified→Traditional with the same length (for test twins and demos). */
export function toTraditionalSameLength(text: string): string {
  return mapChars(text, traditionalTable());
}

/** Character-level Traditional→Simplified with the same length. */
export function toSimplifiedSameLength(text: string): string {
  return mapChars(text, simplifiedTable());
}
