/**
 * The chat response-time coach: how long the customer has been waiting for the reply being typed,
 * against 001's 60-second rule, with the same clock as the `response-time` rule (it starts at the
 * first customer message after the agent's last reply; further customer messages do not reset it).
 */
import type { Turn } from '../conversation/model.js';
import type { AssistContext, Coach, HintSource, Instant } from './types.js';

export const RESPONSE_SOURCE: HintSource = { file: '001_5e0dc45b1c803e24.txt', section: '二、业务技能', quote: '所有客服必须做到60秒内答复' };

/** Epoch seconds of an instant; undefined when unparseable. */
export function toEpochSeconds(instant: Instant | undefined): number | undefined {
  if (instant === undefined) return undefined;
  if (typeof instant === 'number') return Number.isFinite(instant) ? instant / 1000 : undefined;
  const ms = instant instanceof Date ? instant.getTime() : Date.parse(instant);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

/** Parsed times per turn object: contexts are sticky per agent, so each `ts` is parsed once. */
const parsed = new WeakMap<Turn, { ts: string; seconds: number | undefined }>();

export function turnSeconds(turn: Turn): number | undefined {
  if (turn.ts === undefined) return undefined;
  const cached = parsed.get(turn);
  if (cached !== undefined && cached.ts === turn.ts) return cached.seconds;
  const ms = Date.parse(turn.ts);
  const seconds = Number.isNaN(ms) ? undefined : ms / 1000;
  parsed.set(turn, { ts: turn.ts, seconds });
  return seconds;
}

export interface Waiting {
  /** Epoch seconds of the first unanswered customer message. */
  since: number;
  /** Epoch seconds of the latest customer message. */
  last: number;
  /** Index of the first unanswered customer turn. */
  firstTurn: number;
}

/** The customer's unanswered run at the end of the turns, with times; undefined if none. */
export function unansweredRun(turns: readonly Turn[]): Waiting | undefined {
  let since: number | undefined;
  let last: number | undefined;
  let firstTurn = -1;
  for (let i = turns.length - 1; i >= 0; i--) {
    const t = turns[i]!;
    if (t.role === 'agent') break;
    if (t.role !== 'customer') continue;
    const s = turnSeconds(t);
    if (s === undefined) continue;
    since = s;
    firstTurn = i;
    last ??= s;
  }
  return since === undefined || last === undefined ? undefined : { since, last, firstTurn };
}

export interface CoachSettings {
  limitSeconds: number;
  warnSeconds: number;
}

export function coach(context: AssistContext | undefined, now: Instant | undefined, settings: CoachSettings): Coach {
  const base = { limitSeconds: settings.limitSeconds, source: RESPONSE_SOURCE };
  const channel = context?.channel ?? 'chat';
  const nowSeconds = toEpochSeconds(now ?? context?.now ?? Date.now());
  if (channel !== 'chat') {
    return { ...base, applicable: false, level: 'ok', seconds: 0, sinceLastSeconds: 0, remainingSeconds: settings.limitSeconds, message: '响应时效提醒仅适用于在线聊天' };
  }
  const waiting = unansweredRun(context?.turns ?? []);
  if (!waiting || nowSeconds === undefined) {
    return { ...base, applicable: waiting !== undefined, level: 'ok', seconds: 0, sinceLastSeconds: 0, remainingSeconds: settings.limitSeconds, message: '客户没有待回复的消息' };
  }
  const seconds = Math.max(0, Math.round(nowSeconds - waiting.since));
  const sinceLastSeconds = Math.max(0, Math.round(nowSeconds - waiting.last));
  const remainingSeconds = settings.limitSeconds - seconds;
  const level = seconds > settings.limitSeconds ? 'late' : seconds >= settings.warnSeconds ? 'warn' : 'ok';
  const message =
    level === 'late'
      ? `客户已等待 ${seconds} 秒，超过 ${settings.limitSeconds} 秒的答复要求：请立即回复，并先致歉「很抱歉，让您久等了」`
      : level === 'warn'
        ? `客户已等待 ${seconds} 秒，还剩 ${remainingSeconds} 秒；回答太长宜分次回答，先发一句`
        : `客户已等待 ${seconds} 秒（${settings.limitSeconds} 秒内答复）`;
  return { ...base, applicable: true, level, seconds, sinceLastSeconds, remainingSeconds, message };
}
