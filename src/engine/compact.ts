/**
 * A compact conversation notation for tests, fixtures and docs, one turn a line:
 *
 *   A 0s: 您好，请问有什么可以帮您？
 *   C 5s: 我要退款
 *   A 1:10: 好的，马上为您处理
 *
 * Roles: A agent, C customer, B bot, S system (or 客服/客户). Times (`12s`, `m:ss`, `h:mm:ss`)
 * become `ts` for chats and e-mail and `start` offsets for calls.
 */
import type { CallInfo, Channel, Conversation, Role, Turn } from '../conversation/model.js';

const ROLE_CODES: Record<string, Role> = {
  A: 'agent',
  C: 'customer',
  B: 'bot',
  S: 'system',
  客服: 'agent',
  坐席: 'agent',
  客户: 'customer',
  顾客: 'customer',
};

const LINE = /^\s*(A|C|B|S|客服|坐席|客户|顾客)(?:\s+(\d+s|\d+:\d{2}(?::\d{2})?))?\s*[:：]\s?(.*)$/;

/** Fixed base time for chats so that test output is deterministic. */
export const COMPACT_BASE_TIME = Date.parse('2026-03-02T09:00:00+08:00');

export function parseTime(token: string): number {
  if (token.endsWith('s')) return Number(token.slice(0, -1));
  return token.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

export interface CompactOptions {
  id?: string;
  channel?: Channel;
  call?: CallInfo;
}

export function parseCompact(source: string, options: CompactOptions = {}): Conversation {
  const channel = options.channel ?? 'chat';
  const turns: Turn[] = [];
  source.split('\n').forEach((raw, lineIndex) => {
    if (raw.trim() === '') return;
    const m = LINE.exec(raw);
    if (!m) throw new Error(`compact conversation, line ${lineIndex + 1}: expected "A 0s: text", got ${JSON.stringify(raw.trim())}`);
    const role = ROLE_CODES[m[1]!]!;
    const turn: Turn = { role, text: m[3]! };
    if (m[2] !== undefined) {
      const seconds = parseTime(m[2]);
      if (channel === 'call') turn.start = seconds;
      else turn.ts = new Date(COMPACT_BASE_TIME + seconds * 1000).toISOString();
    }
    turns.push(turn);
  });
  const conversation: Conversation = { id: options.id ?? 'test', channel, turns };
  if (channel === 'call') conversation.startedAt = new Date(COMPACT_BASE_TIME).toISOString();
  if (options.call) conversation.call = options.call;
  return conversation;
}
