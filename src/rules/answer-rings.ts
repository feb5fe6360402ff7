import Type from 'typebox';
import { defineRule } from '../engine/types.js';

/** What a caller says at the opening when the line rang long or was hard to get through. */
export const WAITING_COMPLAINTS = [
  '怎么这么久才接', '这么久才接', '半天才接', '半天没人接', '一直没人接', '打了半天', '打了好久', '打了好几遍', '打了好几次',
  '一直打不通', '老打不通', '电话打不通', '一直占线', '老是占线', '总是占线', '等了好久', '等了半天', '等了这么久', '终于接了', '终于打通了',
];
/** The apology the seeds prescribe (让您久等了) and its spoken variants. */
export const WAITING_APOLOGIES = ['久等', '让您等候', '让您等了', '抱歉让您等'];

export const answerRings = defineRule<{ maxRings: number; apologiseAtRings: number; openingAgentTurns: number }>({
  meta: {
    id: 'answer-rings',
    description: '电话铃响 3 声内接听；铃响 6 声以上或客户抱怨等待时须致歉「让您久等了」',
    category: 'phone',
    defaultSeverity: 'warn',
    channels: ['call'],
    scope: 'conversation',
    realtime: false,
    source: [
      { file: '002_ce8742f866afbada.txt', section: '一、客服電話禮儀 / 及時接電話', quote: '電話鈴響3遍之前就應接聽,6遍后就應道歉:“對不起,讓你久等了。”' },
      { file: '004_753ea7082ac4ddd9.txt', section: '3. 客服中心服務規范有那些用語 §15', quote: '遇到客戶投訴熱線難撥通、應答慢時(包括電話鈴響三聲後才接起):客服代表:「對不起,剛才因為線路忙,讓您久等了!請問有什麼可以幫助您?」' },
    ],
    optionsSchema: Type.Object(
      {
        maxRings: Type.Integer({ minimum: 1, description: '最多响铃几声内接听（002：3 声）' }),
        apologiseAtRings: Type.Integer({ minimum: 1, description: '响铃达到几声须致歉（002：6 声；004 §15 更严：铃响三声后即致歉，设 4）' }),
        openingAgentTurns: Type.Integer({ minimum: 1, maximum: 5, description: '致歉须出现在客服的前几句内' }),
      },
      { additionalProperties: false },
    ),
    messages: {
      late: '电话铃响 {{rings}} 声才接听，应在 {{max}} 声内接听',
      noApology: '电话铃响 {{rings}} 声才接听，未向客户致歉「让您久等了」',
      complaint: '客户抱怨等待过久，客服未致歉「让您久等了」',
    },
  },
  defaultOptions: { maxRings: 3, apologiseAtRings: 6, openingAgentTurns: 2 },
  phrases: () => ({ complaint: WAITING_COMPLAINTS, apology: WAITING_APOLOGIES }),
  create(context) {
    const { maxRings, apologiseAtRings, openingAgentTurns } = context.options;
    return {
      conversationEnd() {
        const view = context.view;
        const rings = context.conversation.call?.rings;
        const firstAgent = view.agentTurns[0];
        // A waiting complaint in the customer's first two turns (the call opening).
        const complaintTurn = view.customerTurns.slice(0, 2).find((i) => view.turns[i]!.hits('complaint').length > 0);
        if (rings === undefined && complaintTurn === undefined) {
          context.notApplicable('没有响铃次数，客户也未抱怨等待');
          return;
        }
        if (firstAgent === undefined) {
          context.notApplicable('客服没有发言');
          return;
        }
        const apologised = (from: number, n: number) =>
          view.agentTurns.filter((i) => i >= from).slice(0, n).some((i) => view.turns[i]!.hits('apology').length > 0);
        if (rings !== undefined && rings > maxRings) {
          context.report({ turn: firstAgent, messageId: 'late', data: { rings, max: maxRings } });
        }
        if (rings !== undefined && rings >= apologiseAtRings && !apologised(0, openingAgentTurns)) {
          context.report({ turn: firstAgent, messageId: 'noApology', data: { rings }, suggestion: '对不起，刚才因为线路忙，让您久等了！请问有什么可以帮助您？' });
          return;
        }
        if (complaintTurn !== undefined) {
          const reply = view.agentTurns.find((i) => i > complaintTurn);
          if (reply === undefined) {
            context.report({ turn: complaintTurn, messageId: 'complaint', suggestion: '对不起，刚才因为线路忙，让您久等了！请问有什么可以帮助您？' });
          } else if (!apologised(reply, openingAgentTurns)) {
            context.report({ turn: reply, messageId: 'complaint', suggestion: '对不起，刚才因为线路忙，让您久等了！请问有什么可以帮助您？' });
          }
        }
      },
    };
  },
});
