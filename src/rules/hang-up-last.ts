import { defineRule } from '../engine/types.js';

/** 004 §34 and the other lines after which the standard lets the agent end the call. */
export const AGENT_HANG_UP_LINES = ['我挂线了', '我先挂线', '我挂机了', '我先挂机', '换一部电话', '再次打来', '稍后再来电', '请您挂机'];

export const hangUpLast = defineRule({
  meta: {
    id: 'hang-up-last',
    description: '让客户先挂机；客户通话完毕仍未挂机时，先问「请问还有什么可以帮助您？」再说「对不起，我挂线了」',
    category: 'phone',
    defaultSeverity: 'warn',
    channels: ['call'],
    scope: 'conversation',
    realtime: false,
    source: [
      { file: '002_ce8742f866afbada.txt', section: '一、客服電話禮儀 / 講究藝術', quote: '最后,應讓對方自己結束電話,然后輕輕把話筒放好。' },
      { file: '004_753ea7082ac4ddd9.txt', section: '3. 客服中心服務規范有那些用語 §34', quote: '34、 遇客戶通話完畢仍未掛機:客服代表:「請問還有什麼可以幫助您?」若客戶仍未有回應,客戶代表:「對不起,我掛線了。」 然後過5秒掛機。' },
    ],
    messages: {
      agentHungUp: '客服先挂机，且挂机前未说「对不起，我挂线了」',
    },
  },
  phrases: () => ({ line: AGENT_HANG_UP_LINES }),
  create(context) {
    return {
      conversationEnd() {
        const hungUpBy = context.conversation.call?.hungUpBy;
        if (hungUpBy === undefined) {
          context.notApplicable('没有挂机方信息');
          return;
        }
        if (hungUpBy !== 'agent') return;
        const agentTurns = context.view.agentTurns;
        const last = agentTurns[agentTurns.length - 1];
        if (last === undefined) {
          context.notApplicable('客服没有发言');
          return;
        }
        if (context.view.turns[last]!.hits('line').length > 0) return;
        context.report({ turn: last, messageId: 'agentHungUp', suggestion: '请问还有什么可以帮助您？（客户仍未回应）对不起，我挂线了。' });
      },
    };
  },
});
