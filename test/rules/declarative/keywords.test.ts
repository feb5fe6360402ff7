import { RuleTester } from '../../../src/engine/rule-tester.js';
import { rule } from './helpers.js';

const tester = new RuleTester();

tester.run(
  'keywords any, per role, with exclusions and synonyms',
  rule({
    message: '客服使用服务禁语“{{phrase}}”',
    suggestion: '对不起，我不太清楚，但我可以帮您问一问',
    detect: {
      keywords: { any: ['不知道', '不归我管', ['没办法', '没有办法']], exclude: ['如果', '情况下'], synonyms: [['不归我管', '不是我负责']] },
      role: 'agent',
    },
  }),
  {
    valid: [
      'C: 我的快递到哪了\nA: 您好，我帮您查询一下',
      // The customer may say it; the rule is per role.
      'C: 我也不知道怎么办\nA: 您别着急，我来帮您处理',
      // Exclusion in the same sentence voids the hit (conditional, not a refusal).
      'C: 还是不行\nA: 如果重启后依然不行，您再联系我们',
      'A: 在您不知道的情况下扣费是不应该的，我帮您申请退款',
    ],
    invalid: [
      {
        conversation: 'C: 发票什么时候开\nA: 这个小妹也不知道呢',
        errors: [{ turn: 1, text: '不知道', start: 5, end: 8, message: '客服使用服务禁语“不知道”', suggestion: /帮您问一问/ }],
      },
      {
        name: 'exclusion in another sentence does not void the hit',
        conversation: 'C: 能改地址吗\nA: 如果是这样。我也没办法',
        errors: [{ turn: 1, text: '没办法' }],
      },
      {
        name: 'synonym of a keyword counts as the keyword',
        conversation: 'C: 退款怎么还没到\nA: 这个不是我负责的，您找财务',
        errors: [{ turn: 1, text: '不是我负责' }],
      },
      {
        name: 'inline synonym group, two findings in two turns',
        conversation: 'A: 没有办法的\nC: 那怎么办\nA: 真的没办法',
        errors: [
          { turn: 0, text: '没有办法' },
          { turn: 2, text: '没办法' },
        ],
      },
    ],
  },
);

tester.run(
  'keywords all within one sentence',
  rule({
    detect: { keywords: { all: ['退款', '不可以'], scope: 'sentence' }, role: 'agent' },
  }),
  {
    valid: ['A: 退款已经提交了。这个颜色不可以换', 'A: 退款马上到账'],
    invalid: [{ conversation: 'C: 我要退款\nA: 抱歉，退款是不可以的哦', errors: [{ turn: 1, text: '退款是不可以' }] }],
  },
);

tester.run(
  'keywords all across the window (the whole conversation)',
  rule({
    detect: { keywords: { all: ['身份证', '银行卡密码'], scope: 'window' }, role: 'agent' },
  }),
  {
    valid: ['A: 请提供您的身份证号后四位\nC: 1234\nA: 核实通过'],
    invalid: [
      {
        conversation: 'A: 请提供您的身份证号\nC: 好的\nA: 再说一下银行卡密码',
        errors: [
          { turn: 0, text: '身份证' },
          { turn: 2, text: '银行卡密码' },
        ],
      },
    ],
  },
);

tester.run(
  'keywords atLeast N of, in one turn',
  rule({
    message: '客服一句话里罗列了 {{times}} 个推脱理由',
    detect: { keywords: { atLeast: 2, of: ['系统问题', '不是我们的责任', '找快递', '没办法'] }, role: 'agent' },
  }),
  {
    valid: ['A: 这是系统问题，我马上帮您反馈', 'A: 系统问题\nA: 您找快递问一下吧'],
    invalid: [
      {
        conversation: 'C: 怎么还没到\nA: 这是系统问题，不是我们的责任',
        errors: [{ turn: 1, text: '系统问题，不是我们的责任', message: '客服一句话里罗列了 2 个推脱理由' }],
      },
    ],
  },
);

tester.run(
  'keywords any with times (repeated 亲 in one turn)',
  rule({ detect: { keywords: { any: ['亲'], times: 3 }, role: 'agent' } }),
  {
    valid: ['A: 亲，您好，亲'],
    invalid: [{ conversation: 'A: 亲，亲，亲，在吗', errors: [{ turn: 0, start: 0, end: 5 }] }],
  },
);

tester.run(
  'keywords none: every agent turn in range must avoid all phrases (last agent turn lacks a closing)',
  rule({
    detect: { keywords: { none: ['再见', '祝您生活愉快', '感谢您的支持'] }, role: 'agent', turns: { last: 1 } },
  }),
  {
    valid: ['C: 好的谢谢\nA: 感谢您对京东的支持，祝您生活愉快，再见'],
    invalid: [{ conversation: 'A: 您好\nC: 好的谢谢\nA: 嗯嗯', errors: [{ turn: 2, text: '嗯嗯' }] }],
  },
);

tester.run(
  'keywords with a phrase list from settings (亲 forbidden in telecom)',
  rule({ detect: { keywords: { any: [{ list: 'telecomForbidden' }] }, role: 'agent' } }),
  {
    valid: [{ conversation: 'A: 亲，您好', settings: { phraseLists: {} } }],
    invalid: [{ conversation: 'A: 亲，您好', settings: { phraseLists: { telecomForbidden: ['亲'] } }, errors: [{ turn: 0, text: '亲' }] }],
  },
);

tester.run(
  'keywords in the first N turns (greeting must come in the first agent turn)',
  rule({ require: { keywords: { any: ['您好', '你好'] }, role: 'agent', turns: { first: 1 } } }),
  {
    valid: ['C: 在吗\nA: 您好，请问有什么可以帮您', 'A: 你好\nA: 请讲'],
    invalid: [{ conversation: 'C: 在吗\nA: 在的\nA: 您好', errors: [{ turn: 1, text: '在的' }] }],
    notApplicable: ['C: 在吗\nC: 有人吗'],
  },
);

tester.run(
  'keywords in an index range (from/to, negative from the end)',
  rule({ detect: { keywords: { any: ['好评'] }, role: 'agent', turns: { from: 0, to: -2 } } }),
  {
    valid: ['A: 您好\nC: 解决了\nA: 麻烦给个好评哦'],
    invalid: [{ conversation: 'A: 您好，记得好评\nC: 嗯\nA: 再见', errors: [{ turn: 0, text: '好评' }] }],
  },
);
