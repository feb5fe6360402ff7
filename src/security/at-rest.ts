/**
 * What the store calls to protect text at rest (issue 7: encryption at rest for conversation text
 * and customer contact fields; search still works on tokenised forms).
 *
 *   const sealed = sealText(turn.text, cfg, `turn:${conversationId}:${index}`);
 *   // store sealed.stored in turns.text, sealed.search in turns.search_text
 *   const clear = openText(row.text, cfg, `turn:${conversationId}:${index}`);
 *   // search: WHERE search_text LIKE '%' || ? || '%' for each of searchTerms(q, cfg)
 *
 * Without a key ring (development) text is stored as is and `search` is the text itself, so the
 * same queries work either way.
 */
import { decryptField, encryptField, isEncrypted, type KeyRing } from './crypto.js';
import { detectPii, type DetectOptions } from './pii/detect.js';
import { tokenize, tokenizeText } from './pii/mask.js';

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
  const spans = detectPii(text, cfg.detect);
  return { stored: encryptField(text, cfg.ring, aad), search: tokenizeText(text, spans, cfg.ring.tokenKey) };
}

export function openText(stored: string, cfg: AtRestConfig, aad?: string): string {
  if (!isEncrypted(stored)) return stored;
  if (!cfg.ring) throw new Error('stored text is encrypted but no key is configured (KEFU_KEY_FILE / KEFU_ENCRYPTION_KEY)');
  return decryptField(stored, cfg.ring, aad);
}

/** A contact field (phone, e-mail, name): the envelope and an exact-match token for lookups. */
export function sealContact(value: string | null | undefined, cfg: AtRestConfig, aad?: string): { stored: string | null; token: string | null } {
  if (value === null || value === undefined || value === '') return { stored: value ?? null, token: null };
  if (!cfg.ring) return { stored: value, token: null };
  return { stored: encryptField(value, cfg.ring, aad), token: tokenize(value, cfg.ring.tokenKey) };
}

/**
 * Substrings to look for in the search column for a user's query: the query with its personal
 * data tokenised (so "13812345678" finds "138 1234 5678"), or the bare token of a query that is
 * only a value.
 */
export function searchTerms(query: string, cfg: AtRestConfig): string[] {
  const q = query.trim();
  if (!q) return [];
  if (!cfg.ring) return [q];
  const spans = detectPii(q, cfg.detect);
  if (spans.length === 0) return [q];
  const whole = spans.length === 1 && spans[0]!.start === 0 && spans[0]!.end === q.length;
  return whole ? [tokenize(q, cfg.ring.tokenKey)] : [tokenizeText(q, spans, cfg.ring.tokenKey)];
}

/** Escape a term for `LIKE ? ESCAPE '\'` (both SQLite and PostgreSQL). */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
