import { RuleTester } from '../../src/engine/rule-tester.js';
import { answerRings } from '../../src/rules/answer-rings.js';

new RuleTester().run('answer-rings', answerRings, {
  valid: [
    { conversation: 'A 0s: 您好，服务中心，请问有什么可以帮您？\nC 3s: 我想查一下话费', channel: 'call', call: { rings: 2 } },
    { conversation: 'A 0s: 您好，1024号很高兴为您服务\nC 3s: 我家宽带断了', channel: 'call', call: { rings: 3 } },
    {
      name: '6 rings, apologised in the first sentence',
      conversation: 'A 0s: 对不起，刚才因为线路忙，让您久等了！请问有什么可以帮助您？\nC 5s: 我要报修',
      channel: 'call',
      call: { rings: 6 },
      options: { maxRings: 6, apologiseAtRings: 6, openingAgentTurns: 2 },
    },
    {
      name: 'waiting complaint answered with 久等 (Traditional and full-width)',
      conversation: 'A 0s: 您好，服務中心，請問有什麼可以幫您？\nC 3s: 怎麼這麼久才接啊！打了好幾遍了\nA 6s: 非常抱歉讓您久等了，請問您要辦理什麼業務？',
      channel: 'call',
    },
  ],
  invalid: [
    {
      name: 'answered at the 5th ring',
      conversation: 'A 0s: 您好，服务中心，请问有什么可以帮您？\nC 3s: 我查话费',
      channel: 'call',
      call: { rings: 5 },
      errors: [{ turn: 0, message: '电话铃响 5 声才接听，应在 3 声内接听' }],
    },
    {
      name: '7 rings and no apology',
      conversation: 'A 0s: 您好很高兴您服务\nC 3s: 嗯我问一下流量',
      channel: 'call',
      call: { rings: 7 },
      errors: [{ turn: 0, message: /3 声内/ }, { turn: 0, message: /未向客户致歉/, suggestion: /让您久等了/ }],
    },
    {
      name: 'customer complains of waiting, agent just carries on 😅',
      conversation: 'A 0s: 您好，请问有什么可以帮您？\nC 4s: 一直占线，打了半天才打通\nA 8s: 请问您要办理什么业务😅',
      channel: 'call',
      errors: [{ turn: 2, message: '客户抱怨等待过久，客服未致歉「让您久等了」' }],
    },
  ],
  notApplicable: [{ conversation: 'A 0s: 您好，请问有什么可以帮您？\nC 3s: 查话费', channel: 'call' }],
});
