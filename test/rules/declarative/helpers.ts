import { compileDeclarativeRules } from '../../../src/rules/declarative/compile.js';
import type { CallInfo, Conversation, Role, Turn } from '../../../src/conversation/model.js';
import type { RuleDefinition } from '../../../src/engine/types.js';

/** Compile one declarative rule with test meta around the given fields. */
export function rule(fields: Record<string, unknown>): RuleDefinition {
  const [compiled] = compileDeclarativeRules(
    [{ id: 'test-rule', description: '测试规则', category: 'scenario', kefuAddition: '测试用', message: '违规', ...fields }],
    'test',
  );
  return compiled!;
}

const ROLES: Record<string, Role> = { A: 'agent', C: 'customer', B: 'bot', S: 'system' };

/** A call transcript with start/end offsets: [role, start, end, text]. */
export function call(lines: Array<[string, number, number, string]>, info?: CallInfo, id = 'call'): Conversation {
  const turns: Turn[] = lines.map(([r, start, end, text]) => ({ role: ROLES[r]!, text, start, end }));
  const conversation: Conversation = { id, channel: 'call', startedAt: '2026-03-02T09:00:00+08:00', turns };
  if (info) conversation.call = info;
  return conversation;
}
