import Type from 'typebox';
import { defineRule } from '../engine/types.js';
import { COMPLAINT_TRIGGERS } from './lib/complaint.js';

/** The agent defers the complaint: it goes up the line and an answer comes later. */
export const DEFERRAL = [
  '向上级', '上级部门', '反映给', '上报', '提交给', '提交到', '转交', '反馈给', '升级处理', '专员', '主管', '核实后', '核实之后', '调查后',
  '回复您', '答复您', '给您答复', '给您回复', '联系您', '与您联系', '给您回电', '回电', '跟进',
];
/** A promise without a time frame does not count (004 §20 gives 2 h / 24 h). */
const TIME_FRAME = /(\d+(?:\.\d+)?|[一二两三四五六七八九十半]+)\s*(?:个)?\s*(?:小时|钟头|h|工作日|天|日)\s*(?:之内|以内|内)/i;
const SAME_DAY = /(今天之内|今天内|今日内|当天内|当天之内|今天下班前)/;
const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 半: 0.5 };

function toNumber(s: string): number {
  if (/^\d/.test(s)) return Number(s);
  if (s === '十') return 10;
  if (s.startsWith('十')) return 10 + (CN_DIGITS[s[1]!] ?? 0);
  if (s.length === 2 && s[1] === '十') return (CN_DIGITS[s[0]!] ?? 1) * 10;
  if (s.length === 3 && s[1] === '十') return (CN_DIGITS[s[0]!] ?? 1) * 10 + (CN_DIGITS[s[2]!] ?? 0);
  return CN_DIGITS[s] ?? NaN;
}

/** Hours promised by a normalised turn text, or undefined when it names no time frame. */
export function promisedHours(text: string): number | undefined {
  if (SAME_DAY.test(text)) return 12;
  const m = TIME_FRAME.exec(text);
  if (!m) return undefined;
  const n = toNumber(m[1]!);
  if (Number.isNaN(n)) return undefined;
  return /小时|钟头|h/i.test(m[0]) ? n : n * 24;
}

export const complaintReplyPromise = defineRule<{ maxHours: number }>({
  meta: {
    id: 'complaint-reply-promise',
    description: '无法当场答复的投诉，须承诺在 2 小时（简单）/24 小时（复杂）之内给出明确答复',
    category: 'complaint',
    defaultSeverity: 'warn',
    channels: ['call', 'chat', 'email'],
    scope: 'conversation',
    realtime: false,
    source: {
      file: '004_753ea7082ac4ddd9.txt',
      section: '3. 客服中心服務規范有那些用語 §20',
      quote: '20、 遇到無法當場答復的客戶投訴:客服代表:「很抱歉,先生/小姐,多謝您反映的意見,我們會盡快向上級部門反映,並在2小時之內(簡單投訴)/24小時之內(復雜投訴)給您明確的答復……再見!」',
    },
    optionsSchema: Type.Object(
      { maxHours: Type.Number({ exclusiveMinimum: 0, description: '承诺答复时限的上限（小时，004：复杂投诉 24）' }) },
      { additionalProperties: false },
    ),
    messages: {
      noPromise: '投诉无法当场解决，客服未承诺答复时限（2 小时内/24 小时内给您明确的答复）',
      tooLong: '承诺的答复时限（约 {{hours}} 小时）超过 {{max}} 小时',
      wrong: '投诉无法当场解决时不应说「{{phrase}}」',
    },
  },
  defaultOptions: { maxHours: 24 },
  phrases: () => ({ complaint: COMPLAINT_TRIGGERS, deferral: DEFERRAL, wrong: ['过两天再来电话', '过两天再打', '您过两天再', '你过两天再'] }),
  create(context) {
    const script = '很抱歉，多谢您反映的意见，我们会尽快向上级部门反映，并在2小时之内（简单投诉）/24小时之内（复杂投诉）给您明确的答复。';
    return {
      conversationEnd() {
        const view = context.view;
        const start = view.hasHitsIn('complaint') ? view.customerTurns.find((i) => view.turns[i]!.hits('complaint').length > 0) : undefined;
        if (start === undefined) {
          context.notApplicable('没有客户投诉');
          return;
        }
        const agent = view.agentTurns.filter((i) => i > start).map((i) => view.turns[i]!);
        for (const t of agent) {
          const hit = t.hits('wrong')[0];
          if (hit) {
            const span = t.toOriginal(hit.start, hit.end);
            context.report({ turn: t.index, ...span, messageId: 'wrong', data: { phrase: t.turn.text.slice(span.start, span.end) }, suggestion: script });
            return;
          }
        }
        const deferral = agent.find((t) => t.hits('deferral').length > 0);
        if (!deferral) {
          context.notApplicable('投诉已当场处理（客服未转交或延后答复）');
          return;
        }
        const promises = agent.filter((t) => t.index >= deferral.index - 1).map((t) => ({ t, hours: promisedHours(t.norm.text) })).filter((p) => p.hours !== undefined);
        if (promises.length === 0) {
          context.report({ turn: deferral.index, messageId: 'noPromise', suggestion: script });
          return;
        }
        const best = Math.min(...promises.map((p) => p.hours!));
        if (best > context.options.maxHours) {
          const p = promises.find((x) => x.hours === best)!;
          context.report({ turn: p.t.index, messageId: 'tooLong', data: { hours: best, max: context.options.maxHours }, suggestion: script });
        }
      },
    };
  },
});
