/** Phrase lists shared by the complaint-handling rules (after-sales order, empathy, record…). */
import { SCENARIOS_BY_ID } from '../../knowledge/scenarios.js';

function triggersOf(id: string): readonly string[] {
  return SCENARIOS_BY_ID.get(id)?.triggers ?? [];
}

/** Customer phrases that make a conversation an after-sales one (001). */
export const AFTER_SALES_TRIGGERS = triggersOf('after-sales');
/** Customer phrases of anxiety, displeasure or a pointed-out problem (003). */
export const UPSET_TRIGGERS = triggersOf('customer-upset');
/** Customer phrases of a complaint (004 §18–§20). */
export const COMPLAINT_TRIGGERS = triggersOf('complaint-deferred');

/** Step 1, 查明原因: the agent asks or checks what happened. */
export const STEP_INVESTIGATE = [
  '请问', '麻烦您提供', '麻烦提供', '提供一下', '订单号', '帮您查', '为您查', '给您查', '查一下', '查询', '核实', '核查', '确认一下',
  '了解一下', '具体情况', '具体是', '什么问题', '什么情况', '照片', '图片', '截图', '拍一下', '您说的是', '是哪个', '是什么时候',
];
/** Step 2, 道歉. */
export const STEP_APOLOGISE = ['抱歉', '对不起', '不好意思', '给您添麻烦', '深表歉意', '致歉', '请您原谅', '请原谅', '给您带来不便', '给您带来的不便'];
/** Step 3, 安抚 (reassurance; empathy such as 理解您的心情 is judged by the `empathy` rule). */
export const STEP_REASSURE = [
  '请不要着急', '请您不要着急', '不要着急', '别着急', '您先别急', '不要担心', '别担心', '请放心', '您放心', '请您放心',
  '一定会', '会给您处理好', '会为您处理好', '一定给您', '感谢您的耐心', '谢谢您的耐心', '消消气',
];
/** Step 4, 提供解决方案. */
export const STEP_SOLVE = [
  '为您退款', '给您退款', '帮您退款', '退款给您', '为您换', '给您换', '帮您换', '补发', '重新发', '重新寄', '为您安排', '给您安排', '帮您安排',
  '为您申请', '给您申请', '帮您申请', '为您办理', '帮您办理', '为您登记', '帮您登记', '上门', '维修', '赔偿', '补偿', '优惠券', '返现',
  '您可以选择', '解决方案', '处理方案', '建议您', '您可以', '退货', '换货', '召回', '催促', '催一下', '加急',
];
