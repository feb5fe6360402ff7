import { describe, expect, it } from 'vitest';
import { RuleTester } from '../../../src/engine/rule-tester.js';
import { call, rule } from './helpers.js';

const tester = new RuleTester();

const complaint = rule({
  category: 'complaint',
  severity: 'error',
  message: '客户提到投诉后，客服两句内未致歉',
  suggestion: '非常抱歉给您带来不便，我马上为您处理',
  require: {
    or: [{ keywords: { any: ['抱歉', '对不起', '不好意思'] } }, { similarTo: { examples: ['给您带来不便了'], threshold: 0.8 } }],
    after: { condition: { keywords: { any: ['投诉', '12315', '差评'], exclude: ['不投诉'] }, role: 'customer' }, within: 2, count: 'agent' },
  },
});

tester.run('require + after within 2 agent turns: complaint → apology', complaint, {
  valid: [
    'A: 您好\nC: 再不处理我就打12315投诉\nA: 非常抱歉，我马上帮您加急',
    'C: 我要投诉你们\nA: 您先别着急\nA: 真的对不起，这就为您处理',
    'C: 我要给差评\nA: 给您带来不便了，马上为您补发',
  ],
  invalid: [
    {
      conversation: 'A: 您好\nC: 我要投诉你们快递\nA: 投诉请拨打热线\nA: 还有其他问题吗\nA: 抱歉',
      errors: [{ turn: 1, text: '投诉', start: 2, end: 4, message: '客户提到投诉后，客服两句内未致歉', suggestion: /非常抱歉/ }],
    },
    {
      name: 'each complaint is judged on its own; the last one got no reply at all',
      conversation: 'C: 我要投诉\nA: 抱歉抱歉\nC: 还是不行，我要打12315',
      errors: [{ turn: 2, text: '12315' }],
    },
  ],
  notApplicable: ['C: 我不投诉，就问问\nA: 好的', 'C: 在吗\nA: 您好'],
});

tester.run(
  'detect + before (no within): pushing 好评 before the customer confirms the problem is solved',
  rule({
    category: 'scenario',
    message: '问题未解决前客服索要好评',
    detect: {
      keywords: { any: ['好评', '五星'] },
      role: 'agent',
      before: { condition: { keywords: { any: ['解决了', '好了', '可以了', '收到了'] }, role: 'customer' } },
    },
  }),
  {
    valid: ['C: 收不到验证码\nA: 您重启试试\nC: 可以了\nA: 满意的话给个好评哦', 'C: 查快递\nA: 已经发出了'],
    invalid: [
      { conversation: 'C: 收不到验证码\nA: 记得给五星哦，您重启试试\nC: 可以了', errors: [{ turn: 1, text: '五星' }] },
      { name: 'never solved: every push is before', conversation: 'C: 收不到验证码\nA: 给个好评吧', errors: [{ turn: 1, text: '好评' }] },
    ],
  },
);

tester.run(
  'after with minSeconds: 稍等 followed more than 60 s later must say 久等',
  rule({
    category: 'courtesy',
    message: '让客户等待超过 60 秒后未致歉“让您久等了”',
    suggestion: '不好意思，让您久等了',
    detect: {
      keywords: { none: ['久等', '久候'] },
      role: 'agent',
      after: { condition: { keywords: { any: ['稍等', '稍候'] }, role: 'agent' }, within: 1, minSeconds: 60 },
    },
  }),
  {
    valid: [
      'C 0s: 帮我查下订单\nA 5s: 好的请稍等\nA 30s: 查到了，明天送达',
      'C 0s: 帮我查下订单\nA 5s: 好的请稍等\nA 1:30: 让您久等了，查到了',
    ],
    invalid: [{ conversation: 'C 0s: 帮我查下订单\nA 5s: 好的请稍等\nC 40s: ？\nA 1:30: 查到了，明天送达', errors: [{ turn: 3, text: '查到了，明天送达' }] }],
    notApplicable: ['C: 帮我查下订单\nA: 好的请稍等\nA: 查到了'],
  },
);

tester.run(
  'require + after with minSeconds: a quick follow-up is not checked',
  rule({
    category: 'courtesy',
    require: {
      keywords: { any: ['久等'] },
      role: 'agent',
      after: { condition: { keywords: { any: ['稍等'] }, role: 'agent' }, within: 1, minSeconds: 60 },
    },
  }),
  {
    valid: ['A 0s: 请稍等\nA 10s: 查到了', 'A 0s: 请稍等\nA 70s: 让您久等了'],
    invalid: [{ conversation: 'A 0s: 请稍等\nA 70s: 查到了', errors: [{ turn: 0, text: '稍等' }] }],
  },
);

