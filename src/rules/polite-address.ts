import Type from 'typebox';
import { defineRule } from '../engine/types.js';
import { insideQuote } from './lib/text-context.js';

/** Words with 你 that do not address anyone (迷你 = mini). */
const NOT_ADDRESS = ['迷你', '你我他', '你追我赶', '你来我往', '你争我夺', '你死我活', '你好'];
/** Words with 亲 that are not the e-commerce address 亲 (亲自, 父亲…). */
const QIN_WORDS = /(亲自|亲手|亲眼|亲耳|亲身|亲口|亲临|亲戚|亲人|亲属|亲友|亲朋|亲情|亲子|亲生|亲近|亲切|亲密|亲和|亲民|亲肤|亲测|亲吻|亲笔|亲历|亲王|父亲|母亲|双亲|乡亲|探亲|相亲|省亲|亲亲热热|亲爱的用户)/g;
/** 亲 / 亲亲 / 亲爱的 / 亲爱哒 used to address the customer. */
const QIN_ADDRESS = /亲爱[的哒滴]?|亲亲|亲/g;

export interface PoliteAddressOptions {
  /** Also flag the set greeting 你好 (default: tolerated, 002 prescribes 「你好！我是某某某」). */
  flagNiHao: boolean;
}

/**
 * 001: 对客户称呼使用「您」. Every 你 / 你们 / 妳 an agent writes to the customer is reported with the
 * 您 form as the suggestion. Decisions:
 * - 你们 addressing the customer's side (你们公司, 你们那边) is still the 你 form: report it and
 *   suggest 您 / 贵公司 (您们 is not standard Chinese).
 * - Quotations (“你说什么”, 「你好！我是某某某」) are not the agent addressing anyone: skipped.
 * - The set greeting 你好 is tolerated by default: 002 itself prescribes 「你好！我是某某某」 and
 *   「你好！」 to residents; `flagNiHao: true` reports it too. 迷你 (mini) is not an address.
 * - 亲 / 亲亲 / 亲爱的: an accepted address only where the standard allows it (settings.allowQin, the
 *   e-commerce presets, 001's own 「亲，您好」); elsewhere reported with 您 / 先生 / 女士 as the suggestion.
 */
export const politeAddress = defineRule<PoliteAddressOptions>({
  meta: {
    id: 'polite-address',
    description: '称呼客户用「您」，不用「你」（亲/亲爱的仅在允许的标准下使用）',
    category: 'courtesy',
    defaultSeverity: 'warn',
    channels: ['chat', 'call', 'email'],
    scope: 'turn',
    realtime: true,
    source: [
      { file: '001_5e0dc45b1c803e24.txt', section: '礼仪知识 / 规范用语', quote: '规范用语:礼貌问候,称呼:对客户称呼使用“您”,让顾客感觉热情,不是很生硬旳话语,做到亲昵称呼,自然亲切;' },
      { file: '002_ce8742f866afbada.txt', section: '一、客服電話禮儀 / 確認對方', quote: '接到對方打來的電話,您拿起聽筒應首先自我介紹:“你好!我是某某某。”' },
    ],
    optionsSchema: Type.Object(
      { flagNiHao: Type.Boolean({ description: '是否也把问候语「你好」报为不礼貌称呼（默认不报：002 的示范用语为「你好！我是某某某」）' }) },
      { additionalProperties: false },
    ),
    messages: {
      ni: '称呼客户应使用「您」，不用「{{text}}」',
      nimen: '称呼客户一方应使用「您」或「贵公司/您那边」，不用「{{text}}」',
      qin: '按本标准不以「{{text}}」称呼客户，应使用「您」或「先生/女士」',
    },
  },
  defaultOptions: { flagNiHao: false },
  create(context) {
    const allowQin = context.settings.allowQin;
    return {
      turn(t) {
        if (t.role !== 'agent') return;
        const norm = t.norm.text;
        if (!norm.includes('你') && !norm.includes('妳') && (allowQin || !norm.includes('亲'))) return;
        // 妳 (Traditional, feminine) is the same 你 form: fold it so that 妳好 is the greeting too.
        const text = norm.replace(/妳/g, '你');
        const skip: Array<[number, number]> = [];
        for (const word of NOT_ADDRESS) {
          if (word === '你好' && context.options.flagNiHao) continue;
          for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + word.length)) skip.push([i, i + word.length]);
        }
        const skipped = (i: number) => skip.some(([s, e]) => i >= s && i < e);
        // indexOf, not text[i]: reading a CJK character as a string allocates one.
        for (let i = text.indexOf('你'); i !== -1; i = text.indexOf('你', i + 1)) {
          if (skipped(i) || insideQuote(text, i)) continue;
          const plural = text[i + 1] === '们';
          const span = t.toOriginal(i, plural ? i + 2 : i + 1);
          const word = t.turn.text.slice(span.start, span.end);
          context.report({
            turn: t.index,
            ...span,
            messageId: plural ? 'nimen' : 'ni',
            data: { text: word },
            suggestion: '您',
          });
          if (plural) i++;
        }
        if (allowQin || !text.includes('亲')) return;
        const notQin = new Set<number>();
        for (const m of text.matchAll(QIN_WORDS)) for (let k = m.index; k < m.index + m[0].length; k++) notQin.add(k);
        for (const m of text.matchAll(QIN_ADDRESS)) {
          if (notQin.has(m.index) || insideQuote(text, m.index)) continue;
          const span = t.toOriginal(m.index, m.index + m[0].length);
          context.report({ turn: t.index, ...span, messageId: 'qin', data: { text: t.turn.text.slice(span.start, span.end) }, suggestion: '您' });
        }
      },
    };
  },
});
