import Type from 'typebox';
import { defineRule, type TurnView } from '../engine/types.js';
import type { PhraseHit } from '../text/matcher.js';
import { clauseEnd, clauseStart, inCondition, inQuestion, insideQuote, isClauseEnd, PARTICLES } from './lib/text-context.js';

/**
 * Forbidden phrases (服务禁语) and the context that makes a listed word harmless.
 *
 * What is a violation (judged on agent turns only):
 * - ignorance about the customer's matter: 不知道 / 不清楚 / 不明白 / 不懂 (004 §1, 001 不懂得), and their
 *   plain synonyms 不了解 / 不晓得 / 不太清楚… — unless the same turn apologises AND offers to find out
 *   (004 phrases 17, 18, 24–27: 对不起，我不太清楚，但我可以帮您问一问);
 * - a refusal with 不行 / 不可以 (001: 如做不到，则可委婉回绝，严禁出现…不行等词语), even with an apology
 *   (很抱歉，这个不行的 is still one): the standard's own refusal is 很抱歉，恐怕我不能帮助您 (004 §29);
 * - the helpless 没办法 said bare (我也没办法, 这个小妹真没办法, 没有办法的): 004 §15 lists 「喂，我也沒辦法」.
 *   Followed by a verb (没办法为您修改) it says what 不能 says, which the standard itself uses, so it is
 *   not a forbidden phrase; nor are 不能 / 无法 / 没法 / 不确定, which the seeds do not list;
 * - 喂 as a hail (喂，您好 / 喂？/ 喂，说话呀), decided by position: at the start of the turn or after
 *   sentence punctuation, and followed by punctuation, the end, or 您/你/说/哪/请/喂/听/在;
 * - the wrong replies the seeds list word for word (004 §3, §7): 不可能的吧, 不可以，完全不可以, 这不关我的事,
 *   我是新手啦, 嘴巴干净一点, 你没听懂, 这不是我们的责任，我们规定，您不懂，您错了 (and close variants).
 *
 * What is not: the word inside a condition (如果重启后依然不行, 不可以的话), a question to the customer
 * (您看这样行不行? 还是不行吗?), the customer's situation (在您不知道的情况下, 有不明白的地方随时联系),
 * the polite "I wonder" (不知道您是在什么程序里…), a quotation (“…”), and other words (喂狗, 哎哟喂,
 * 新手机, 看不清楚). A bare "不懂？" thrown back at the customer is lecturing and stays a violation.
 *
 * Real-time safe: phrase hits from the shared automaton plus character context; no jieba.
 */

type Kind = 'ignorance' | 'refusal' | 'helpless' | 'hail' | 'lecture' | 'blame' | 'script';

const IGNORANCE = ['不知道', '不清楚', '不明白', '不懂', '不了解', '不晓得', '不太清楚', '不是很清楚', '不太明白', '不是很明白', '不太懂', '不是很懂', '不太了解'];
const REFUSAL = ['不行', '不可以'];
const HELPLESS = ['没办法', '没有办法'];
const HAIL = ['喂'];

/** 004 §3 / §7 wrong replies, each with the standard line to use instead. */
const SCRIPTS: ReadonlyArray<{ phrase: string; kind: Kind; suggestion: string }> = [
  { phrase: '不可能的吧', kind: 'refusal', suggestion: '很抱歉，恐怕我不能帮助您' },
  { phrase: '完全不可以', kind: 'refusal', suggestion: '很抱歉，这超出我们的服务范围，恐怕我不能帮助您' },
  { phrase: '不关我的事', kind: 'blame', suggestion: '对不起，给您添麻烦了，我会将您反映的问题如实上报负责人，并尽快核实处理' },
  { phrase: '不是我们的责任', kind: 'blame', suggestion: '对不起，给您添麻烦了，我会将您反映的问题如实上报负责人，并尽快核实处理' },
  { phrase: '又不是我的错', kind: 'blame', suggestion: '对不起，请问有什么可以帮助您？' },
  { phrase: '我们规定', kind: 'blame', suggestion: '对不起，公司有规定，还请您谅解' },
  { phrase: '您错了', kind: 'blame', suggestion: '对不起，可能是我们没有解释清楚，我再为您说明一下' },
  { phrase: '你错了', kind: 'blame', suggestion: '对不起，可能是我们没有解释清楚，我再为您说明一下' },
  { phrase: '您不懂', kind: 'lecture', suggestion: '请问我还有哪些地方说得不够清楚，我可以再说一遍' },
  { phrase: '你不懂', kind: 'lecture', suggestion: '请问我还有哪些地方说得不够清楚，我可以再说一遍' },
  { phrase: '你没听懂', kind: 'lecture', suggestion: '请问我还有哪些地方说得不够清楚，我可以再说一遍' },
  { phrase: '您没听懂', kind: 'lecture', suggestion: '请问我还有哪些地方说得不够清楚，我可以再说一遍' },
  { phrase: '听懂了吧', kind: 'lecture', suggestion: '请问我刚才的解释您是否明白？' },
  { phrase: '我是新手', kind: 'script', suggestion: '对不起，让您久等了，我将尽快帮您处理' },
  { phrase: '嘴巴干净一点', kind: 'blame', suggestion: '对不起，请问有什么可以帮助您？' },
  { phrase: '嘴巴放干净', kind: 'blame', suggestion: '对不起，请问有什么可以帮助您？' },
];
const SCRIPT_BY_PHRASE = new Map(SCRIPTS.map((s) => [s.phrase, s]));

