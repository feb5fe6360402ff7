/**
 * Masking and tokenisation of detected personal data.
 *
 * Partial masking is LENGTH-PRESERVING: every hidden UTF-16 unit becomes one '*', so the offsets of
 * findings (start/end in a turn) stay valid on the masked text and the UI can still highlight them.
 * The cost is that the length of a hidden name or address is visible — accepted, documented in
 * docs/security.md.
 *
 *   mobile     13812345678        → 138****5678        (+86 kept, separators kept)
 *   landline   010-62345678       → 010-****5678
 *   id_card    11010519491231002X → 110***********002X
 *   bank_card  6222 0212 3456 7890 → 6222 **** **** 7890
 *   email      zhangsan@qq.com     → z*******@qq.com
 *   name       王小明 → 王**; 欧阳娜娜 → 欧阳**; a surname alone (李先生 → 李) is kept
 *   address    北京市朝阳区建国路88号3栋 → 北京市朝阳区******** (the 省/市/区/县 prefix is kept)
 *   order      订单号 DD202403150001 → ************0001
 *   hotline    400-800-1234 unchanged (a company number)
 *
 * `token` mode replaces the span with a deterministic HMAC token ("[手机号#9f2c…]") so equal values
 * stay equal (search, joins) without revealing them.
 */
import { createHmac } from 'node:crypto';
import { normalize } from '../../text/normalize.js';
import { addressSegments } from './detect.js';
import { PERSONAL_KINDS, PII_KIND_NAMES, type PiiKind, type PiiSpan } from './types.js';

export type MaskMode = 'partial' | 'full' | 'none' | 'token';

export interface MaskPolicy {
  /** Mode for personal kinds without an entry in `kinds` (default 'partial'). */
  default?: MaskMode;
  kinds?: Partial<Record<PiiKind, MaskMode>>;
  /** Required for 'token' mode. */
  tokenKey?: Buffer | string;
  /** default '*' */
  maskChar?: string;
}

export const DEFAULT_MASK_POLICY: MaskPolicy = { default: 'partial', kinds: { hotline: 'none' } };
/** Everything personal hidden completely (exports to third parties, logs). */
export const STRICT_MASK_POLICY: MaskPolicy = { default: 'full', kinds: { hotline: 'none' } };

function modeFor(kind: PiiKind, policy: MaskPolicy): MaskMode {
  const explicit = policy.kinds?.[kind];
  if (explicit) return explicit;
  if (!PERSONAL_KINDS.has(kind)) return 'none';
  return policy.default ?? 'partial';
}

/** Mask `text` at `spans` (from detectPii on the same text). Spans may be in any order. */
export function maskText(text: string, spans: readonly PiiSpan[], policy: MaskPolicy = DEFAULT_MASK_POLICY): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const s of sorted) {
    if (s.start < pos) continue; // overlapping input: keep the first
    out += text.slice(pos, s.start);
    out += maskValue(s.kind, text.slice(s.start, s.end), policy);
    pos = s.end;
  }
  return out + text.slice(pos);
}

/** Mask one value of a known kind. */
export function maskValue(kind: PiiKind, value: string, policy: MaskPolicy = DEFAULT_MASK_POLICY): string {
  const mode = modeFor(kind, policy);
  const ch = policy.maskChar ?? '*';
  switch (mode) {
    case 'none':
      return value;
    case 'full':
      return value.replace(/\S/g, ch);
    case 'token': {
      if (policy.tokenKey === undefined) throw new Error('maskText: token mode needs policy.tokenKey');
      return `[${PII_KIND_NAMES[kind]}#${tokenize(value, policy.tokenKey)}]`;
    }
    case 'partial':
      return partial(kind, value, ch);
  }
}

/** Indices (in `value`) of its digits / ID characters, full-width included. */
function alnumIndices(value: string, re = /[0-9０-９xXｘＸ]/): number[] {
  const idx: number[] = [];
  for (let i = 0; i < value.length; i++) if (re.test(value[i]!)) idx.push(i);
  return idx;
}

function hideExcept(value: string, idx: number[], keep: (k: number, n: number) => boolean, ch: string): string {
  // digits are single UTF-16 units: work on units to stay length-preserving
  const units = value.split('');
  idx.forEach((i, k) => {
    if (!keep(k, idx.length)) units[i] = ch;
  });
  return units.join('');
}

