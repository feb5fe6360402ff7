/**
 * Shared building blocks of the presets. Like textlint's presets, every default carries a reason:
 * a preset is written as a table of `[ruleId, setting, reason, options?]` and `buildPreset` keeps
 * the reasons beside the config (`PRESET_REASONS`), since a config object takes no extra keys.
 */
import type { Preset, RuleEntry } from '../engine/config.js';
import type { RuleSetting } from '../engine/types.js';
import type { ScoringDimension, ScoringTemplate } from '../scoring/template.js';

export type PresetEntry = readonly [ruleId: string, setting: RuleSetting, reason: string, options?: Record<string, unknown>];

export interface BuiltPreset {
  preset: Preset;
  reasons: Readonly<Record<string, string>>;
}

export function buildPreset(base: Omit<Preset, 'rules'>, entries: readonly PresetEntry[]): BuiltPreset {
  const rules: Record<string, RuleEntry> = {};
  const reasons: Record<string, string> = {};
  for (const [id, setting, reason, options] of entries) {
    if (id in rules) throw new Error(`${base.name}: rule ${id} listed twice`);
    rules[id] = options ? [setting, options] : setting;
    reasons[id] = reason;
  }
  return { preset: { ...base, rules }, reasons };
}

/** The scenario-script rules of 004 §1–§34 (one per situation family). */
export const SCENARIO_RULE_IDS = [
  'scenario-customer-greeting',
  'scenario-dialect',
  'scenario-personal-call',
  'scenario-note-down',
  'scenario-wrong-number',
  'scenario-internal-number',
  'scenario-manager-request',
  'scenario-transfer',
  'scenario-service-request',
  'scenario-slow-answer-complaint',
  'scenario-abusive-customer',
  'scenario-attitude-complaint',
  'scenario-error-complaint',
  'scenario-needs-waiting',
  'scenario-equipment-fault',
  'scenario-personal-info-request',
  'scenario-suggestion',
  'scenario-needs-forgiveness',
  'scenario-customer-apology',
  'scenario-harassment',
  'scenario-date-invitation',
  'scenario-impossible-request',
  'scenario-customer-thanks',
  'scenario-consultation-callback',
  'scenario-check-understanding',
  'scenario-holiday-greeting',
] as const;

/** Scenario families whose wrong replies blame or insult the customer: reported at error, fatal. */
export const BLAME_RULE_IDS = [
  'scenario-abusive-customer',
  'scenario-attitude-complaint',
  'scenario-error-complaint',
  'scenario-harassment',
  'scenario-date-invitation',
  'scenario-personal-info-request',
] as const;

/** Standard reasons, quoted from the seeds, reused across presets. */
export const WHY = {
  forbidden: '004 §1「任何情況下都不可回答:喂、不知道、不清楚、不明白」，001「嚴禁出現“不懂得、不行”等詞語」',
  filler: '001「嚴禁浮現“嗯,啊,哦”等單字語言及口頭性旳語言浮現」',
  greeting: '000「應以“您好”開頭」，004「接聽電話第一句說:您好!服務中心,請問有什麼可以幫您?」',
  closing: '001「最後一句結束語必須由我們客服來結束」，004 §33 通话终了询问还有什么可以帮助您',
  politeAddress: '001「對客戶稱呼使用“您”」',
  responseTime: '001「所有客服必須做到60秒內答復」（仅在线渠道，需时间戳）',
  longReply: '001「如回答太長,宜分次回答」',
  emoji: '001「每句聊天中必需要有表情」：只适用于电商在线客服，其它标准不要求',
  privacy: '004 §14「不可以將業務員電話直接告知客戶」、§23「只能通報工號」：泄露个人信息为致命项',
  afterSales: '001「客服接到售後問題按:查明原因——道歉——安撫——提供解決方案」',
  empathy: '003「使用“理解您的焦慮”“感謝您指出問題”等句式表達情感認同」',
  promise: '004 §20 无法当场答复的投诉须承诺 2 小时/24 小时内明确答复',
  record: '004 §19 记录客户姓氏、电话并复述投诉内容（电话渠道）',
  scenario: '004 §1–§34 场景话术：客户触发场景后客服下一句须用标准回应',
  blame: '004 §16/§18/§19/§27/§28 指责、辱骂客户的回应（嘴巴干净一点、不关我的事…）为致命项',
  rings: '002「電話鈴響3遍之前就應接聽,6遍后就應道歉」',
  selfIntro: '004「接聽電話第一句說:您好!服務中心…」、§1「您好,申通***號很高興為您服務」',
  silent: '004 §3 无声电话的 5 秒话术',
  unclear: '004 §4–§9、§11 听不清时礼貌请求，不可直接挂机',
  hangUp: '002「應讓對方自己結束電話」，004 §34「對不起,我掛線了」',
  callLength: '002「通常一次通話不應長于3分鐘」（打出电话）',
} as const;

/** A scoring template from dimension tables; validated by the config loader like any other. */
export function template(id: string, name: string, passMark: number, dimensions: ScoringDimension[]): ScoringTemplate {
  return { id, name, passMark, dimensions };
}

export const fatalPrivacy = { ruleId: 'personal-info-disclosure', points: 100, fatal: true } as const;
export const fatalBlame = BLAME_RULE_IDS.map((ruleId) => ({ ruleId, points: 100, fatal: true, minSeverity: 'error' as const }));

/** The fatal items every preset shares: disclosing personal information, blaming or insulting the customer. */
export const fatalDimension: ScoringDimension = { id: 'fatal', name: '致命项', points: 10, items: [fatalPrivacy, ...fatalBlame] };

/** Forbidden phrases, filler-only replies and 你 for 您, weighted alike wherever they apply. */
export const chatCourtesyDimension: ScoringDimension = {
  id: 'forbidden',
  name: '服务禁语',
  points: 25,
  items: [
    { ruleId: 'forbidden-phrase', points: 10 },
    { ruleId: 'filler-only-reply', points: 5 },
    { ruleId: 'polite-address', points: 5 },
  ],
};