/** Contexts in which a listed word is another word or the customer's situation. */
export const ALLOWED_CONTEXTS = [
  // 喂 as a verb or an exclamation
  '喂养', '喂食', '喂奶', '喂药', '喂狗', '喂猫', '喂鱼', '喂饱', '喂饭', '投喂', '哎哟喂', '哎呦喂', '哎呀喂', '我的天喂',
  // the customer's situation or an invitation to ask
  '不知道的情况', '不知情的情况', '有不明白', '有不清楚', '有不懂', '有不了解', '什么不明白', '什么不清楚', '什么不懂', '什么不了解',
  '哪里不懂', '哪里不明白', '哪里不清楚', '哪些不明白', '不懂的地方', '不明白的地方', '不清楚的地方', '不了解的地方', '不懂的可以', '不明白的可以',
  // the polite "I wonder…" question
  '不知道您', '不知道你', '不知道亲', '不知道是否', '不知道能否', '不知道可否', '不知道有没有', '不知道是不是', '不知道方不方便', '不知道什么', '不知道怎么', '不知道哪',
  // perception, not ignorance
  '看不清楚', '听不清楚', '看不太清楚', '听不太清楚', '显示不清楚', '拍不清楚', '写不清楚',
  // a question (A-not-A) or another word
  '可不可以', '行不行', '不行动', '不行驶', '不行为', '实在不行', '新手机', '新手表',
];

/** An apology and an offer to find out: together the standard's polite form of not knowing. */
const APOLOGY = /(对不起|抱歉|不好意思|歉意)/;
const OFFER = /(帮您问|问一问|问问|问一下|打听|帮您查|为您查|给您查|查一下|查询一下|核实|帮您咨询|为您咨询|找别人|找同事|别的同事|其他同事|请教|帮您确认|为您确认|反馈给|帮您反馈|为您反馈|帮您联系|为您联系|转给|转交|上报|答复您|回复您)/;

const SUGGESTION: Record<Kind, string> = {
  ignorance: '对不起，我不太清楚，但我可以帮您问一问',
  refusal: '很抱歉，恐怕我不能帮助您',
  helpless: '很抱歉，恐怕我不能帮助您',
  hail: '您好，请问有什么可以帮助您？',
  lecture: '请问我还有哪些地方说得不够清楚，我可以再说一遍',
  blame: '对不起，给您添麻烦了，我会将您反映的问题如实上报负责人，并尽快核实处理',
  script: '请改用标准礼貌用语',
};

/** Characters after which 喂 is a hail (the call opener). */
const AFTER_HAIL = /[您你说哪请喂听在有是]/;

export interface ForbiddenPhraseOptions {
  /** More phrases that are always forbidden (matched like the seed scripts: only quotes exempt them). */
  extraPhrases: string[];
  /** More contexts that make a listed word harmless (a hit inside one of these is not reported). */
  allowedContexts: string[];
}

