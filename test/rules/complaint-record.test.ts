import { RuleTester } from '../../src/engine/rule-tester.js';
import { complaintRecord } from '../../src/rules/complaint-record.js';

new RuleTester().run('complaint-record', complaintRecord, {
  valid: [
    {
      conversation: [
        'A 0s: 您好，服务中心，请问有什么可以帮您？',
        'C 3s: 我要投诉，你们把我的地址登记错了',
        'A 8s: 对不起，给您添麻烦了。请问您贵姓？',
        'C 11s: 姓王',
        'A 14s: 王先生，麻烦留一下您的联系电话',
        'C 18s: 138xxxx',
        'A 25s: 跟您确认一下，您反映的是地址登记错误，对吗？',
      ].join('\n'),
      channel: 'call',
    },
  ],
  invalid: [
    {
      conversation: 'A 0s: 您好\nC 3s: 你们态度太差了，我要投诉\nA 6s: 对不起，我会如实上报\nA 9s: 请留一下您的联系方式',
      channel: 'call',
      errors: [{ turn: 3, message: '受理投诉未询问客户姓氏、复述投诉内容' }],
    },
    { conversation: 'A 0s: 您好\nC 3s: 我要投訴！', channel: 'call', errors: [{ turn: 1, message: /未回应/ }] },
  ],
  notApplicable: [{ conversation: 'A 0s: 您好\nC 3s: 查下话费\nA 5s: 好的', channel: 'call' }],
});
