import { RuleTester } from '../../src/engine/rule-tester.js';
import { complaintReplyPromise, promisedHours } from '../../src/rules/complaint-reply-promise.js';
import { describe, expect, it } from 'vitest';

describe('promisedHours', () => {
  it('reads time frames', () => {
    expect(promisedHours('在2小时之内给您明确的答复')).toBe(2);
    expect(promisedHours('24小时内回复您')).toBe(24);
    expect(promisedHours('三个工作日内处理')).toBe(72);
    expect(promisedHours('今天之内给您回电')).toBe(12);
    expect(promisedHours('我们会尽快联系您')).toBeUndefined();
  });
});

new RuleTester().run('complaint-reply-promise', complaintReplyPromise, {
  valid: [
    {
      conversation: 'C: 我要投诉你们的安装师傅，迟到三个小时\nA: 很抱歉，多谢您反映的意见，我们会尽快向上级部门反映，并在2小时之内给您明确的答复',
    },
    { conversation: 'C: 我要投訴！\nA: 很抱歉，我們會上報主管，24小時內給您答復。', channel: 'call' },
  ],
  invalid: [
    {
      conversation: 'C: 我要投诉你们快递员态度恶劣\nA: 抱歉，已经反馈给站点了，会有专员联系您',
      errors: [{ turn: 1, message: /未承诺答复时限/, suggestion: /2小时之内/ }],
    },
    {
      conversation: 'C: 我要举报你们乱扣费\nA: 已经提交给相关部门，7个工作日内回复您',
      errors: [{ turn: 1, message: '承诺的答复时限（约 168 小时）超过 24 小时' }],
    },
    {
      conversation: 'C: 我要投诉\nA: 我不清楚啊，您过两天再来电话吧',
      channel: 'call',
      errors: [{ turn: 1, text: '您过两天再', message: /不应说/ }],
    },
  ],
  notApplicable: ['C: 你好，查一下快递\nA: 好的', { name: 'solved on the spot', conversation: 'C: 我要投诉，话费扣错了\nA: 非常抱歉，已为您退回多扣的话费' }, 'C: 我要投诉\nA: 好的，已为您退款，请问还有其他问题吗'],
});