export const forbiddenPhrase = defineRule<ForbiddenPhraseOptions>({
  meta: {
    id: 'forbidden-phrase',
    description: '服务禁语：不可回答「喂、不知道、不清楚、不明白、不行」，不可推诿、指责或教训客户',
    category: 'forbidden',
    defaultSeverity: 'error',
    channels: ['chat', 'call', 'email'],
    scope: 'turn',
    realtime: true,
    source: [
      { file: '004_753ea7082ac4ddd9.txt', section: '1. 電話客服用語 / 服務中心標准禮貌用語', quote: '任何情況下都不可回答:喂、不知道、不清楚、不明白。當要用「不」字,應立即用其它禮貌用語代替。' },
      { file: '001_5e0dc45b1c803e24.txt', section: '二、业务技能', quote: '对客户提出旳规定及问题,尽量满足,如做不到,则可委婉回绝,严禁浮现“不懂得、不行”等词语。' },
      { file: '004_753ea7082ac4ddd9.txt', section: '3. 客服中心服務規范有那些用語 §15', quote: '不可以說:「喂,我也沒辦法,剛才線路忙啊!」' },
      { file: '004_753ea7082ac4ddd9.txt', section: '3. 客服中心服務規范有那些用語 §29', quote: '不可以說:「喂,不可能的吧。」或「不可以,完全不可以!」' },
      { file: '004_753ea7082ac4ddd9.txt', section: '3. 客服中心服務規范有那些用語 §19', quote: '不可以說:「喂,這不關我的事,我不清楚,您打××電話吧。」' },
      { file: '004_753ea7082ac4ddd9.txt', section: '3. 客服中心服務規范有那些用語 §16', quote: '不可以說:「喂,嘴巴干凈一點,這又不是我的錯呀!」' },
      { file: '004_753ea7082ac4ddd9.txt', section: '3. 客服中心服務規范有那些用語 §17', quote: '不可以說:「喂,不好意思,我是新手啦!」' },
      { file: '004_753ea7082ac4ddd9.txt', section: '1. 電話客服用語 / 常用禮貌用語 13', quote: '(勿用:你沒聽懂,我再說一遍。)' },
      { file: '004_753ea7082ac4ddd9.txt', section: '7. 電器類的售後服務用語', quote: '永遠不要說:這不是我們的責任,我們規定,您不懂,您錯了! 等等' },
      { file: '004_753ea7082ac4ddd9.txt', section: '1. 電話客服用語 / 常用禮貌用語 18', quote: '18. 對不起,我不太清楚,但我可以幫您問一問.' },
    ],
    optionsSchema: Type.Object(
      {
        extraPhrases: Type.Array(Type.String({ minLength: 1 }), { description: '额外的禁语（出现即违规，引号内除外）' }),
        allowedContexts: Type.Array(Type.String({ minLength: 1 }), { description: '额外的豁免语境：禁语出现在这些词语之内时不算违规' }),
      },
      { additionalProperties: false },
    ),
    messages: {
      ignorance: '服务禁语「{{phrase}}」：不能对客户说不知道/不清楚；应致歉并主动帮客户问一问、查一查',
      refusal: '服务禁语「{{phrase}}」：做不到时应委婉回绝，不能说不行/不可以',
      helpless: '服务禁语「{{phrase}}」：不能以「没办法」推脱，应委婉说明并给出可行的办法',
      hail: '服务禁语「{{phrase}}」：不能以「喂」招呼客户',
      lecture: '服务禁语「{{phrase}}」：不能教训客户没听懂，应询问哪里没说清楚',
      blame: '服务禁语「{{phrase}}」：不能推诿、指责客户',
      script: '服务禁语「{{phrase}}」',
    },
    docs:
      'Judges agent turns only. 不知道/不清楚/不明白/不懂/不行/不可以 are violations as the agent\'s own statement; not inside a condition, ' +
      'a question, the customer\'s situation, a polite "不知道您…" question or a quote. Ignorance is excused only by an apology plus an offer to find out ' +
      '(004 phrases 17, 18, 24–27). 没办法 is forbidden only bare (004 §15 「我也沒辦法」); 没办法+verb, 不能, 无法, 没法 are not listed by the seeds. ' +
      '喂 is a hail by position and punctuation (no jieba: real-time safe). settings.phraseLists.forbidden adds phrases.',
  },
  defaultOptions: { extraPhrases: [], allowedContexts: [] },
  phrases: ({ options, settings }) => ({
    ignorance: IGNORANCE,
    refusal: REFUSAL,
    helpless: HELPLESS,
    hail: HAIL,
    script: SCRIPTS.map((s) => s.phrase),
    extra: [...options.extraPhrases, ...(settings.phraseLists['forbidden'] ?? [])],
    allowed: [...ALLOWED_CONTEXTS, ...options.allowedContexts],
  }),
  create(context) {
    return {
      turn(t) {
        // Every finding is one of this rule's phrases: most replies hold none.
        if (t.role !== 'agent' || !t.hasHits) return;
        const text = t.norm.text;
        const allowed = t.hits('allowed');
        const covered = (h: PhraseHit) => allowed.some((a) => a.start <= h.start && a.end >= h.end);
        const candidates: Array<{ hit: PhraseHit; kind: Kind; suggestion: string }> = [];
        for (const hit of t.hits()) {
          if (hit.group === 'allowed') continue;
          if (insideQuote(text, hit.start)) continue;
          const verdict = judge(t, hit, covered(hit));
          if (verdict) candidates.push({ hit, ...verdict });
        }
        // Longest first so a script (完全不可以) wins over the word inside it (不可以); then no overlaps.
        candidates.sort((a, b) => b.hit.end - b.hit.start - (a.hit.end - a.hit.start) || a.hit.start - b.hit.start);
        const taken: Array<[number, number]> = [];
        const kept = candidates.filter(({ hit }) => {
          if (taken.some(([s, e]) => hit.start < e && hit.end > s)) return false;
          taken.push([hit.start, hit.end]);
          return true;
        });
        kept.sort((a, b) => a.hit.start - b.hit.start);
        for (const { hit, kind, suggestion } of kept) {
          const span = t.toOriginal(hit.start, hit.end);
          context.report({
            turn: t.index,
            ...span,
            messageId: kind,
            data: { phrase: t.turn.text.slice(span.start, span.end) },
            suggestion,
          });
        }
      },
    };
  },
});

