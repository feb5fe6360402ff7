/**
 * Masking of API responses (003 §信息保密规范: 客户数据分级管理, 禁止未经授权的数据查询).
 *
 * Conversation text is masked for everyone by default; a role with `pii:reveal` gets the clear text
 * only through an explicit, audited reveal (`POST /conversations/:id/reveal`). Because masking is
 * length-preserving, finding offsets stay valid and a finding's excerpt is simply the same slice of
 * the masked turn.
 */
import type { Conversation } from '../conversation/model.js';
import { detectPii, type DetectOptions } from './pii/detect.js';
import { DEFAULT_MASK_POLICY, maskText, type MaskPolicy } from './pii/mask.js';
import type { PiiKind } from './pii/types.js';
import { can, type Principal } from './permissions.js';
import type { Presenter } from '../server/context.js';

export interface RedactOptions {
  policy?: MaskPolicy;
  detect?: DetectOptions;
}

export function maskString(text: string, opts: RedactOptions = {}): string {
  if (!text) return text;
  return maskText(text, detectPii(text, opts.detect), opts.policy ?? DEFAULT_MASK_POLICY);
}

/** Mask every string inside a JSON-like value (meta, details). */
export function maskDeep<T>(value: T, opts: RedactOptions = {}): T {
  if (typeof value === 'string') return maskString(value, opts) as T;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, opts)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = maskDeep(v, opts);
    return out as T;
  }
  return value;
}

/** A masked copy of a conversation: turn text, a customer id that is itself a phone/e-mail, meta. */
export function maskConversation<C extends Pick<Conversation, 'turns'> & { customerId?: string | null; meta?: Record<string, unknown> | null }>(conv: C, opts: RedactOptions = {}): C {
  const out = { ...conv, turns: conv.turns.map((t) => ({ ...t, text: maskString(t.text, opts) })) };
  if (typeof conv.customerId === 'string') out.customerId = maskString(conv.customerId, opts);
  if (conv.meta) out.meta = maskDeep(conv.meta, opts);
  return out;
}

/**
 * Findings' excerpts, taken from the masked turns (offsets are unchanged by masking). Messages and
 * suggestions are masked too: they may quote the text (客服告知了个人电话号码「…」).
 */
export function maskFindings<F extends { turn?: number | null; start?: number | null; end?: number | null; text?: string | null; message?: string | null; suggestion?: string | null }>(
  findings: readonly F[],
  maskedTurns: ReadonlyArray<{ text: string }>,
  opts: RedactOptions = {},
): F[] {
  return findings.map((f) => {
    const out = { ...f };
    if (typeof f.message === 'string') out.message = maskString(f.message, opts);
    if (typeof f.suggestion === 'string') out.suggestion = maskString(f.suggestion, opts);
    if (typeof f.text !== 'string') return out;
    const turn = typeof f.turn === 'number' ? maskedTurns[f.turn] : undefined;
    if (turn && typeof f.start === 'number' && typeof f.end === 'number' && f.end - f.start === f.text.length && f.end <= turn.text.length) {
      return { ...out, text: turn.text.slice(f.start, f.end) };
    }
    return { ...out, text: maskString(f.text, opts) };
  });
}

/** Kinds of personal data present in a conversation (recorded in the reveal's audit entry). */
export function piiKindsIn(conv: Pick<Conversation, 'turns'>, opts: DetectOptions = {}): PiiKind[] {
  const kinds = new Set<PiiKind>();
  for (const t of conv.turns) for (const s of detectPii(t.text, opts)) kinds.add(s.kind);
  return [...kinds].sort();
}

/** Whether a principal may ask for clear text at all. */
export function mayReveal(principal: Principal): boolean {
  return can(principal, 'pii:reveal');
}

/**
 * The server's default presenter: conversation text, customer id, meta and finding excerpts are
 * masked for every role. Clear text only comes from the audited reveal route (reveal.ts).
 */
export function maskingPresenter(opts: RedactOptions = {}): Presenter {
  return {
    conversation: <C extends { turns: Array<{ text: string }> }>(conv: C): C => maskConversation(conv as unknown as Conversation, opts) as unknown as C,
    findings: (findings, maskedTurns) => maskFindings(findings, maskedTurns, opts),
    summaries: (items) => items.map((s) => (typeof s.customerId === 'string' ? { ...s, customerId: maskString(s.customerId, opts) } : s)),
  };
}
