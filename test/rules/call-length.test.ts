import { RuleTester } from '../../src/engine/rule-tester.js';
import { callLength } from '../../src/rules/call-length.js';
import type { Conversation } from '../../src/conversation/model.js';

const outbound = (id: string, turns: Conversation['turns']): Conversation => ({ id, channel: 'call', meta: { direction: 'outbound' }, turns });

new RuleTester().run('call-length', callLength, {
  valid: [
    { conversation: outbound('short', [{ role: 'agent', text: '您好，我是服务中心12号，麻烦您确认一下地址', start: 0, end: 5 }, { role: 'customer', text: '好的', start: 6, end: 7 }, { role: 'agent', text: '谢谢，再见', start: 100, end: 102 }]) },
    { name: 'inbound, with an inbound cap', conversation: 'A 0s: 您好\nC 5s: 查话费\nA 4:00: 好的再见', channel: 'call', options: { maxSeconds: 180, inboundMaxSeconds: 600 } },
  ],
  invalid: [
    {
      conversation: outbound('long', [
        { role: 'agent', text: '您好，我是服务中心12号，麻烦您……', start: 0, end: 5 },
        { role: 'customer', text: '嗯你说', start: 6, end: 7 },
        { role: 'agent', text: '我们最近有一个活动……', start: 150, end: 190 },
        { role: 'customer', text: '好的', start: 200, end: 201 },
      ]),
      errors: [{ turn: 2, message: '通话时长 3分21秒，超过 3分00秒 的要求' }],
    },
    { name: 'inbound over the configured cap', conversation: 'A 0s: 您好\nC 5s: 查话费\nA 11:00: 好的再见', channel: 'call', options: { maxSeconds: 180, inboundMaxSeconds: 600 }, errors: [{ turn: 2, message: /11分00秒/ }] },
  ],
  notApplicable: [
    { name: 'inbound, no cap', conversation: 'A 0s: 您好\nC 5s: 查话费\nA 9:00: 好的再见', channel: 'call' },
    { name: 'no times', conversation: outbound('untimed', [{ role: 'agent', text: '您好' }, { role: 'customer', text: '嗯' }]) },
  ],
});
