import Type from 'typebox';
import { defineRule, type TurnView } from '../engine/types.js';

/** Phrases that open a service conversation (extra ones come from settings.phraseLists.greeting). */
export const GREETING_PHRASES = [
  '早上好', '上午好', '中午好', '下午好', '晚上好', '早安', '午安',
  '欢迎光临', '欢迎光顾', '欢迎您', '欢迎来到', '欢迎咨询', '欢迎进店',
  '请讲', '请说',
];

/** 您好 / 你好 (002 accepts 「你好！我是某某某」), and ASR's 泥好 — but not 您好像 / 你好好. */
const HELLO = /(您|你|妳|泥)好(?![像象好看听用吃玩多久])/;
/** 很高兴为您服务 and its ASR slips: 很高兴您服务, 您好高兴服务, 很荣幸为您服务. */
const SERVICE = /(高兴|荣幸|乐意)(为|帮|给)?(您|你)?服务/;
/** An offer of help: 有什么可以帮您, 有什么问题我可以帮您处理或解决呢, 有什么需要小妹帮助的呢, 我能为您做什么. */
const OFFER = /((有|需要)(什么|啥|哪些)|能为您做|可以为您做|我能帮您|我可以帮您).{0,10}?(帮|效劳|服务|解答|处理|做)/;
/** An invitation to state the matter: 请问您遇到了什么问题, JD's 请问您是咨询之前的问题还是有其他的问题需要处理呢. */
const INVITE = /((遇到|碰到)了?(什么|啥)(问题|情况|困难))|咨询之前的问题|(有|是)(其他|其它|新)的?问题(需要|要)?(处理|咨询)/;
/** 还有什么可以帮您 is a closing offer; it opens a conversation only when the turn does not also say goodbye. */
const FAREWELL = /(再见|拜拜|祝您|感谢您对)/;

export function greets(t: TurnView, extra: boolean): boolean {
  const text = t.norm.text;
  if (extra || HELLO.test(text) || SERVICE.test(text) || INVITE.test(text)) return true;
  const offer = OFFER.exec(text);
  if (!offer) return false;
  const closingOffer = text[offer.index - 1] === '还' || /还(有|需要)/.test(text.slice(Math.max(0, offer.index - 2), offer.index + 2));
  return !closingOffer || !FAREWELL.test(text);
}

export const greeting = defineRule<{ firstTurns: number }>({
  meta: {
    id: 'greeting',
    description: '客服首句需问候客户或主动提供帮助（您好…请问有什么可以帮您）',
    category: 'opening',
    defaultSeverity: 'warn',
    channels: ['chat', 'call', 'email'],
    scope: 'conversation',
    realtime: false,
    source: [
      { file: '000_3b3867a82c4630c6.txt', section: '第一点 A', quote: '与顾客交流时客服人员应以“您好”开头,“请”字中间,“再见”或“谢谢”收尾' },
      { file: '004_753ea7082ac4ddd9.txt', section: '1. 電話客服用語', quote: '接聽電話第一句說:「您好!服務中心,請問有什麼可以幫您?」' },
      { file: '004_753ea7082ac4ddd9.txt', section: '3. 客服中心服務規范有那些用語 §1', quote: '1、問候語:「您好,申通***號很高興為您服務,請問有什麼可以幫助您!」' },
      { file: '001_5e0dc45b1c803e24.txt', section: '礼仪知识', quote: '作为客服你旳回答应当是“亲,您好,欢迎光顾,我是XX(店铺名)旳客服,不久乐为你服务!”' },
    ],
    optionsSchema: Type.Object(
      { firstTurns: Type.Integer({ minimum: 1, maximum: 5, description: '在客服的前几句内问候即可（电话 ASR 可能把第一句切成几段）' }) },
      { additionalProperties: false },
    ),
    messages: {
      missing: '客服开场未问候客户，也未主动询问需求',
    },
    docs:
      'The first agent turn must greet (您好/你好, 早上好…, 欢迎光临) or offer help (有什么可以帮您, 有什么问题我可以帮您处理或解决呢, ' +
      '很高兴为您服务 and ASR slips like 很高兴您服务 / 您好高兴服务, 请问您遇到了什么问题, JD\'s 请问您是咨询之前的问题…). ' +
      '您好像 is not a greeting; 还有什么可以帮您 next to a goodbye is a closing, not an opening. Only 亲 / 亲爱的 or 在的 is not a greeting.',
  },
  defaultOptions: { firstTurns: 1 },
  phrases: ({ settings }) => ({ greeting: [...GREETING_PHRASES, ...(settings.phraseLists['greeting'] ?? [])] }),
  create(context) {
    return {
      conversationEnd() {
        const agentTurns = context.view.agentTurns;
        if (agentTurns.length === 0) {
          context.notApplicable('客服没有发言');
          return;
        }
        const window = agentTurns.slice(0, context.options.firstTurns).map((i) => context.view.turns[i]!);
        if (window.some((t) => greets(t, t.hits('greeting').length > 0))) return;
        const suggestion =
          context.channel === 'chat' && context.settings.allowQin
            ? '亲，您好，欢迎光顾，很高兴为您服务，请问有什么可以帮您？'
            : '您好，很高兴为您服务，请问有什么可以帮您？';
        context.report({ turn: agentTurns[0]!, messageId: 'missing', suggestion });
      },
    };
  },
});
