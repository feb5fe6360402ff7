import { describe, expect, it } from 'vitest';
import { RuleTester } from '../../src/engine/rule-tester.js';
import { emojiPerMessage, hasEmoticon, mayHavePictograph } from '../../src/rules/emoji-per-message.js';

describe('mayHavePictograph', () => {
  it('lets through every BMP Extended_Pictographic character and every surrogate, and no CJK text or punctuation', () => {
    const pictograph = /\p{Extended_Pictographic}/u;
    for (let code = 0; code < 0x10000; code++) {
      const ch = String.fromCharCode(code);
      if (pictograph.test(ch)) expect(mayHavePictograph(`好的${ch}`), code.toString(16)).toBe(true);
    }
    expect(mayHavePictograph('好的😊')).toBe(true);
    expect(mayHavePictograph('您好，请问有什么可以帮您？“亲”……【订单】,ok!')).toBe(false);
  });
});

describe('hasEmoticon', () => {
  it('finds every kind of emoticon in running text, and no anonymisation token', () => {
    const emoticons = ['^_^', '(*^__^*)', 'O(∩_∩)O', '>_<', '＞_＜', 'T_T', '=_=', ':)', ';-)', ':D', '^^', '^o^', '(╯▽╰)', 'ε٩(๑> ₃ <)۶', '#E-s01', '/:^_^', '[呵呵]', '😊', '☀', '©'];
    for (const e of emoticons) expect(hasEmoticon(`好的${e}马上为您处理`, false), e).toBe(true);
    expect(hasEmoticon('好的~', true)).toBe(true);
    expect(hasEmoticon('好的~', false)).toBe(false);
    expect(hasEmoticon('好的，[数字x]号订单已经发货了，请注意查收。', false)).toBe(false);
  });
});

new RuleTester().run('emoji-per-message', emojiPerMessage, {
  valid: [
    'C: 在吗\nA: 亲，您好，欢迎光顾😊',
    'A: 好的呢[呵呵]\nA: 马上为您查询^_^\nA: 已经发货啦 O(∩_∩)O',
    'A: 非常感谢~(>^ω^<)~',
    'A: 收到 :)',
    'A: 已为您登记 ✔',
    'A: 天气转凉，注意保暖 ☀',
    { name: 'one per three messages', options: { everyN: 3, countTilde: false }, conversation: 'A: 好的\nA: 稍等\nA: 查到了😊' },
    { name: 'tilde counted when asked', options: { everyN: 1, countTilde: true }, conversation: 'A: 好的呢~' },
  ],
  invalid: [
    { conversation: 'C: 发货了吗\nA: 已经发货了', errors: [{ turn: 1, message: '聊天消息没有表情（001：每句聊天中必需要有表情）', suggestion: '已经发货了 ^_^' }] },
    { name: 'a tilde is a tone mark', conversation: 'A: 好的呢~', errors: [{ turn: 0 }] },
    { name: 'an anonymisation token is not an emoticon', conversation: 'A: [订单x] 这个订单吗', errors: [{ turn: 0 }] },
    { name: 'every message', conversation: 'A: 好的😊\nA: 稍等\nA: 查到了', errors: [{ turn: 1 }, { turn: 2 }] },
    { name: 'one per two messages', options: { everyN: 2, countTilde: false }, conversation: 'A: 好的\nA: 稍等\nA: 查到了😊\nA: 嗯\nA: 好', errors: [{ turn: 1, message: '连续 2 句聊天消息都没有表情' }, { turn: 4 }] },
    { name: 'explicit Traditional', twin: false, conversation: 'A: 您好，請問有什麼可以幫您？', errors: [{ turn: 0 }] },
  ],
});
