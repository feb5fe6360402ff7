import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/conversation/errors.js';
import { normaliseRole, toConversation } from '../../src/conversation/validate.js';

const loc = { file: 'in.jsonl', line: 7 };
const turn = { role: 'agent', text: '您好' };

/** The InputError toConversation throws for `raw`. */
function errorOf(raw: unknown): InputError {
  try {
    toConversation(raw, loc);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('normaliseRole', () => {
  it('maps Simplified, Traditional and English labels, case-insensitively', () => {
    expect(['客服', '坐席', '座席', 'Agent', ' staff '].map((r) => normaliseRole(r))).toEqual(Array(5).fill('agent'));
    expect(['客户', '客戶', '顾客', '顧客', '用户', '買家', 'USER'].map((r) => normaliseRole(r))).toEqual(Array(7).fill('customer'));
    expect(['机器人', '機器人', 'bot'].map((r) => normaliseRole(r))).toEqual(['bot', 'bot', 'bot']);
    expect(['系统', '系統', 'System'].map((r) => normaliseRole(r))).toEqual(['system', 'system', 'system']);
    expect(normaliseRole('店长')).toBeUndefined();
  });

  it('lets extra labels override the defaults', () => {
    expect(normaliseRole('小王', { 小王: 'agent' })).toBe('agent');
    expect(normaliseRole('用户', { 用户: 'bot' })).toBe('bot');
  });
});

describe('toConversation', () => {
  it('keeps text unchanged and copies optional fields', () => {
    const conversation = toConversation(
      {
        id: 'c-1',
        channel: 'call',
        agentId: 'a',
        customerId: 'c',
        teamId: 't',
        startedAt: '2024-05-01T09:00:00+08:00',
        call: { rings: 3, hungUpBy: 'agent' },
        turns: [{ role: '坐席', text: '  您好，很高兴为您服务 ', start: 0, end: 1 }],
        meta: { k: 1 },
      },
      loc,
    );
    expect(conversation).toEqual({
      id: 'c-1',
      channel: 'call',
      agentId: 'a',
      customerId: 'c',
      teamId: 't',
      startedAt: '2024-05-01T09:00:00+08:00',
      call: { rings: 3, hungUpBy: 'agent' },
      turns: [{ role: 'agent', text: '  您好，很高兴为您服务 ', start: 0, end: 1 }],
      meta: { k: 1 },
    });
  });

  it.each([
    [[], undefined, 'expected a conversation object, got an array'],
    [{ id: 7, channel: 'chat', turns: [turn] }, 'id', 'id must be a non-empty string, got number 7'],
    [{ id: ' ', channel: 'chat', turns: [turn] }, 'id', 'id must be a non-empty string, got " "'],
    [{ id: 'x', channel: 'chat' }, 'turns', 'missing turns'],
    [{ id: 'x', channel: 'chat', turns: {} }, 'turns', 'turns must be an array, got an object'],
    [{ id: 'x', channel: 'chat', turns: [] }, 'turns', 'conversation has no turns'],
    [{ id: 'x', channel: 'chat', turns: ['您好'] }, 'turns[0]', 'turn must be an object, got "您好"'],
    [{ id: 'x', channel: 'chat', turns: [{ text: '您好' }] }, 'turns[0].role', 'missing role'],
    [{ id: 'x', channel: 'chat', turns: [{ role: 1, text: '您好' }] }, 'turns[0].role', 'role must be a string, got number 1'],
    [{ id: 'x', channel: 'chat', turns: [{ ...turn, start: Number.NaN }] }, 'turns[0].start', 'turns[0].start must be a non-negative number, got NaN'],
    [{ id: 'x', channel: 'chat', turns: [{ ...turn, start: '3' }] }, 'turns[0].start', 'turns[0].start must be a number of seconds, got "3"'],
    [{ id: 'x', channel: 'chat', turns: [turn], startedAt: 'soon' }, 'startedAt', 'unparseable time "soon"'],
    [{ id: 'x', channel: 'chat', turns: [turn], agentId: 42 }, 'agentId', 'agentId must be a string, got number 42'],
    [{ id: 'x', channel: 'call', turns: [turn], call: { rings: 1.5 } }, 'call.rings', 'rings must be a whole number, got 1.5'],
    [{ id: 'x', channel: 'call', turns: [turn], call: { holdSeconds: -3 } }, 'call.holdSeconds', 'call.holdSeconds must be a non-negative number, got -3'],
    [{ id: 'x', channel: 'call', turns: [turn], call: { hungUpBy: 'bot' } }, 'call.hungUpBy', 'hungUpBy must be one of agent, customer, system, got "bot"'],
    [{ id: 'x', channel: 'chat', turns: [turn], meta: 'note' }, 'meta', 'meta must be an object, got "note"'],
  ])('rejects %j at field %s', (raw, field, reason) => {
    const error = errorOf(raw);
    expect(error.location.field).toBe(field);
    expect(error.reason).toBe(reason);
    expect(error.message.startsWith('in.jsonl, line 7')).toBe(true);
  });

  it('points a turn error at the turn line when turn lines are known', () => {
    let error: InputError | undefined;
    try {
      toConversation({ id: 'x', channel: 'chat', turns: [turn, { role: 'agent', text: '\u3000' }] }, loc, { turnLines: [10, 12] });
    } catch (err) {
      error = err as InputError;
    }
    expect(error?.message).toBe('in.jsonl, line 12, conversation x, field turns[1].text: empty text');
  });
});