function judge(t: TurnView, hit: PhraseHit, isAllowed: boolean): { kind: Kind; suggestion: string } | undefined {
  const text = t.norm.text;
  switch (hit.group) {
    case 'extra':
      return { kind: 'script', suggestion: SUGGESTION.script };
    case 'script': {
      const s = SCRIPT_BY_PHRASE.get(hit.phrase);
      return s ? { kind: s.kind, suggestion: s.suggestion } : { kind: 'script', suggestion: SUGGESTION.script };
    }
    case 'hail':
      if (isAllowed) return undefined;
      return isHail(text, hit.start) ? { kind: 'hail', suggestion: SUGGESTION.hail } : undefined;
    case 'ignorance': {
      if (isAllowed) return undefined;
      // "不懂？" thrown back at the customer: lecturing, whatever the question form.
      if (isBareQuestion(text, hit)) return { kind: 'lecture', suggestion: SUGGESTION.lecture };
      if (inCondition(text, hit.start, hit.end) || inQuestion(text, hit.start, hit.end)) return undefined;
      if (APOLOGY.test(text) && OFFER.test(text)) return undefined;
      return { kind: 'ignorance', suggestion: SUGGESTION.ignorance };
    }
    case 'refusal':
      if (isAllowed || inCondition(text, hit.start, hit.end) || inQuestion(text, hit.start, hit.end)) return undefined;
      return { kind: 'refusal', suggestion: SUGGESTION.refusal };
    case 'helpless': {
      if (isAllowed || inCondition(text, hit.start, hit.end) || inQuestion(text, hit.start, hit.end)) return undefined;
      // Only the bare 没办法 (nothing I can do); 没办法+verb says what 不能 says.
      const rest = text.slice(hit.end, clauseEnd(text, hit.end));
      return PARTICLES.test(rest) ? { kind: 'helpless', suggestion: SUGGESTION.helpless } : undefined;
    }
    default:
      return undefined;
  }
}

/** 喂 at the start of a sentence, followed by punctuation, the end or a word of address/asking. */
function isHail(text: string, pos: number): boolean {
  const prev = pos === 0 ? undefined : text[pos - 1];
  if (!isClauseEnd(prev) && prev !== '"' && prev !== '“' && prev !== '「') return false;
  const next = text[pos + 1];
  return next === undefined || isClauseEnd(next) || next === '?' || next === '!' || AFTER_HAIL.test(next);
}

/** The clause is nothing but the word and a question mark: 不懂？ 不明白吗？ */
function isBareQuestion(text: string, hit: PhraseHit): boolean {
  const start = clauseStart(text, hit.start);
  const end = clauseEnd(text, hit.end);
  if (text.slice(start, hit.start).trim() !== '') return false;
  const tail = text.slice(hit.end, end);
  if (!/^[吗么嘛啊呀]*$/.test(tail)) return false;
  let i = end;
  while (text[i] === ' ') i++;
  return text[i] === '?' || /[吗么嘛]$/.test(tail);
}
