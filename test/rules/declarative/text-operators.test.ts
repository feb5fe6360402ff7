import { describe, expect, it } from 'vitest';
import { RuleTester } from '../../../src/engine/rule-tester.js';
import { charVector, cosine, splitSentences } from '../../../src/rules/declarative/text.js';
import { normalize } from '../../../src/text/normalize.js';
import { rule } from './helpers.js';

const tester = new RuleTester();

tester.run(
  'regex with not: a full phone number sent by the agent, unless masked',
  rule({
    category: 'privacy',
    message: '客服发送了完整手机号',
    detect: { regex: { pattern: '1[3-9]\\d{9}', not: '尾号|\\*{4}' }, role: 'agent' },
  }),
  {
    valid: ['A: 您预留的手机尾号13812345678的那个吗', 'C: 我的手机是13812345678\nA: 好的，已为您登记', 'A: 联系电话138****5678'],
    invalid: [
      { conversation: 'C: 电话多少\nA: 师傅电话是13812345678，您直接联系', errors: [{ turn: 1, text: '13812345678', start: 5, end: 16 }] },
      {
        name: 'not applies to the match sentence only',
        conversation: 'A: 您的尾号是5678。师傅电话13912345678',
        errors: [{ turn: 0, text: '13912345678' }],
      },
      {
        name: 'full-width digits are matched on normalised text, span reported in the original',
        conversation: 'A: 电话：１３８１２３４５６７８',
        errors: [{ turn: 0, text: '１３８１２３４５６７８', start: 3, end: 14 }],
      },
    ],
  },
);

tester.run(
  'regex shorthand with Chinese and case folding',
  rule({ detect: { regex: '(不|没)(知道|清楚)的?(哦|呢)', role: 'agent' } }),
  {
    valid: ['A: 我帮您问一下，稍后答复您'],
    invalid: [{ conversation: 'A: 这个我们不清楚的哦', errors: [{ turn: 0, text: '不清楚的哦' }] }],
  },
);

tester.run(
  'similarTo: paraphrases of pushing for a good review',
  rule({
    message: '客服索要好评（相似度 {{similarity}}）',
    detect: { similarTo: { examples: ['麻烦您给个五星好评', '记得给我们好评哦'], threshold: 0.6 }, role: 'agent' },
  }),
  {
    valid: ['A: 您好，请问还有什么可以帮您？', 'C: 我给你们五星好评\nA: 谢谢您的认可'],
    invalid: [
      {
        conversation: 'C: 问题解决了\nA: 好的亲。麻烦给个五星好评哦！',
        errors: [{ turn: 1, text: '麻烦给个五星好评哦！', message: /^客服索要好评（相似度 0\.\d+）$/ }],
      },
    ],
  },
);

tester.run(
  'similarTo on whole turns',
  rule({ detect: { similarTo: { examples: ['非常抱歉给您带来不便'], scope: 'turn', threshold: 0.7 }, role: 'agent' } }),
  {
    valid: ['A: 好的，马上为您处理'],
    invalid: [{ conversation: 'A: 真的非常抱歉给您带来了不便', errors: [{ turn: 0, start: 0, end: 13 }] }],
  },
);

tester.run(
  'repeat: the same canned reply three times within five agent turns',
  rule({
    message: '客服重复发送相同话术 {{times}} 次',
    detect: { repeat: { times: 3, within: 5, similarity: 0.85, exclude: ['您好'] }, role: 'agent' },
  }),
  {
    valid: [
      'C: 到哪了\nA: 正在为您查询物流信息\nC: 好\nA: 包裹已到达北京转运中心\nC: 好的',
      // Short replies are not checked.
      'A: 好的\nA: 好的\nA: 好的',
      // Excluded phrases.
      'A: 您好请问有什么可以帮您\nA: 您好请问有什么可以帮您\nA: 您好请问有什么可以帮您',
    ],
    invalid: [
      {
        conversation: 'C: 在吗\nA: 亲，请耐心等待，正在为您处理\nC: 多久\nA: 亲，请耐心等待，正在为您处理\nC: ？？\nA: 亲请耐心等待，正在为您处理哦',
        errors: [{ turn: 5, message: '客服重复发送相同话术 3 次' }],
      },
    ],
  },
);

describe('text helpers', () => {
  it('splits sentences on normalised terminators, not on decimal points', () => {
    const text = normalize('价格是1.5元。好的！还有吗？？嗯').text;
    expect(splitSentences(text).map(([s, e]) => text.slice(s, e))).toEqual(['价格是1.5元。', '好的!', '还有吗??', '嗯']);
  });
  it('bigram cosine ranks paraphrases above unrelated sentences', () => {
    const base = charVector('非常抱歉给您带来不便');
    expect(cosine(base, charVector('很抱歉给您带来了不便'))).toBeGreaterThan(0.6);
    expect(cosine(base, charVector('您的快递已经发出'))).toBeLessThan(0.2);
    expect(cosine(base, charVector(''))).toBe(0);
  });
});