tester.run(
  'around: a refund promise must come with a time within one turn either side',
  rule({
    category: 'scenario',
    require: {
      regex: '\\d+(个)?(工作日|小时|天)',
      role: 'agent',
      around: { condition: { keywords: { any: ['退款'] }, role: 'agent' }, within: 1 },
    },
  }),
  {
    valid: ['A: 已为您申请退款\nA: 预计3个工作日到账', 'A: 退款24小时内到账'],
    invalid: [{ conversation: 'A: 已为您申请退款\nC: 好\nA: 请耐心等待\nA: 5天内到账', errors: [{ turn: 0, text: '退款' }] }],
  },
);

tester.run(
  'position + require: the last agent turn must close politely',
  rule({
    category: 'closing',
    require: { keywords: { any: ['再见', '祝您生活愉快', '感谢您'] }, role: 'agent', turns: { last: 1 } },
  }),
  {
    valid: ['A: 您好\nC: 谢谢\nA: 不客气，祝您生活愉快'],
    invalid: [{ conversation: 'A: 您好，再见前请确认\nC: 谢谢\nA: 嗯', errors: [{ turn: 2, text: '嗯' }] }],
  },
);

tester.run(
  'and sameTurn with not: an agent turn about refunds without a time frame',
  rule({
    category: 'scenario',
    detect: { and: [{ keywords: { any: ['退款'] }, role: 'agent' }, { not: { regex: '\\d+(个)?(工作日|天)' } }], sameTurn: true },
  }),
  {
    valid: ['A: 退款3个工作日到账', 'C: 我要退款\nA: 好的'],
    invalid: [{ conversation: 'A: 退款3天到账\nC: 那另一单呢\nA: 另一单退款也在处理', errors: [{ turn: 2, text: '退款' }] }],
  },
);

tester.run(
  'and / not over the conversation: the agent never greeted and never said goodbye',
  rule({
    category: 'opening',
    detect: { and: [{ not: { keywords: { any: ['您好'] }, role: 'agent' } }, { not: { keywords: { any: ['再见'] }, role: 'agent' } }] },
  }),
  {
    valid: ['A: 您好\nC: 在吗', 'C: 在吗\nA: 在，再见'],
    invalid: [{ conversation: 'C: 在吗\nA: 在\nA: 嗯', errors: [{ turn: 1, text: '在' }] }],
  },
);

tester.run(
  'speaks: the conversation ends with an unanswered customer turn (角色判断)',
  rule({
    category: 'closing',
    detect: { and: [{ speaks: true, turns: { last: 1 } }, { speaks: true, role: 'customer' }], sameTurn: true },
  }),
  {
    valid: ['C: 在吗\nA: 在的'],
    invalid: [{ conversation: 'C: 在吗\nA: 在的\nC: 我要退货', errors: [{ turn: 2, text: '我要退货' }] }],
  },
);

tester.run(
  '亲 in telecom calls (channel-restricted rule)',
  rule({
    category: 'forbidden',
    channels: ['call'],
    detect: { keywords: { any: ['亲', '亲亲'], exclude: ['亲自', '亲戚', '父亲', '母亲'] }, role: 'agent' },
  }),
  {
    valid: [{ conversation: call([['A', 0, 3, '您好，需要您亲自到营业厅办理']]) }],
    invalid: [{ conversation: call([['A', 0, 3, '亲，您的话费已到账']]), errors: [{ turn: 0, text: '亲' }] }],
  },
);

describe('rule meta of compiled declarative rules', () => {
  it('keeps meta from the spec and marks simple text rules real-time safe', () => {
    const simple = rule({ detect: { keywords: { any: ['不知道'] }, role: 'agent' } });
    expect(simple.meta).toMatchObject({ id: 'test-rule', category: 'scenario', defaultSeverity: 'warn', scope: 'turn', realtime: true, channels: ['chat', 'call', 'email'] });
    expect(simple.meta.source).toEqual({ kefuAddition: true, reason: '测试用' });
    expect(complaint.meta).toMatchObject({ scope: 'conversation', realtime: false, defaultSeverity: 'error' });
  });

  it('puts keyword phrases into named groups of the shared automaton', () => {
    const groups = complaint.phrases!({ options: {}, settings: { allowQin: false, phraseLists: {} } });
    expect(Object.values(groups).flat()).toEqual(expect.arrayContaining(['抱歉', '投诉', '12315', '不投诉']));
  });

  it('takes source citations from the standard', () => {
    const cited = rule({ kefuAddition: undefined, source: { file: '001.txt', quote: '所有客服必须做到60秒内答复' }, detect: { speaks: true } });
    expect(cited.meta.source).toEqual({ file: '001.txt', quote: '所有客服必须做到60秒内答复' });
  });
});
