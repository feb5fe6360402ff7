/**
 * The conversation model every part of Kefu shares: importers produce it, the engine inspects it,
 * the store persists it. Times are ISO-8601 strings on the wire and offsets in seconds for calls.
 */

export const CHANNELS = ['chat', 'call', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

export const ROLES = ['agent', 'customer', 'bot', 'system'] as const;
export type Role = (typeof ROLES)[number];

export interface Turn {
  role: Role;
  text: string;
  /** Wall-clock time of the message (ISO-8601), when the source has it. */
  ts?: string;
  /** Call transcripts: offset of the utterance from the start of the call, in seconds. */
  start?: number;
  end?: number;
}

export interface CallInfo {
  /** Rings before the agent answered. */
  rings?: number;
  /** Seconds the customer spent on hold. */
  holdSeconds?: number;
  /** After-call work (话后处理) in seconds. */
  afterCallWorkSeconds?: number;
  /** Who ended the call. */
  hungUpBy?: 'agent' | 'customer' | 'system';
  /** Seconds the caller waited in the queue before an agent answered. */
  queueSeconds?: number;
}

export interface Conversation {
  id: string;
  channel: Channel;
  agentId?: string;
  customerId?: string;
  teamId?: string;
  /** ISO-8601 start of the conversation. */
  startedAt?: string;
  /** Corpus or system the conversation came from. */
  source?: string;
  turns: Turn[];
  call?: CallInfo;
  meta?: Record<string, unknown>;
}

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Seconds since the epoch of a turn, from `ts`, or from the conversation start plus `start`. */
export function turnTime(conversation: Conversation, turn: Turn): number | undefined {
  if (turn.ts !== undefined) {
    const t = Date.parse(turn.ts);
    return Number.isNaN(t) ? undefined : t / 1000;
  }
  if (turn.start !== undefined) {
    const base = conversation.startedAt ? Date.parse(conversation.startedAt) / 1000 : 0;
    return Number.isNaN(base) ? undefined : base + turn.start;
  }
  return undefined;
}
