import Type from 'typebox';
import { defineRule } from '../engine/types.js';

/** Unicode emoji (pictographs, faces, hearts…). */
const EMOJI = /\p{Extended_Pictographic}/u;
/** Weibo / Taobao / QQ emoticon codes: [呵呵] [抱抱] [玫瑰] /:^_^ — not anonymisation tokens like [数字x] or [订单x]. */
const EMOTICON_CODE = /\[([^\[\]\s\d]{1,5})\]/g;
const NOT_EMOTICON = /(x|X|链接|图片|附件|商品快照|删除|锁定|子|父原始|价保|语音|视频|文件|位置|名片)$/;
/** Kaomoji and ASCII smileys: ^_^ (*^__^*) O(∩_∩)O >_< T_T =_= :) ;-) :D ^^ ^o^ (╯▽╰) ε٩(๑> ₃ <)۶. */
const KAOMOJI = /(\^[_\-.oωvー▽]*\^)|([>＞][_\-.]*[<＜])|(T[_\-]T)|(=[_\-]=)|(∩[_\-]∩)|([:;][-']?[)(DPp])|([╯╰].{0,3}[╯╰])|([๑ω▽])|(#E[-\w]*)|(\/:[\w^]+)/;

/** The only code units where an Extended_Pictographic character occurs (surrogates: beyond the BMP). */
const PICTOGRAPH_RANGES = /[\u00a9\u00ae\u203c-\u2b55\u3030\u303d\u3297\u3299\ud800-\udfff]/;

/**
 * Whether `text` may hold an Extended_Pictographic character. Most replies have none, and this
 * plain character class is far cheaper than the Unicode-property regex over Chinese text.
 */
export function mayHavePictograph(text: string): boolean {
  return PICTOGRAPH_RANGES.test(text);
}

export function hasEmoticon(text: string, countTilde: boolean): boolean {
  if ((mayHavePictograph(text) && EMOJI.test(text)) || KAOMOJI.test(text)) return true;
  if (text.includes('[')) for (const m of text.matchAll(EMOTICON_CODE)) if (!NOT_EMOTICON.test(m[1]!)) return true;
  return countTilde && /[~～]/.test(text);
}

export interface EmojiPerMessageOptions {
  /** Each run of this many consecutive agent messages must carry at least one emoticon (001: every one). */
  everyN: number;
  /** Count a tilde (~) as an emoticon (off: it is a tone mark, not a face). */
  countTilde: boolean;
}

/**
 * 001 (e-commerce): 每句聊天中必需要有表情. Each agent chat message carries an emoticon: a Unicode
 * emoji, a platform emoticon code ([呵呵], [抱抱], JD's #E-s…), or a kaomoji/smiley (^_^, O(∩_∩)O, :) ).
 * A bare ~ is a tone mark, not an emoticon (option `countTilde`). `everyN` relaxes the requirement
 * to one emoticon per N consecutive agent messages; the finding is anchored on the Nth message
 * without one. Only the e-commerce preset enables this rule.
 */
export const emojiPerMessage = defineRule<EmojiPerMessageOptions>({
  meta: {
    id: 'emoji-per-message',
    description: '电商在线客服每句聊天须带表情（可放宽为每 N 句至少一个）',
    category: 'format',
    defaultSeverity: 'warn',
    channels: ['chat'],
    scope: 'turn',
    realtime: true,
    source: { file: '001_5e0dc45b1c803e24.txt', section: '二、业务技能', quote: '每句聊天中必需要有表情,有些尴尬、难以回答旳问题则需要表情来替代旳;' },
    optionsSchema: Type.Object(
      {
        everyN: Type.Integer({ minimum: 1, maximum: 20, description: '每连续几句客服消息至少带一个表情（001：每句）' }),
        countTilde: Type.Boolean({ description: '是否把「~」算作表情（默认否：它是语气符号）' }),
      },
      { additionalProperties: false },
    ),
    messages: {
      missing: '聊天消息没有表情（001：每句聊天中必需要有表情）',
      missingN: '连续 {{n}} 句聊天消息都没有表情',
    },
  },
  defaultOptions: { everyN: 1, countTilde: false },
  create(context) {
    const { everyN, countTilde } = context.options;
    let without = 0;
    return {
      turn(t) {
        if (t.role !== 'agent') return;
        if (t.turn.text.trim() === '') return;
        if (hasEmoticon(t.turn.text, countTilde)) {
          without = 0;
          return;
        }
        without++;
        if (without < everyN) return;
        without = 0;
        context.report({
          turn: t.index,
          messageId: everyN === 1 ? 'missing' : 'missingN',
          data: { n: everyN },
          suggestion: `${t.turn.text.trimEnd()} ^_^`,
        });
      },
    };
  },
});
