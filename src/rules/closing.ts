import Type from 'typebox';
import type { Channel } from '../conversation/model.js';
import { defineRule, type TurnView } from '../engine/types.js';

/** Closing phrases matched as plain text (extra ones come from settings.phraseLists.closing). */
export const CLOSING_PHRASES = ['谢谢', '感谢', '多谢', '感激', '再见', '拜拜', '晚安', '明天见', '再会', '下次再来', '期待再次', '期待下次', '再为您服务', '新年快乐', '节日快乐', '元旦快乐', '春节快乐', '中秋快乐'];

/** 还有什么可以帮您 / 还有其他问题吗 / 还需要其他帮助吗 / 您看还有什么需要帮忙的吗. */
const ANYTHING_ELSE = /还(有|需要)(没有)?.{0,12}?(帮|效劳|服务|解答|需要|问题|咨询|疑问|事情|吩咐)/;
/** 祝您生活愉快 / 妹子祝福您… / 祝亲… */
const WISH = /祝(福|愿)?(您|你|亲|大家|生活|工作|假期|周末)/;
/** 欢迎您随时联系 / 如有问题请随时联系我们 / 有需要可随时联系 (004 §33 若有问题请再次来电). */
const INVITATION = /(欢迎(您)?(随时|再次|下次|再来|继续))|(随时(联系|咨询|召唤|找|私信|艾特|来电|@|留言|反馈|提问))|((如有|有任何|有什么|若有|如遇|有需要|如需帮助|有问题|有疑问|还有问题).{0,16}?(联系|咨询|来电|私信|再次))/;

export function closes(t: TurnView, phraseHit: boolean): boolean {
  const text = t.norm.text;
  return phraseHit || ANYTHING_ELSE.test(text) || WISH.test(text) || INVITATION.test(text);
}

export interface ClosingOptions {
  /** Channels on which the agent must also speak last (001: chat). On calls the caller hangs up first (004 §34). */
  agentLastChannels: Channel[];
}

export const closing = defineRule<ClosingOptions>({
  meta: {
    id: 'closing',
    description: '客服最后一句须为结束语（询问是否还有其他需要、致谢或道别），且在线会话须由客服结束',
    category: 'closing',
    defaultSeverity: 'warn',
    channels: ['chat', 'call', 'email'],
    scope: 'conversation',
    realtime: false,
    source: [
      { file: '001_5e0dc45b1c803e24.txt', section: '二、业务技能', quote: '结束语,最后一句结束语必须由我们客服来结束,不能等客户去做结束词' },
      { file: '004_753ea7082ac4ddd9.txt', section: '3. 客服中心服務規范有那些用語 §33', quote: '通話終了時,應詢問客戶是否還有其它方面的咨詢:客服代表:「請問還有什麼可以幫助您?」在確保客戶沒有其它方面的咨詢後禮貌地說:「感謝您的來電,若有問題請再次來電,謝謝再見!」' },
      { file: '000_3b3867a82c4630c6.txt', section: '第一点 A', quote: '与顾客交流时客服人员应以“您好”开头,“请”字中间,“再见”或“谢谢”收尾' },
    ],
    optionsSchema: Type.Object(
      {
        agentLastChannels: Type.Array(Type.Union([Type.Literal('chat'), Type.Literal('call'), Type.Literal('email')]), {
          description: '哪些渠道要求客服最后发言（001 在线客服：结束语必须由客服来结束；电话由客户先挂机，不要求）',
        }),
      },
      { additionalProperties: false },
    ),
    messages: {
      missing: '客服最后一句没有结束语（请问还有什么可以帮您 / 感谢 / 再见）',
      notLast: '会话以客户发言结束：最后一句结束语必须由客服来说',
    },
    docs:
      'The last agent turn must ask whether anything else is needed (还有什么可以帮您), thank (谢谢/感谢), say goodbye or wish well ' +
      '(再见, 祝您生活愉快, 欢迎随时联系, 期待再次为您服务). A bare 不客气 or a rating request alone is not a closing. On chat and e-mail the agent must ' +
      'also speak last (001); on calls the customer may answer the closing and hang up first (004 §34). Weibo helpdesks rarely close: ' +
      'the rule reports that, as the standard asks.',
  },
  defaultOptions: { agentLastChannels: ['chat', 'email'] },
  phrases: ({ settings }) => ({ closing: [...CLOSING_PHRASES, ...(settings.phraseLists['closing'] ?? [])] }),
  create(context) {
    return {
      conversationEnd() {
        const view = context.view;
        const lastAgent = view.agentTurns[view.agentTurns.length - 1];
        if (lastAgent === undefined) {
          context.notApplicable('客服没有发言');
          return;
        }
        const t = view.turns[lastAgent]!;
        const suggestion = context.channel === 'call' ? '请问还有什么可以帮助您？感谢您的来电，再见！' : '请问还有其他可以帮到您的吗？感谢您的支持，祝您生活愉快，再见！';
        if (!closes(t, t.hits('closing').length > 0)) {
          context.report({ turn: lastAgent, messageId: 'missing', suggestion });
          return;
        }
        if (!context.options.agentLastChannels.includes(context.channel)) return;
        const lastCustomer = view.customerTurns[view.customerTurns.length - 1];
        if (lastCustomer !== undefined && lastCustomer > lastAgent) {
          context.report({ turn: lastCustomer, messageId: 'notLast', suggestion });
        }
      },
    };
  },
});
