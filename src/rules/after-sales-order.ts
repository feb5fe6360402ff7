import { defineRule } from '../engine/types.js';
import { AFTER_SALES_TRIGGERS, STEP_APOLOGISE, STEP_INVESTIGATE, STEP_REASSURE, STEP_SOLVE } from './lib/complaint.js';

const STEPS = [
  { group: 'investigate', name: '查明原因' },
  { group: 'apologise', name: '道歉' },
  { group: 'reassure', name: '安抚' },
  { group: 'solve', name: '提供解决方案' },
] as const;

const SCRIPT = '请问具体是什么问题呢？我帮您查一下。（查明原因）非常抱歉给您带来不便（道歉），请您不要着急，我们一定会帮您处理好（安抚），这边为您……（提供解决方案）';

/**
 * 001: 售后问题按 查明原因——道歉——安抚——提供解决方案. From the customer's first after-sales
 * turn on, the first agent turn of each step is found; steps may share a turn (a turn that
 * apologises and asks for the order number is in order). The first step that is missing, or that
 * first appears only after a later step, is reported: on the turn of the later step that came
 * too early, or — when a step is missing — on the solution turn (or the last agent turn).
 */
export const afterSalesOrder = defineRule({
  meta: {
    id: 'after-sales-order',
    description: '售后问题按「查明原因—道歉—安抚—提供解决方案」的顺序处理',
    category: 'complaint',
    defaultSeverity: 'warn',
    channels: ['chat', 'call', 'email'],
    scope: 'conversation',
    realtime: false,
    source: { file: '001_5e0dc45b1c803e24.txt', section: '二、业务技能', quote: '客服接到售后问题按:查明因素——道歉——安抚——提供解决方案。' },
    messages: {
      missing: '售后处理缺少「{{step}}」一步（应按 查明原因—道歉—安抚—提供解决方案）',
      order: '售后处理顺序不对：「{{later}}」先于「{{step}}」（应按 查明原因—道歉—安抚—提供解决方案）',
    },
  },
  phrases: () => ({ trigger: AFTER_SALES_TRIGGERS, investigate: STEP_INVESTIGATE, apologise: STEP_APOLOGISE, reassure: STEP_REASSURE, solve: STEP_SOLVE }),
  create(context) {
    return {
      conversationEnd() {
        const view = context.view;
        const start = view.hasHitsIn('trigger') ? view.customerTurns.find((i) => view.turns[i]!.hits('trigger').length > 0) : undefined;
        if (start === undefined) {
          context.notApplicable('不是售后问题');
          return;
        }
        const agent = view.agentTurns.filter((i) => i > start);
        if (agent.length === 0) {
          context.notApplicable('客户提出售后问题后客服没有发言');
          return;
        }
        const first = STEPS.map((s) => agent.find((i) => view.turns[i]!.hits(s.group).length > 0));
        for (let k = 0; k < STEPS.length; k++) {
          const at = first[k];
          if (at === undefined) {
            context.report({
              turn: first[3] ?? agent[agent.length - 1]!,
              messageId: 'missing',
              data: { step: STEPS[k]!.name },
              suggestion: SCRIPT,
            });
            return;
          }
          // A later step that came strictly before this one.
          for (let j = k + 1; j < STEPS.length; j++) {
            const later = first[j];
            if (later !== undefined && later < at) {
              context.report({ turn: later, messageId: 'order', data: { step: STEPS[k]!.name, later: STEPS[j]!.name }, suggestion: SCRIPT });
              return;
            }
          }
        }
      },
    };
  },
});
