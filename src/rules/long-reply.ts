import Type from 'typebox';
import { defineRule } from '../engine/types.js';

export interface LongReplyOptions {
  /** Longest message, in characters (whitespace not counted). */
  maxChars: number;
  /** Treat runs of two or more spaces as message boundaries (exports like JDDC join messages so). */
  splitOnDoubleSpace: boolean;
}

/**
 * 001: 如回答太长，宜分次回答. One chat message longer than `maxChars` characters (default 150, a
 * Kefu threshold: about what fits a chat bubble on a phone screen without scrolling) is reported;
 * the agent should send it as several short messages. Counted in characters (code points),
 * whitespace excluded. Exports that join several messages of one turn with runs of spaces are
 * split there first (`splitOnDoubleSpace`), so a turn of five short canned messages is not "long".
 */
export const longReply = defineRule<LongReplyOptions>({
  meta: {
    id: 'long-reply',
    description: '在线回复过长时宜分次回答（单条消息默认不超过 150 字）',
    category: 'format',
    defaultSeverity: 'warn',
    channels: ['chat'],
    scope: 'turn',
    realtime: true,
    // The requirement is 001's; the 150-character threshold is a Kefu addition (001 gives no number).
    source: { file: '001_5e0dc45b1c803e24.txt', section: '二、业务技能', quote: '如回答太长,宜分次回答' },
    optionsSchema: Type.Object(
      {
        maxChars: Type.Integer({ minimum: 20, description: '单条消息最多字数（不计空白）；默认 150 为 Kefu 补充的阈值（001 未给数字），约为手机上一个聊天气泡不需滚动的长度' }),
        splitOnDoubleSpace: Type.Boolean({ description: '把连续两个以上空格视为消息分隔（部分导出把一轮内的多条消息用空格连接）' }),
      },
      { additionalProperties: false },
    ),
    docs: 'Threshold: Kefu addition (001 says only 如回答太长,宜分次回答). Default 150 characters per message, whitespace excluded; runs of 2+ spaces split messages (JDDC joins a turn\'s messages so).',
    messages: {
      long: '单条回复 {{length}} 字，超过 {{max}} 字，宜分次回答',
    },
  },
  defaultOptions: { maxChars: 150, splitOnDoubleSpace: true },
  create(context) {
    const { maxChars, splitOnDoubleSpace } = context.options;
    return {
      turn(t) {
        if (t.role !== 'agent') return;
        const original = t.turn.text;
        // No segment can be longer than the whole turn.
        if (original.length <= maxChars) return;
        const boundary = splitOnDoubleSpace ? /\s{2,}|\n/g : /\n/g;
        let from = 0;
        const segments: Array<[number, number]> = [];
        for (const m of original.matchAll(boundary)) {
          segments.push([from, m.index]);
          from = m.index + m[0].length;
        }
        segments.push([from, original.length]);
        for (const [s, e] of segments) {
          const length = [...original.slice(s, e).replace(/\s+/g, '')].length;
          if (length <= maxChars) continue;
          const lead = original.slice(s, e).length - original.slice(s, e).trimStart().length;
          const trail = original.slice(s, e).length - original.slice(s, e).trimEnd().length;
          context.report({
            turn: t.index,
            start: s + lead,
            end: e - trail,
            messageId: 'long',
            data: { length, max: maxChars },
            suggestion: '把回答拆成几条简短的消息分次发送，每条说清一件事',
          });
        }
      },
    };
  },
});
