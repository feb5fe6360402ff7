import Type from 'typebox';
import { defineRule } from '../engine/types.js';

export const responseTime = defineRule<{ maxSeconds: number }>({
  meta: {
    id: 'response-time',
    description: '客户发言后客服须在规定时间内（默认 60 秒）回复',
    category: 'timing',
    defaultSeverity: 'warn',
    channels: ['chat'],
    scope: 'conversation',
    realtime: false,
    source: { file: '001_5e0dc45b1c803e24.txt', section: '二、业务技能', quote: '所有客服必须做到60秒内答复' },
    optionsSchema: Type.Object(
      { maxSeconds: Type.Number({ exclusiveMinimum: 0, description: '最长回复间隔（秒）' }) },
      { additionalProperties: false },
    ),
    messages: {
      slow: '客户发言后 {{seconds}} 秒才回复，超过 {{max}} 秒的要求',
    },
  },
  defaultOptions: { maxSeconds: 60 },
  create(context) {
    return {
      conversationStart() {
        if (!context.view.timed) context.notApplicable('会话没有时间戳，无法计算回复间隔');
      },
      conversationEnd() {
        const turns = context.view.turns;
        // The clock starts at the first customer message after an agent reply (or the start)
        // and stops at the next agent message: consecutive customer messages do not reset it.
        let waitingSince: number | undefined;
        for (const t of turns) {
          if (t.role === 'customer') {
            waitingSince ??= t.time;
          } else if (t.role === 'agent') {
            if (waitingSince !== undefined && t.time !== undefined) {
              const seconds = Math.round(t.time - waitingSince);
              if (seconds > context.options.maxSeconds) {
                context.report({
                  turn: t.index,
                  messageId: 'slow',
                  data: { seconds, max: context.options.maxSeconds },
                  suggestion: '亲，很抱歉，让您久等了，非常感谢您的理解和支持',
                });
              }
            }
            waitingSince = undefined;
          }
        }
      },
    };
  },
});