function partial(kind: PiiKind, value: string, ch: string): string {
  switch (kind) {
    case 'mobile': {
      const idx = alnumIndices(value, /[0-9０-９]/);
      const cc = idx.length - 11; // +86 / 0086 digits
      return hideExcept(value, idx, (k) => k < cc + 3 || k >= cc + 7, ch);
    }
    case 'landline': {
      // keep the area code, the last 4 digits of the local number and any extension
      const idx = alnumIndices(value, /[0-9０-９]/);
      const m = /^\(?(0(?:10|2[0-9])|0[3-9][0-9]{2})\)?[- ]?([0-9]{7,8})/.exec(normalize(value).text);
      const area = m ? m[1]!.length : 3;
      const localEnd = m ? area + m[2]!.length : idx.length;
      return hideExcept(value, idx, (k) => k < area || (k >= localEnd - 4 && k < localEnd) || k >= localEnd, ch);
    }
    case 'id_card':
      return hideExcept(value, alnumIndices(value), (k, n) => k < 3 || k >= n - 4, ch);
    case 'bank_card':
      return hideExcept(value, alnumIndices(value, /[0-9０-９]/), (k, n) => k < 4 || k >= n - 4, ch);
    case 'order': {
      const idx = alnumIndices(value, /[0-9a-zA-Z０-９ａ-ｚＡ-Ｚ]/);
      return hideExcept(value, idx, (k, n) => k >= n - 4, ch);
    }
    case 'email': {
      const at = Math.max(value.lastIndexOf('@'), value.lastIndexOf('＠'));
      if (at <= 0) return value.replace(/\S/g, ch);
      return value[0] + ch.repeat(at - 1) + value.slice(at);
    }
    case 'name': {
      const n = normalize(value).text;
      const keep = ['欧阳', '司马', '诸葛', '上官', '东方', '慕容', '令狐', '皇甫', '公孙', '夏侯', '尉迟', '长孙', '宇文', '司徒', '端木', '独孤', '南宫', '轩辕', '钟离', '西门'].includes(n.slice(0, 2)) ? 2 : 1;
      if (value.length <= keep) return value; // a surname alone identifies nobody
      return value.slice(0, keep) + value.slice(keep).replace(/\S/g, ch);
    }
    case 'address': {
      const n = normalize(value);
      const { adminPrefix } = addressSegments(n.text);
      // keep 省/市/区/县, but never the whole address
      const keepNorm = adminPrefix >= n.text.length ? 0 : adminPrefix;
      const keepOrig = keepNorm === 0 ? 0 : n.offsets[keepNorm]!;
      return value.slice(0, keepOrig) + value.slice(keepOrig).replace(/\S/g, ch);
    }
    case 'hotline':
      return value;
  }
}

// --- tokenisation -------------------------------------------------------------------------

/**
 * Canonical form of a value before tokenising, so that "138 1234 5678", "+86 13812345678" and
 * "１３８１２３４５６７８" give the same token: normalised (half-width, lower case), separators
 * removed, a mainland country code dropped from mobiles.
 */
export function canonicalPiiValue(value: string): string {
  const n = normalize(value).text;
  const compact = n.replace(/[\s\-()]/g, '');
  const mobile = /^(?:\+?86|0086)?(1[3-9][0-9]{9})$/.exec(compact);
  if (mobile) return mobile[1]!;
  if (/^[0-9x+]+$/.test(compact)) return compact.replace(/^\+/, '');
  if (compact.includes('@')) return compact;
  return n.replace(/\s+/g, ' ').trim();
}

/**
 * Deterministic, keyed token of a personal value: HMAC-SHA256(key, canonical value), 24 hex chars
 * (96 bits). Same key + same value → same token, so a search for a phone number is a search for its
 * token; without the key the token reveals nothing (not even by brute-forcing the 10^8 mobiles).
 */
export function tokenize(value: string, key: Buffer | string): string {
  return createHmac('sha256', key).update(canonicalPiiValue(value), 'utf8').digest('hex').slice(0, 24);
}

/**
 * The searchable form of a text: every personal span replaced by `⟦kind:token⟧`. Stored in clear
 * beside the encrypted text; a query is run through the same function (see `tokenizeQuery`).
 */
export function tokenizeText(text: string, spans: readonly PiiSpan[], key: Buffer | string): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const s of sorted) {
    if (s.start < pos) continue;
    out += text.slice(pos, s.start);
    out += PERSONAL_KINDS.has(s.kind) ? `⟦${s.kind}:${tokenize(s.text, key)}⟧` : s.text;
    pos = s.end;
  }
  return out + text.slice(pos);
}

/** Tokens to look for when a user searches for a value (e.g. a phone number typed in the search box). */
export function searchTokens(query: string, key: Buffer | string, spans: readonly PiiSpan[]): string[] {
  const tokens = spans.filter((s) => PERSONAL_KINDS.has(s.kind)).map((s) => tokenize(s.text, key));
  if (tokens.length === 0 && query.trim()) {
    // a bare value the detector cannot classify without context (e.g. an 8-digit order tail)
    tokens.push(tokenize(query, key));
  }
  return [...new Set(tokens)];
}
