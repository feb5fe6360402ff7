import { defineRule } from '../engine/types.js';

/** Interjections that carry no content (001: 嗯，啊，哦等单字语言), with their common variants. */
export const FILLER_CHARS = '嗯恩啊哦噢喔呃额唔哇嗷';
const FILLER_ONLY = new RegExp(`^[${FILLER_CHARS}]+[呢呐哪]?$`);
const ANY_FILLER = new RegExp(`[${FILLER_CHARS}]`);
/** Weibo emoticon codes ([呵呵]) and anonymisation tokens ([数字x]) are not words. */
const BRACKET_CODE = /\[[^\[\]\s]{1,8}\]/g;
/** Punctuation, symbols (emoji included), separators and joiners. */
const NOISE = /[\p{P}\p{S}\p{Z}\s\p{Extended_Pictographic}\u200d\ufe0f_~]/gu;

/** The words of a reply, without punctuation, emoji, emoticon codes and whitespace. */
export function contentOf(normalized: string): string {
  return normalized.replace(BRACKET_CODE, '').replace(NOISE, '');
}

/** A Chinese character that is neither an interjection nor the 呢 that may close one. */
const CONTENT_HAN = new RegExp(`[^${FILLER_CHARS}呢呐哪\\P{Script=Han}]`, 'u');

export function isFillerOnly(normalized: string): boolean {
  // Most replies hold no interjection at all, and most that do also hold a word (好的哦): no need to
  // strip them down first. Outside [codes], one such Chinese character settles it.
  if (!ANY_FILLER.test(normalized)) return false;
  if (!normalized.includes('[') && CONTENT_HAN.test(normalized)) return false;
  return FILLER_ONLY.test(contentOf(normalized));
}

/**
 * 001: 严禁出现「嗯，啊，哦」等单字语言及口头性的语言. An agent reply that is nothing but such
 * interjections (嗯, 嗯嗯, 恩, 哦哦, 呃……, 嗯呢) — punctuation, emoji, emoticon codes and
 * whitespace ignored — says nothing to the customer. A filler that opens a real answer
 * (嗯嗯，好的，马上为您查询) is not reported: the reply has content. Calls are judged too (002/004
 * also ask to avoid 嗯、这个、那么), which makes an ASR back-channel 嗯 a finding.
 */
export const fillerOnlyReply = defineRule({
  meta: {
    id: 'filler-only-reply',
    description: '客服回复不能只有「嗯、啊、哦」等语气词',
    category: 'courtesy',
    defaultSeverity: 'warn',
    channels: ['chat', 'call', 'email'],
    scope: 'turn',
    realtime: true,
    source: { file: '001_5e0dc45b1c803e24.txt', section: '二、业务技能', quote: '严禁浮现“嗯,啊,哦”等单字语言及口头性旳语言浮现。' },
    messages: {
      filler: '回复只有语气词「{{text}}」，应给出完整的答复（如：好的，我明白了，马上为您处理）',
    },
  },
  create(context) {
    return {
      turn(t) {
        if (t.role !== 'agent') return;
        if (!isFillerOnly(t.norm.text)) return;
        const original = t.turn.text;
        const start = original.length - original.trimStart().length;
        const end = original.trimEnd().length;
        context.report({
          turn: t.index,
          start,
          end,
          messageId: 'filler',
          data: { text: original.slice(start, end) },
          suggestion: '好的，我明白了，马上为您处理',
        });
      },
    };
  },
});
