/**
 * 004 §4–§6, §9, §11: the line is unclear (hands-free, low voice, noise), the customer cannot hear
 * the agent, or the agent must ask the customer to repeat. The agent asks politely (对不起…好吗)
 * and never 「喂，大声一点儿！」「喂，什么？！你说什么？」; and never hangs up directly: an agent who
 * ends such a call says the standard line first (请您换一部电话再次打来，好吗？再见！).
 */
import { createScenarioRule } from './scenario/factory.js';

/** The lines after which 004 lets the agent end an unclear call. */
export const UNCLEAR_CLOSE = ['换一部电话', '再次打来', '再打来', '重新拨打', '稍后再拨', '稍后再来电', '我挂线了'];

export const unclearLine = createScenarioRule({
  id: 'unclear-line',
  description: '听不清（免提、音小、杂音）、客户听不清或需客户重复时须礼貌请求（对不起…好吗），不可直接挂机',
  category: 'phone',
  notApplicableUnlessRaised: '通话中没有听不清或要求重复的情况',
  extraPhrases: { close: UNCLEAR_CLOSE },
  extraMessages: { hungUp: '线路听不清时客服直接挂机：应先说「对不起，您的电话声音太小/杂音太大，请您换一部电话再次打来，好吗？再见！」' },
  afterJudging(context, raised) {
    if (context.conversation.call?.hungUpBy !== 'agent') return;
    // Only when the unclear line is what ended the call (raised in the last exchanges).
    if (!raised.some((i) => i >= context.view.turns.length - 3)) return;
    const lastAgent = context.view.agentTurns[context.view.agentTurns.length - 1];
    if (lastAgent === undefined) return;
    if (context.view.turns[lastAgent]!.hits('close').length > 0) return;
    context.report({ turn: lastAgent, messageId: 'hungUp', suggestion: '对不起，您的电话声音太小，请您换一部电话再次打来，好吗？再见！' });
  },
});
