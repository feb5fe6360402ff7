import { defineRule } from '../engine/types.js';
import { SCENARIOS_BY_ID } from '../knowledge/scenarios.js';

const SURNAME = ['贵姓', '怎么称呼', '您姓', '如何称呼', '您的姓名', '您的名字', '称呼您'];
const CONTACT = ['联系电话', '联系方式', '手机号', '电话号码', '留个电话', '留一下电话', '回访电话', '联系号码', '您的电话', '来电号码', '这个号码'];
const RESTATE = ['您反映的是', '您反映的问题', '您是说', '您的意思是', '跟您确认一下', '和您确认一下', '向您确认', '您说的是', '您投诉的是', '您的问题是', '对吗', '是吗', '是这样吗', '对吧', '没错吧', '我复述一下', '我重复一下'];

/**
 * 004 §19: 記錄下客戶姓氏、電話及復述投訴內容. In a call with a complaint, the agent's turns
 * from the complaint on must ask the surname, the contact number and restate the complaint.
 * One finding names every missing item, anchored on the agent's last turn of the call.
 */
export const complaintRecord = defineRule({
  meta: {
    id: 'complaint-record',
    description: '受理投诉须记录客户姓氏（贵姓）、联系电话，并复述投诉内容',
    category: 'complaint',
    defaultSeverity: 'warn',
    channels: ['call'],
    scope: 'conversation',
    realtime: false,
    source: {
      file: '004_753ea7082ac4ddd9.txt',
      section: '3. 客服中心服務規范有那些用語 §19',
      quote: '並記錄下客戶姓氏、電話及復述投訴內容',
    },
    messages: {
      missing: '受理投诉未{{items}}',
    },
  },
  phrases: () => ({ complaint: SCENARIOS_BY_ID.get('complaint-record')!.triggers, surname: SURNAME, contact: CONTACT, restate: RESTATE }),
  create(context) {
    return {
      conversationEnd() {
        const view = context.view;
        const start = view.hasHitsIn('complaint') ? view.customerTurns.find((i) => view.turns[i]!.hits('complaint').length > 0) : undefined;
        if (start === undefined) {
          context.notApplicable('没有客户投诉');
          return;
        }
        const agent = view.agentTurns.filter((i) => i > start).map((i) => view.turns[i]!);
        if (agent.length === 0) {
          context.report({ turn: start, messageId: 'missing', data: { items: '回应（未记录姓氏、电话，未复述投诉内容）' } });
          return;
        }
        const missing: string[] = [];
        if (!agent.some((t) => t.hits('surname').length > 0)) missing.push('询问客户姓氏');
        if (!agent.some((t) => t.hits('contact').length > 0)) missing.push('记录联系电话');
        if (!agent.some((t) => t.hits('restate').length > 0)) missing.push('复述投诉内容');
        if (missing.length === 0) return;
        context.report({
          turn: agent[agent.length - 1]!.index,
          messageId: 'missing',
          data: { items: missing.join('、') },
          suggestion: '请问您贵姓？麻烦留一下您的联系电话。跟您确认一下，您反映的问题是……，对吗？',
        });
      },
    };
  },
});
