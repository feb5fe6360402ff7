/**
 * What the store calls to protect text at rest (issue 7: encryption at rest for conversation text
 * and customer contact fields; search still works on tokenised forms).
 *
 *   const sealed = sealText(turn.text, cfg, where);   // `where`: the row's identity (src/store/at-rest.ts)
 *   // store sealed.stored in turns.text, sealed.search in turns.search_text
 *   const clear = openText(row.text, cfg, where);
 *   // search: WHERE search_text LIKE likePattern(term) ESCAPE '\' for any of searchTerms(q, cfg)
 *
 * Without a key ring (development) text is stored as is and `search` is the text itself, so the
 * same queries work either way.
 */
import { encryptField, openField, type KeyRing } from './crypto.js';
import { detectPii, type DetectOptions } from './pii/detect.js';
import { tokenize, tokenizeText } from './pii/mask.js';
import { PERSONAL_KINDS } from './pii/types.js';

export interface AtRestConfig {
  ring?: KeyRing | undefined;
  detect?: DetectOptions;
}

export interface SealedText {
  /** encrypted envelope (or the clear text when no key is configured) */
  stored: string;
  /** searchable form: personal spans replaced by ⟦kind:token⟧, the rest in clear */
  search: string;
}

export function sealText(text: string, cfg: AtRestConfig, aad?: string): SealedText {
  if (!cfg.ring) return { stored: text, search: text };
  return { stored: encryptField(text, cfg.ring, aad), search: searchableText(text, cfg) };
}

/** The searchable form alone (what sealText puts in `search`). */
export function searchableText(text: string, cfg: AtRestConfig): string {
  if (!cfg.ring) return text;
  return tokenizeText(text, detectPii(text, cfg.detect), cfg.ring.tokenKey);
}

/** Clear text of a stored value; plaintext (written before a key was configured) passes through. */
export function openText(stored: string, cfg: AtRestConfig, aad?: string): string {
  return openField(stored, cfg.ring, aad)!;
}

/** A field that is never searched (finding excerpts, meta, secrets): the envelope, or the value without a key. */
export function sealField<V extends string | null>(value: V, cfg: AtRestConfig, aad?: string): V {
  if (value === null || !cfg.ring) return value;
  return encryptField(value, cfg.ring, aad) as V;
}

/** Exact-match token of a contact value (null without a key: the clear column is matched then). */
export function contactToken(value: string | null | undefined, cfg: AtRestConfig): string | null {
  if (value === null || value === undefined || value === '' || !cfg.ring) return null;
  return tokenize(value, cfg.ring.tokenKey);
}

/** A contact field (phone, e-mail, name): the envelope and an exact-match token for lookups. */
export function sealContact(value: string | null | undefined, cfg: AtRestConfig, aad?: string): { stored: string | null; token: string | null } {
  if (value === null || value === undefined || value === '') return { stored: value ?? null, token: null };
  if (!cfg.ring) return { stored: value, token: null };
  return { stored: encryptField(value, cfg.ring, aad), token: contactToken(value, cfg) };
}

/**
 * Substrings to look for in the search column for a user's query (a row matches if it contains
 * any of them): the query with its personal data tokenised (so "13812345678" finds
 * "138 1234 5678"), or the bare token of a query that is only a value; an identifier-like query
 * the detector cannot classify on its own (an order number without 订单号 before it) as a token
 * too, since in context it may have been tokenised. The query as typed is always included: it
 * matches ordinary words, and rows stored before a key was configured (searched in clear).
 */
export function searchTerms(query: string, cfg: AtRestConfig): string[] {
  if (!cfg.ring) return query ? [query] : [];
  const q = query.trim();
  if (!q) return [];
  // only personal kinds are tokenised in the stored form (a 400 hotline stays in clear)
  const spans = detectPii(q, cfg.detect).filter((s) => PERSONAL_KINDS.has(s.kind));
  let tokenised: string | undefined;
  if (spans.length === 0) tokenised = /^[0-9A-Za-z@._+-]{4,}$/.test(q) ? tokenize(q, cfg.ring.tokenKey) : undefined;
  else if (spans.length === 1 && spans[0]!.start === 0 && spans[0]!.end === q.length) tokenised = tokenize(q, cfg.ring.tokenKey);
  else tokenised = tokenizeText(q, spans, cfg.ring.tokenKey);
  return tokenised === undefined ? [q] : [tokenised, q];
}

/** Escape a term for `LIKE ? ESCAPE '\'` (both SQLite and PostgreSQL). */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
