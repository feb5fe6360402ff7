import { RuleTester } from '../../src/engine/rule-tester.js';
import { longReply } from '../../src/rules/long-reply.js';

const long = '您好，关于您反映的宽带问题，我们已经详细记录，'.repeat(7); // 7 × 23 = 161 characters
const short = '您好，关于您反映的宽带问题，我们已经详细记录。';

new RuleTester().run('long-reply', longReply, {
  valid: [
    `A: ${short}`,
    { name: 'messages joined by runs of spaces are split', conversation: `A: ${short.repeat(4)}  ${short.repeat(4)}` },
    { name: 'higher threshold', options: { maxChars: 200, splitOnDoubleSpace: true }, conversation: `A: ${long}` },
    `C: ${long}`,
  ],
  invalid: [
    { conversation: `A: ${long}`, errors: [{ turn: 0, start: 0, end: long.length, message: '单条回复 161 字，超过 150 字，宜分次回答' }] },
    { name: 'one long message among short ones', conversation: `A: 好的  ${long}`, errors: [{ turn: 0, start: 4, message: /161 字/ }] },
    { name: 'no splitting when disabled', options: { maxChars: 150, splitOnDoubleSpace: false }, conversation: `A: ${short.repeat(4)}  ${short.repeat(4)}`, errors: [{ turn: 0, message: /184 字/ }] },
    { name: 'emoji count as one character each', options: { maxChars: 20, splitOnDoubleSpace: true }, conversation: 'A: 亲亲😊😊😊😊😊😊😊😊😊😊😊😊😊😊😊😊😊😊😊', errors: [{ turn: 0, message: /21 字/ }] },
  ],
});
