/**
 * One validator for every importer: whatever the file format, a conversation reaches the engine
 * only through `toConversation`, so the checks and the error messages are the same everywhere.
 */
import { InputError, type InputLocation } from './errors.js';
import {
  CHANNELS,
  isChannel,
  isRole,
  type CallInfo,
  type Channel,
  type Conversation,
  type Role,
  type Turn,
} from './model.js';

/**
 * Speaker labels seen in Chinese customer-service exports (Simplified and Traditional) and their
 * English equivalents. Keys are lower-case; `normaliseRole` lower-cases before looking up.
 */
export const ROLE_SYNONYMS: Readonly<Record<string, Role>> = {
  agent: 'agent',
  staff: 'agent',
  operator: 'agent',
  helpdesk: 'agent',
  客服: 'agent',
  人工客服: 'agent',
  客服人员: 'agent',
  坐席: 'agent',
  座席: 'agent',
  话务员: 'agent',
  話務員: 'agent',
  customer: 'customer',
  user: 'customer',
  buyer: 'customer',
  client: 'customer',
  caller: 'customer',
  visitor: 'customer',
  客户: 'customer',
  客戶: 'customer',
  顾客: 'customer',
  顧客: 'customer',
  用户: 'customer',
  用戶: 'customer',
  买家: 'customer',
  買家: 'customer',
  访客: 'customer',
  訪客: 'customer',
  来电人: 'customer',
  來電人: 'customer',
  业主: 'customer',
  業主: 'customer',
  住户: 'customer',
  住戶: 'customer',
  bot: 'bot',
  robot: 'bot',
  机器人: 'bot',
  機器人: 'bot',
  智能客服: 'bot',
  system: 'system',
  系统: 'system',
  系統: 'system',
};

export interface ValidateOptions {
  /** Extra or overriding speaker labels (keys compared case-insensitively). */
  roles?: Readonly<Record<string, Role>>;
  /** Channel for records that do not name one. */
  defaultChannel?: Channel;
  /**
   * Source line of each turn (CSV rows, transcript lines), so that an error in `turns[i]` points
   * at the line that holds it rather than at the start of the conversation.
   */
  turnLines?: readonly number[];
}

/** The canonical role for a speaker label, or undefined when the label is unknown. */
export function normaliseRole(
  value: string,
  extra?: Readonly<Record<string, Role>>,
): Role | undefined {
  const key = value.trim().toLowerCase();
  if (extra) {
    for (const [label, role] of Object.entries(extra)) {
      if (label.trim().toLowerCase() === key) return role;
    }
  }
  return ROLE_SYNONYMS[key] ?? (isRole(key) ? key : undefined);
}

type Fail = (field: string, reason: string) => never;

/**
 * Checks a parsed record field by field and returns a clean Conversation. Throws an InputError
 * naming the file, line or record, conversation id and field of the first problem found.
 */
export function toConversation(
  raw: unknown,
  loc: InputLocation,
  options: ValidateOptions = {},
): Conversation {
  if (!isPlainObject(raw)) {
    throw new InputError(loc, `expected a conversation object, got ${describe(raw)}`);
  }
  const idValue = raw['id'];
  const knownId = typeof idValue === 'string' && idValue.trim() !== '' ? idValue : undefined;
  const fail: Fail = (field, reason) => {
    const turnIndex = /^turns\[(\d+)\]/.exec(field)?.[1];
    const line = turnIndex === undefined ? undefined : options.turnLines?.[Number(turnIndex)];
    throw new InputError(
      { ...loc, ...(line === undefined ? {} : { line }), conversationId: knownId, field },
      reason,
    );
  };

  if (knownId === undefined) fail('id', idValue === undefined ? 'missing id' : `id must be a non-empty string, got ${describe(idValue)}`);
  const conversation: Conversation = {
    id: knownId as string,
    channel: checkChannel(raw['channel'], options.defaultChannel, fail),
    turns: checkTurns(raw['turns'], options.roles, fail),
  };
  for (const field of ['agentId', 'customerId', 'teamId', 'source'] as const) {
    const value = optionalString(raw[field], field, fail);
    if (value !== undefined) conversation[field] = value;
  }
  const startedAt = optionalTime(raw['startedAt'], 'startedAt', fail);
  if (startedAt !== undefined) conversation.startedAt = startedAt;
  if (raw['call'] !== undefined) conversation.call = checkCall(raw['call'], fail);
  if (raw['meta'] !== undefined) {
    if (!isPlainObject(raw['meta'])) fail('meta', `meta must be an object, got ${describe(raw['meta'])}`);
    conversation.meta = raw['meta'] as Record<string, unknown>;
  }
  return conversation;
}

