import { RuleTester } from '../../src/engine/rule-tester.js';
import { hangUpLast } from '../../src/rules/hang-up-last.js';

new RuleTester().run('hang-up-last', hangUpLast, {
  valid: [
    { conversation: 'A 0s: 您好\nC 2s: 谢谢再见\nA 4s: 感谢您的来电，再见！', channel: 'call', call: { hungUpBy: 'customer' } },
    {
      conversation: 'A 0s: 请问还有什么可以帮助您？\nC 5s: \nA 10s: 對不起，我掛線了。',
      channel: 'call',
      call: { hungUpBy: 'agent' },
    },
    { conversation: 'A 0s: 您好\nC 2s: 好\nA 4s: 再见', channel: 'call', call: { hungUpBy: 'system' } },
  ],
  invalid: [
    { conversation: 'A 0s: 您好\nC 2s: 好的\nA 4s: 嗯，拜拜👋', channel: 'call', call: { hungUpBy: 'agent' }, errors: [{ turn: 2, message: /我挂线了/, suggestion: /对不起，我挂线了/ }] },
    { conversation: 'A 0s: 您好很高兴您服务\nC 2s: 查话费\nA 4s: 已经发短信给您了', channel: 'call', call: { hungUpBy: 'agent' }, errors: [{ turn: 2 }] },
  ],
  notApplicable: [{ conversation: 'A 0s: 您好\nC 2s: 好的\nA 4s: 再见', channel: 'call' }],
});
