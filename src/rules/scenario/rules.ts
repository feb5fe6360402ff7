/**
 * The scenario-script rules of 004 §1–§34 (and the matching passages of 001/002/003), one per
 * situation family, all built by the one factory from the knowledge data.
 */
import type { RuleDefinition } from '../../engine/types.js';
import { createScenarioRule } from './factory.js';

/** On calls, a waiting complaint at the opening is `answer-rings`' business (no double count). */
export const OPENING_CUSTOMER_TURNS = 2;

/*
 * Families whose wrong replies blame, scold or insult the customer (「嘴巴干净一点」「不关我的事」
 * 「神经病」…) report them at `error` whatever the configured severity: presets make those
 * findings a fatal item (致命项) with `minSeverity: 'error'`.
 */

export const scenarioCustomerGreeting = createScenarioRule({
  id: 'scenario-customer-greeting',
  description: '客户先问候或询问是否在线时，客服须礼貌回应（您好，请问有什么可以帮助您）',
});
export const scenarioDialect = createScenarioRule({
  id: 'scenario-dialect',
  description: '客户讲方言客服听不懂时，须礼貌请客户讲普通话',
});
export const scenarioPersonalCall = createScenarioRule({
  id: 'scenario-personal-call',
  description: '有人来电找上班中的客服或找的人不在时，按规定回应并请其留言或留下联系电话',
});
export const scenarioNoteDown = createScenarioRule({
  id: 'scenario-note-down',
  description: '提供较长信息（号码、地址）需要客户记录时，先提示「麻烦您记录一下，好吗？」',
});
export const scenarioWrongNumber = createScenarioRule({
  id: 'scenario-wrong-number',
  description: '客户打错电话时礼貌说明并请其查证后再拨；客服拨错号码时须致歉',
});
export const scenarioInternalNumber = createScenarioRule({
  id: 'scenario-internal-number',
  description: '客户想直接拨打内部部门或业务员电话时，客服应记下情况代为联系',
});
export const scenarioManagerRequest = createScenarioRule({
  id: 'scenario-manager-request',
  description: '客户来电找管理人员时：请稍等，我帮您看看在哪个位置，请不要挂线',
});
export const scenarioTransfer = createScenarioRule({
  id: 'scenario-transfer',
  description: '帮客户转接电话时须说「请稍等」（并告知转接不成功时的号码）',
});
export const scenarioServiceRequest = createScenarioRule({
  id: 'scenario-service-request',
  description: '客人来电要求服务时，询问房号或位置并承诺马上派人',
});
export const scenarioSlowAnswerComplaint = createScenarioRule({
  id: 'scenario-slow-answer-complaint',
  description: '客户抱怨应答慢或责怪客服动作慢时，须致歉「让您久等了」并尽快处理',
  skip: (context, scenario, triggerTurn) =>
    context.channel === 'call' && scenario.id === 'slow-answer' && context.view.customerTurns.slice(0, OPENING_CUSTOMER_TURNS).includes(triggerTurn),
});
export const scenarioAbusiveCustomer = createScenarioRule({
  id: 'scenario-abusive-customer',
  wrongSeverity: 'error',
  description: '客户情绪激烈、破口大骂时，客服须致歉并询问需求，不可指责客户',
});
export const scenarioAttitudeComplaint = createScenarioRule({
  id: 'scenario-attitude-complaint',
  wrongSeverity: 'error',
  description: '客户投诉客服态度或批评客服时，须致歉并了解详情（谢谢您的教导…）',
});
export const scenarioErrorComplaint = createScenarioRule({
  id: 'scenario-error-complaint',
  wrongSeverity: 'error',
  description: '客户投诉工作出差错时，须致歉并承诺如实上报、尽快核实处理',
});
export const scenarioNeedsWaiting = createScenarioRule({
  id: 'scenario-needs-waiting',
  description: '需要客户等待时先征求同意（请您稍等片刻，好吗），客户催问时致歉「让您久等了」',
});
export const scenarioEquipmentFault = createScenarioRule({
  id: 'scenario-equipment-fault',
  description: '设备故障不能操作时，须致歉并安排后续（稍后再来电或留下联系方式回电）',
});
export const scenarioPersonalInfoRequest = createScenarioRule({
  id: 'scenario-personal-info-request',
  wrongSeverity: 'error',
  description: '客户询问客服个人信息时，只能通报工号（对不起，我的工号是×××号）',
});
export const scenarioSuggestion = createScenarioRule({
  id: 'scenario-suggestion',
  description: '客户提出建议时须感谢并承诺反馈给相关负责人员',
});
export const scenarioNeedsForgiveness = createScenarioRule({
  id: 'scenario-needs-forgiveness',
  description: '请求客户谅解时须带抱歉口气（对不起，请您原谅）',
});
export const scenarioCustomerApology = createScenarioRule({
  id: 'scenario-customer-apology',
  description: '客户向客服致歉时须回应「没关系，请不必介意」',
});
export const scenarioHarassment = createScenarioRule({
  id: 'scenario-harassment',
  wrongSeverity: 'error',
  description: '遇到骚扰时礼貌说明不在服务范围内，不可责骂客户',
});
export const scenarioDateInvitation = createScenarioRule({
  id: 'scenario-date-invitation',
  wrongSeverity: 'error',
  description: '客户善意邀约时须感谢并婉拒（非常感谢！对不起，我不能接受）',
});
export const scenarioImpossibleRequest = createScenarioRule({
  id: 'scenario-impossible-request',
  description: '客户的要求无法做到时须婉拒（很抱歉，恐怕我不能帮助您），不可说「不可能」',
});
export const scenarioCustomerThanks = createScenarioRule({
  id: 'scenario-customer-thanks',
  description: '客户致谢或表扬时须回应「不客气」「这是我们应该做的」，不用生活化口气',
});
export const scenarioConsultationCallback = createScenarioRule({
  id: 'scenario-consultation-callback',
  description: '无法当场答复的咨询须请客户留下联系电话并承诺回复，不可随意回答',
});
export const scenarioCheckUnderstanding = createScenarioRule({
  id: 'scenario-check-understanding',
  description: '解释完毕后礼貌确认客户是否明白，结束时询问还有什么可以帮助，不可催客户挂机',
});
export const scenarioHolidayGreeting = createScenarioRule({
  id: 'scenario-holiday-greeting',
  description: '节日期间客户致以节日问候时，客服须回以节日祝福',
});

export const SCENARIO_RULES: readonly RuleDefinition[] = [
  scenarioCustomerGreeting,
  scenarioDialect,
  scenarioPersonalCall,
  scenarioNoteDown,
  scenarioWrongNumber,
  scenarioInternalNumber,
  scenarioManagerRequest,
  scenarioTransfer,
  scenarioServiceRequest,
  scenarioSlowAnswerComplaint,
  scenarioAbusiveCustomer,
  scenarioAttitudeComplaint,
  scenarioErrorComplaint,
  scenarioNeedsWaiting,
  scenarioEquipmentFault,
  scenarioPersonalInfoRequest,
  scenarioSuggestion,
  scenarioNeedsForgiveness,
  scenarioCustomerApology,
  scenarioHarassment,
  scenarioDateInvitation,
  scenarioImpossibleRequest,
  scenarioCustomerThanks,
  scenarioConsultationCallback,
  scenarioCheckUnderstanding,
  scenarioHolidayGreeting,
];