function checkChannel(value: unknown, fallback: Channel | undefined, fail: Fail): Channel {
  if (value === undefined || value === null || value === '') {
    if (fallback !== undefined) return fallback;
    fail('channel', `missing channel (one of ${CHANNELS.join(', ')})`);
  }
  if (!isChannel(value)) fail('channel', `unknown channel ${describe(value)} (expected one of ${CHANNELS.join(', ')})`);
  return value;
}

function checkTurns(value: unknown, roles: ValidateOptions['roles'], fail: Fail): Turn[] {
  if (value === undefined) fail('turns', 'missing turns');
  if (!Array.isArray(value)) fail('turns', `turns must be an array, got ${describe(value)}`);
  if (value.length === 0) fail('turns', 'conversation has no turns');
  return value.map((turn: unknown, i) => checkTurn(turn, `turns[${i}]`, roles, fail));
}

function checkTurn(value: unknown, path: string, roles: ValidateOptions['roles'], fail: Fail): Turn {
  if (!isPlainObject(value)) fail(path, `turn must be an object, got ${describe(value)}`);
  const roleValue = value['role'];
  if (roleValue === undefined || roleValue === '') fail(`${path}.role`, 'missing role');
  if (typeof roleValue !== 'string') fail(`${path}.role`, `role must be a string, got ${describe(roleValue)}`);
  const role = normaliseRole(roleValue, roles);
  if (role === undefined) fail(`${path}.role`, `unknown role ${JSON.stringify(roleValue)}`);

  const text = value['text'];
  if (text === undefined) fail(`${path}.text`, 'missing text');
  if (typeof text !== 'string') fail(`${path}.text`, `text must be a string, got ${describe(text)}`);
  // Kept unchanged (whitespace and all): only a turn with nothing to read is rejected.
  if (text.trim() === '') fail(`${path}.text`, 'empty text');

  const turn: Turn = { role, text };
  const ts = optionalTime(value['ts'], `${path}.ts`, fail);
  if (ts !== undefined) turn.ts = ts;
  const start = optionalSeconds(value['start'], `${path}.start`, fail);
  if (start !== undefined) turn.start = start;
  const end = optionalSeconds(value['end'], `${path}.end`, fail);
  if (end !== undefined) {
    if (start !== undefined && end < start) fail(`${path}.end`, `end ${end} is before start ${start}`);
    turn.end = end;
  }
  return turn;
}

const HUNG_UP_BY = ['agent', 'customer', 'system'] as const;

function checkCall(value: unknown, fail: Fail): CallInfo {
  if (!isPlainObject(value)) fail('call', `call must be an object, got ${describe(value)}`);
  const call: CallInfo = {};
  for (const field of ['rings', 'holdSeconds', 'afterCallWorkSeconds', 'queueSeconds'] as const) {
    const seconds = optionalSeconds(value[field], `call.${field}`, fail);
    if (seconds !== undefined) call[field] = seconds;
  }
  if (call.rings !== undefined && !Number.isInteger(call.rings)) fail('call.rings', `rings must be a whole number, got ${call.rings}`);
  const hungUpBy = value['hungUpBy'];
  if (hungUpBy !== undefined) {
    if (!(HUNG_UP_BY as readonly unknown[]).includes(hungUpBy)) {
      fail('call.hungUpBy', `hungUpBy must be one of ${HUNG_UP_BY.join(', ')}, got ${describe(hungUpBy)}`);
    }
    call.hungUpBy = hungUpBy as CallInfo['hungUpBy'];
  }
  return call;
}

function optionalString(value: unknown, field: string, fail: Fail): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(field, `${field} must be a string, got ${describe(value)}`);
  return value;
}

/** A wall-clock time: any string Date.parse understands, kept as written. */
function optionalTime(value: unknown, field: string, fail: Fail): string | undefined {
  const text = optionalString(value, field, fail);
  if (text === undefined) return undefined;
  if (Number.isNaN(Date.parse(text))) fail(field, `unparseable time ${JSON.stringify(text)}`);
  return text;
}

function optionalSeconds(value: unknown, field: string, fail: Fail): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') fail(field, `${field} must be a number of seconds, got ${describe(value)}`);
  if (!Number.isFinite(value) || value < 0) fail(field, `${field} must be a non-negative number, got ${value}`);
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
