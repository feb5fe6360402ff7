import Type from 'typebox';
import { defineRule } from '../engine/types.js';

/**
 * 002: 「通常一次通話不應長於3分鐘」 is said of placing a call (打电话要选好时间…). Kefu applies it
 * to outbound calls (`conversation.meta.direction === 'outbound'`). An inbound call's length is
 * set by the caller's matter and judged in aggregate (ATT/AHT, 004 §6), so inbound calls — and
 * calls whose direction is unknown — are only judged when `inboundMaxSeconds` is set.
 */
export const callLength = defineRule<{ maxSeconds: number; inboundMaxSeconds: number | null }>({
  meta: {
    id: 'call-length',
    description: '打出电话一次通话不应长于 3 分钟（接听电话的时长另设上限，默认不判）',
    category: 'phone',
    defaultSeverity: 'warn',
    channels: ['call'],
    scope: 'conversation',
    realtime: false,
    source: { file: '002_ce8742f866afbada.txt', section: '一、客服電話禮儀 / 講究藝術', quote: '通常一次通話不應長于3分鐘' },
    optionsSchema: Type.Object(
      {
        maxSeconds: Type.Number({ exclusiveMinimum: 0, description: '打出电话最长时长（秒，002：180）' }),
        inboundMaxSeconds: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Null()], { description: '接听电话最长时长（秒）；null 表示不判' }),
      },
      { additionalProperties: false },
    ),
    messages: {
      long: '通话时长 {{duration}}，超过 {{max}} 的要求',
    },
  },
  defaultOptions: { maxSeconds: 180, inboundMaxSeconds: null },
  create(context) {
    return {
      conversationEnd() {
        const outbound = context.conversation.meta?.['direction'] === 'outbound';
        const max = outbound ? context.options.maxSeconds : context.options.inboundMaxSeconds;
        if (max === null) {
          context.notApplicable('接听电话默认不限时长（002 的 3 分钟说的是打出电话）');
          return;
        }
        const turns = context.conversation.turns;
        const starts = turns.map((t) => t.start);
        if (turns.length === 0 || starts.some((s) => s === undefined)) {
          context.notApplicable('通话没有逐句的起止时间');
          return;
        }
        const begin = Math.min(...(starts as number[]));
        const endOf = (i: number) => turns[i]!.end ?? turns[i]!.start!;
        const duration = Math.max(...turns.map((_, i) => endOf(i))) - begin;
        if (duration <= max) return;
        // Anchor on the turn during which the call passed the limit.
        let anchor = turns.length - 1;
        for (let i = 0; i < turns.length; i++) {
          if (endOf(i) - begin > max) {
            anchor = i;
            break;
          }
        }
        context.report({ turn: anchor, messageId: 'long', data: { duration: mmss(duration), max: mmss(max) } });
      },
    };
  },
});

function mmss(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}分${String(s % 60).padStart(2, '0')}秒`;
}
