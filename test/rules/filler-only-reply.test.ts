import { RuleTester } from '../../src/engine/rule-tester.js';
import { fillerOnlyReply } from '../../src/rules/filler-only-reply.js';

new RuleTester().run('filler-only-reply', fillerOnlyReply, {
  valid: [
    'C: 在吗\nA: 嗯嗯，在的呢，请问有什么可以帮您？',
    'A: 好的',
    'A: 嗯，好的',
    'A: [呵呵]',
    'A: [姓名x]呢',
    'C: 嗯\nA: 好的，马上为您查询',
    { channel: 'call', conversation: 'A 0s: 嗯好的您稍等，我查一下' },
  ],
  invalid: [
    { conversation: 'C: 那就是明天到吧\nA: 嗯', errors: [{ turn: 1, text: '嗯', suggestion: '好的，我明白了，马上为您处理' }] },
    { conversation: 'A: 嗯嗯～', errors: [{ turn: 0, text: '嗯嗯～' }] },
    { name: 'whitespace trimmed from the span', conversation: { id: 'ws', channel: 'chat', turns: [{ role: 'agent', text: '  嗯嗯  ' }] }, errors: [{ turn: 0, start: 2, end: 4 }] },
    { conversation: 'A: 恩！😊', errors: [{ turn: 0 }] },
    { conversation: 'A: 哦哦', errors: [{ turn: 0 }] },
    { conversation: 'A: 额............', errors: [{ turn: 0 }] },
    { conversation: 'A: 嗯呢~', errors: [{ turn: 0 }] },
    { name: 'explicit Traditional', twin: false, conversation: 'A: 噢噢。', errors: [{ turn: 0 }] },
    { name: 'ASR back-channel in a call', channel: 'call', conversation: 'C 0s: 我上个月的话费好像多扣了\nA 4s: 嗯', errors: [{ turn: 1 }] },
  ],
});
