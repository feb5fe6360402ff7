import { RuleTester } from '../../../src/engine/rule-tester.js';
import { call, rule } from './helpers.js';

const tester = new RuleTester();

tester.run(
  'responseTime: customer → agent gap over 60 s (chat)',
  rule({
    category: 'timing',
    message: '客户等待 {{seconds}} 秒才得到回复',
    detect: { responseTime: { from: 'customer', to: 'agent', moreThan: 60 } },
  }),
  {
    valid: [
      'C 0s: 在吗\nA 20s: 您好，请问有什么可以帮您\nC 30s: 我要退货\nA 80s: 好的',
      // Agent → agent messages do not restart the clock.
      'A 0s: 您好\nA 200s: 还在吗',
    ],
    invalid: [
      {
        conversation: 'C 0s: 在吗\nC 30s: 有人吗\nA 1:35: 您好，久等了',
        errors: [{ turn: 2, text: '您好，久等了', message: '客户等待 95 秒才得到回复' }],
      },
    ],
    notApplicable: ['C: 在吗\nA: 您好'],
  },
);

tester.run(
  'responseTime: agent → customer, in a call the gap runs from the end of the utterance',
  rule({ category: 'timing', detect: { responseTime: { from: 'agent', to: 'customer', lessThan: 0.5 } } }),
  {
    valid: [{ conversation: call([['A', 0, 3, '您好，请问有什么可以帮您'], ['C', 4, 6, '我要查话费']]) }],
    invalid: [
      {
        conversation: call([['A', 0, 3, '您好，请问有什么可以帮您'], ['C', 3.2, 6, '我要查话费']]),
        errors: [{ turn: 1 }],
      },
    ],
  },
);

tester.run(
  'silence over 30 s between any consecutive turns',
  rule({ category: 'phone', message: '通话静音 {{seconds}} 秒', detect: { silence: { moreThan: 30 } } }),
  {
    valid: [{ conversation: call([['A', 0, 4, '您好'], ['C', 5, 9, '我的宽带断了'], ['A', 20, 25, '好的，我帮您查一下']]) }],
    invalid: [
      {
        conversation: call([['A', 0, 4, '您好'], ['C', 5, 9, '我的宽带断了'], ['A', 10, 12, '请稍等'], ['A', 50, 55, '查到了']]),
        errors: [{ turn: 3, message: '通话静音 38 秒' }],
      },
      { name: 'chat with ts', conversation: 'C 0s: 在吗\nA 10s: 在的\nC 50s: 好', errors: [{ turn: 2 }] },
    ],
    notApplicable: ['C: 在吗\nA: 在的'],
  },
);

tester.run(
  'speechRate over 300 chars/min of the agent in a call',
  rule({ category: 'phone', message: '客服语速 {{rate}} 字/分钟，过快', channels: ['call'], detect: { speechRate: { moreThan: 300 }, role: 'agent' } }),
  {
    valid: [
      // 12 chars in 4 s = 180/min.
      { conversation: call([['A', 0, 4, '您好，很高兴为您服务请问您'], ['C', 5, 6, '查话费']]) },
    ],
    invalid: [
      {
        // 24 chars in 4 s = 360/min; the customer's speed does not count.
        conversation: call([['A', 0, 4, '您好很高兴为您服务请问有什么可以帮您的吗您请讲吧'], ['C', 5, 6, '查话费查话费查话费']]),
        errors: [{ turn: 0, message: '客服语速 360 字/分钟，过快' }],
      },
    ],
    notApplicable: [{ conversation: 'A 0s: 您好\nC 5s: 你好', channel: 'call' }],
  },
);

tester.run(
  'speechRate per turn, too slow',
  rule({ category: 'phone', channels: ['call'], detect: { speechRate: { lessThan: 60, per: 'turn' }, role: 'agent' } }),
  {
    valid: [{ conversation: call([['A', 0, 2, '您好请讲']]) }],
    invalid: [{ conversation: call([['A', 0, 2, '您好请讲'], ['C', 3, 4, '嗯'], ['A', 5, 15, '好的']]), errors: [{ turn: 2 }] }],
  },
);

tester.run(
  'interruption: the agent starts before the customer has finished',
  rule({ category: 'phone', message: '客服抢话 {{seconds}} 秒', detect: { interruption: { moreThan: 0.5 }, role: 'agent' } }),
  {
    valid: [
      { conversation: call([['C', 0, 5, '我想问一下话费'], ['A', 5.2, 8, '好的']]) },
      // Overlap within tolerance; the customer interrupting is not the agent's fault.
      { conversation: call([['C', 0, 5, '我想问一下话费'], ['A', 4.8, 8, '好的'], ['C', 6, 9, '还有流量']]) },
    ],
    invalid: [{ conversation: call([['C', 0, 5, '我想问一下话费'], ['A', 3, 8, '您说的是哪个号码']]), errors: [{ turn: 1, message: '客服抢话 2 秒' }] }],
    notApplicable: ['C 0s: 我想问一下\nA 1s: 好的'],
  },
);

tester.run(
  'duration: calls longer than 10 minutes',
  rule({ category: 'phone', message: '通话时长 {{seconds}} 秒', detect: { duration: { moreThan: 600 } } }),
  {
    valid: [{ conversation: call([['A', 0, 3, '您好'], ['C', 4, 500, '……']]) }],
    invalid: [{ conversation: call([['A', 0, 3, '您好'], ['C', 4, 650, '……']]), errors: [{ turn: 1, message: '通话时长 650 秒' }] }],
  },
);

tester.run(
  'hangup: the agent hangs up right after the customer spoke (非正常挂机)',
  rule({
    category: 'phone',
    // The last turn of the conversation (any role) is the customer's: sameTurn intersects them.
    detect: {
      and: [
        { hangup: { by: 'agent' } },
        { and: [{ speaks: true, turns: { last: 1 } }, { speaks: true, role: 'customer' }], sameTurn: true },
      ],
    },
  }),
  {
    valid: [
      { conversation: call([['C', 0, 2, '好的谢谢'], ['A', 3, 5, '不客气，再见']], { hungUpBy: 'agent' }) },
      { conversation: call([['A', 0, 2, '您好'], ['C', 3, 5, '再见']], { hungUpBy: 'customer' }) },
    ],
    invalid: [
      {
        conversation: call([['A', 0, 2, '您好'], ['C', 3, 5, '我还有个问题']], { hungUpBy: 'agent' }),
        errors: [{ turn: 1 }],
      },
    ],
    notApplicable: [{ conversation: call([['A', 0, 2, '您好'], ['C', 3, 5, '我还有个问题']]) }],
  },
);
