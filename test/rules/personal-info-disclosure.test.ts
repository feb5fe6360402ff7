import { RuleTester } from '../../src/engine/rule-tester.js';
import { personalInfoDisclosure } from '../../src/rules/personal-info-disclosure.js';

new RuleTester().run('personal-info-disclosure', personalInfoDisclosure, {
  valid: [
    'C: 你们客服电话多少\nA: 您好，我们的客服热线是400-820-8820，也可以拨打95338',
    'C: 我手机号对吗\nA: 您的手机号是13812345678，对吗？',
    'C: 你叫什么名字\nA: 对不起，我的工号是1024号。',
    { name: 'company number on the allow-list', conversation: 'C: 前台电话多少？\nA: 前台电话是021-62345678', options: { allowedNumbers: ['021-62345678'] } },
    'A: 您好，我叫同事帮您查一下',
    'C: 快递到哪了\nA: 尾号5678的手机已收到短信通知，快递员会联系您',
    'C: 卡读不出来\nA: 是否换到其他的手机上测试过呢？',
    'C: 售后在哪\nA: 您可以直接拨打广东售后020-85699192，工作时间9:00-18:00',
    'C: 帮我销户\nA: 您好，请问要销户的是15619911004这个号码吗？',
  ],
  invalid: [
    {
      name: "courier's mobile given out",
      conversation: 'C: 把快递员电话给我\nA: 快递员电话：139 1234 5678，您直接联系他吧',
      errors: [{ turn: 1, text: '139 1234 5678', severity: 'error', suggestion: /工号/ }],
    },
    { conversation: 'C: 你们经理电话多少\nA: 我们经理的座机是0755-26781234', errors: [{ turn: 1, text: '0755-26781234' }] },
    { conversation: 'C: 加个微信吧\nA: 好呀，我的微信是kefu_lily😊', errors: [{ turn: 1, text: '我的微信', message: /联系方式/ }] },
    { conversation: 'C: 你叫什么名字？\nA: 我叫王小丽。', errors: [{ turn: 1, text: '我叫王小丽', message: /只能通报工号/ }] },
    { name: 'full-width digits', conversation: 'A: 有问题打我手机１５８１２３４５６７８', errors: [{ turn: 0, text: '１５８１２３４５６７８' }] },
  ],
});
