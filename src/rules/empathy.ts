import { defineRule } from '../engine/types.js';
import { STEP_SOLVE, UPSET_TRIGGERS } from './lib/complaint.js';
import { SCENARIOS_BY_ID } from '../knowledge/scenarios.js';

/**
 * 003: 使用「理解您的焦虑」「感谢您指出问题」等句式表达情感认同 — and 优先安抚情绪再解决问题.
 * Once the customer is anxious, displeased or points out a problem, the agent must acknowledge
 * the feeling no later than the turn that offers the solution. Reported on the solution turn
 * (or, when no solution came, on the agent's first reply).
 */
export const empathy = defineRule({
  meta: {
    id: 'empathy',
    description: '客户焦虑、不满或指出问题时，先表达情感认同（理解您的焦虑、感谢您指出问题）再给解决方案',
    category: 'complaint',
    defaultSeverity: 'warn',
    channels: ['chat', 'call', 'email'],
    scope: 'conversation',
    realtime: false,
    source: [
      { file: '003_e0fcbf7c96241872.txt', section: 'PART04 投訴處理流程 / 共情表達方法', quote: '使用“理解您的焦慮”“感謝您指出問題”等句式表達情感認同' },
      { file: '003_e0fcbf7c96241872.txt', section: 'PART02 核心溝通技巧 / 傾聽與理解能力', quote: '安撫情緒再解決問題' },
    ],
    messages: {
      late: '客户情绪不满时，客服未先表达情感认同（如「理解您的焦虑」「感谢您指出问题」）就给出方案',
      missing: '客户情绪不满时，客服未表达情感认同（如「理解您的焦虑」「感谢您指出问题」）',
    },
  },
  phrases: () => ({ upset: UPSET_TRIGGERS, empathy: SCENARIOS_BY_ID.get('customer-upset')!.expected, solve: STEP_SOLVE }),
  create(context) {
    return {
      conversationEnd() {
        const view = context.view;
        const start = view.hasHitsIn('upset') ? view.customerTurns.find((i) => view.turns[i]!.hits('upset').length > 0) : undefined;
        if (start === undefined) {
          context.notApplicable('客户没有表现出焦虑或不满');
          return;
        }
        const agent = view.agentTurns.filter((i) => i > start).map((i) => view.turns[i]!);
        if (agent.length === 0) {
          context.notApplicable('客户表达不满后客服没有发言');
          return;
        }
        const pos = (group: string) => {
          for (const t of agent) {
            const h = t.hits(group)[0];
            if (h) return { turn: t.index, offset: h.start };
          }
          return undefined;
        };
        const felt = pos('empathy');
        const solved = pos('solve');
        const suggestion = '非常理解您的焦虑，感谢您指出问题，我们马上为您处理。';
        if (solved && (!felt || felt.turn > solved.turn || (felt.turn === solved.turn && felt.offset > solved.offset))) {
          context.report({ turn: solved.turn, messageId: 'late', suggestion });
        } else if (!felt) {
          context.report({ turn: agent[0]!.index, messageId: 'missing', suggestion });
        }
      },
    };
  },
});
