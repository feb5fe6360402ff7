import { RuleTester } from '../../src/engine/rule-tester.js';
import { afterSalesOrder } from '../../src/rules/after-sales-order.js';

new RuleTester().run('after-sales-order', afterSalesOrder, {
  valid: [
    {
      name: 'four steps in order',
      conversation: [
        'C: 我买的杯子收到就碎了😡',
        'A: 亲，请问能拍一下破损的照片吗？我帮您查一下订单',
        'C: [图片]',
        'A: 非常抱歉给您带来不便',
        'A: 请您不要着急，我们一定会帮您处理好',
        'A: 这边为您申请补发一个新的，明天发出',
      ].join('\n'),
    },
    {
      name: 'steps sharing turns, Traditional, full-width',
      conversation: 'C: 收到的耳機壞了，左邊沒聲音！\nA: 請問是哪個訂單呢？非常抱歉給您添麻煩了，您放心，這邊為您換一副新的。',
    },
  ],
  invalid: [
    {
      name: 'solution before any apology',
      conversation: 'C: 衣服发错颜色了\nA: 请问订单号多少？\nC: [订单x]\nA: 您可以申请退货，运费我们承担\nA: 不好意思哈，请放心',
      errors: [{ turn: 3, message: '售后处理顺序不对：「提供解决方案」先于「道歉」（应按 查明原因—道歉—安抚—提供解决方案）' }],
    },
    {
      name: 'no reassurance',
      conversation: 'C: 快递显示签收了但我没收到\nA: 请问您的订单号是多少？\nC: [订单x]\nA: 抱歉，给您补发一份',
      errors: [{ turn: 3, message: /缺少「安抚」/ }],
    },
    {
      name: 'apology before investigating',
      conversation: 'C: 我要退款，质量太差了\nA: 非常抱歉\nA: 请问是什么问题呢？\nA: 请您放心，为您退款',
      errors: [{ turn: 1, message: /「道歉」先于「查明原因」/ }],
    },
  ],
  notApplicable: ['C: 你好，这款有红色的吗\nA: 亲，有的哦', 'C: 我要退货'],
});
