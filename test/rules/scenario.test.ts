/**
 * Every scenario-script rule (one per situation family of 004 §1–§34), with realistic cases:
 * Simplified and (generated) Traditional, full-width punctuation, emoji, ASR slips.
 */
import { RuleTester, type InvalidCase, type RuleTests, type TesterCase } from '../../src/engine/rule-tester.js';
import { SCENARIO_RULES } from '../../src/rules/scenario/rules.js';
import { describe, expect, it } from 'vitest';

type Cases = { valid: Array<TesterCase | string>; invalid: InvalidCase[]; notApplicable?: RuleTests['notApplicable'] };
const call = (conversation: string, extra: Partial<TesterCase> = {}): TesterCase => ({ conversation, channel: 'call', ...extra });
const bad = (conversation: string, errors: InvalidCase['errors'], extra: Partial<TesterCase> = {}): InvalidCase => ({ conversation, errors, ...extra });

const CASES: Record<string, Cases> = {
  'scenario-customer-greeting': {
    valid: [call('A 0s: 您好很高兴您服务\nC 2s: 小姐，您好。\nA 4s: 您好，请问有什么可以帮助您？'), 'C: 你好，在吗？\nA: 亲，您好，欢迎光顾，很高兴为您服务😊'],
    invalid: [
      bad('A 0s: 服务中心\nC 2s: 小姐您好\nA 4s: 喂，说吧！', [{ turn: 2, text: '说吧', message: /不应说「说吧」/ }], { channel: 'call' }),
      bad('C: 在吗在吗\nA: [链接x]', [{ turn: 1, message: /未按标准话术回应/, suggestion: /欢迎光顾/ }]),
      bad('C: 有人吗？？', [{ turn: 0, message: /客服没有回应/ }]),
    ],
  },
  'scenario-dialect': {
    valid: [call('A 0s: 您好\nC 2s: 我普通话不好，你听得懂四川话不\nA 5s: 对不起，请您讲普通话，好吗？谢谢！')],
    invalid: [bad('A 0s: 您好\nC 2s: 我不会讲普通话哦\nA 5s: 听不懂你说什么', [{ turn: 2, text: '听不懂你说什么' }], { channel: 'call' })],
  },
  'scenario-personal-call': {
    valid: [call('A 0s: 您好\nC 2s: 我是她朋友，让她接电话\nA 5s: 对不起，公司有规定，上班时间不允许接听私人电话，请您下班后再与她联系，谢谢您，再见！')],
    invalid: [bad('A 0s: 您好\nC 2s: 叫她接电话，我是她家人\nA 5s: 她在忙', [{ turn: 2, suggestion: /私人电话/ }], { channel: 'call' })],
  },
  'scenario-note-down': {
    valid: [call('C 0s: 维修点电话多少\nA 2s: 麻烦您记录一下，好吗？维修点电话是4008208820')],
    invalid: [bad('C 0s: 地址是哪里\nA 2s: 地址是浦东新区张江路一百号三楼三零二室', [{ turn: 1, message: /需要客户记录/ }], { channel: 'call' })],
    notApplicable: undefined,
  },
  'scenario-wrong-number': {
    valid: [call('A 0s: 您好\nC 2s: 不是医院吗？\nA 4s: 对不起，这里是申通客服部，请您查证后再拨。')],
    invalid: [
      bad('A 0s: 您好\nC 2s: 啊，我打错了吧\nA 4s: 打错电话了！请看清楚后再拨', [{ turn: 2, text: '打错电话了！' }], { channel: 'call' }),
      bad('A 0s: 喂，是张先生吗？\nC 2s: 不是\nA 4s: 哦拨错了', [{ turn: 2, suggestion: /打扰了您/ }], { channel: 'call' }),
    ],
  },
  'scenario-internal-number': {
    valid: ['C: 把快递员电话给我\nA: 亲，您能否将具体情况告诉我，我帮您联系好吗？'],
    invalid: [bad('C: 快递员的电话多少\nA: [电话x]', [{ turn: 1, suggestion: /我帮您联系/ }])],
  },
  'scenario-manager-request': {
    valid: [call('A 0s: 您好\nC 2s: 我不跟你说，叫你们经理来\nA 4s: 请稍等，我帮您看看在哪个位置，请不要挂线')],
    invalid: [bad('C: 找你们领导！\nA: 找领导也没用的', [{ turn: 1, text: '找领导也没用' }])],
  },
  'scenario-transfer': {
    valid: [call('C 0s: 我要办宽带\nA 2s: 请稍等，我帮您转到宽带专席')],
    invalid: [bad('C 0s: 我要办宽带\nA 2s: 给您转接到宽带专席', [{ turn: 1, message: /帮客户转接电话/ }], { channel: 'call' })],
  },
  'scenario-service-request': {
    valid: ['C: 卫生间漏水了，派人过来看看\nA: 请问您的房号是多少？我马上派人过去'],
    invalid: [bad('C: 我家停电了\nA: 您自己看看电闸吧', [{ turn: 1, suggestion: /房号/ }]), bad('C: 空调坏了\nA: 这个您自己修一下', [{ turn: 1, text: '自己修' }])],
  },
  'scenario-slow-answer-complaint': {
    valid: [
      'C: 怎么这么久才回复？\nA: 亲，很抱歉，让您久等了',
      'C: 你怎么这么慢！\nA: 對不起，讓您久等了，我將盡快幫您處理。',
      { name: 'opening complaint on a call is answer-rings’ business', conversation: 'A 0s: 您好\nC 2s: 打了好几遍才打通\nA 4s: 请问办理什么业务', channel: 'call' },
    ],
    invalid: [
      bad('C: 在吗\nA: 在的\nC: 等了半天了，人呢？\nA: 我也没办法，排队的人多', [{ turn: 3, text: '我也没办法' }]),
      bad('C: 你怎么这么慢，是新来的吧\nA: 不好意思我是新手啦😅', [{ turn: 1, text: '我是新手' }]),
      bad('C: 磨磨蹭蹭的\nA: 正在查询', [{ turn: 1, suggestion: /让您久等了/ }]),
    ],
  },
  'scenario-abusive-customer': {
    valid: ['C: 你们这帮骗子！什么垃圾公司\nA: 对不起，先生，请问有什么可以帮助您？', 'C: 收到一堆垃圾短信\nA: 请您提供号码'],
    invalid: [
      bad('C: 你他妈的会不会办事\nA: 你嘴巴干净一点，这又不是我的错', [{ turn: 1, text: '嘴巴干净一点', severity: 'error' }]),
      bad('C: 神经病啊你们\nA: 您说的问题已记录', [{ turn: 1, severity: 'warn', suggestion: /请问有什么可以帮助您/ }]),
    ],
  },
  'scenario-attitude-complaint': {
    valid: [
      call('A 0s: 您好\nC 2s: 刚才那个客服态度太差了\nA 5s: 对不起，由于我们服务不周给您添麻烦了，请您原谅，您是否能将详细情况告诉我？'),
      'C: 你这样做不对\nA: 谢谢您的教导，我会马上改正的！',
    ],
    invalid: [
      bad('A 0s: 您好\nC 2s: 我要投诉刚才那个客服，态度恶劣\nA 5s: 刚才的电话不是我接的呀', [{ turn: 2, text: '刚才的电话不是我', severity: 'error' }], { channel: 'call' }),
      bad('C: 你什么态度\nA: 请问还有别的问题吗', [{ turn: 1, message: /态度不好/ }]),
    ],
  },
  'scenario-error-complaint': {
    valid: ['C: 你们给我发错货了！\nA: 对不起，给您添麻烦了，我会将您反映的问题如实上报负责人，并尽快核实处理，给您带来的不便请您原谅！'],
    invalid: [
      bad('C: 你们把我的地址录错了\nA: 这不关我的事，我不清楚，您打别的电话吧', [{ turn: 1, text: '这不关我的事', severity: 'error' }]),
      bad('C: 账单算错了\nA: 您稍等', [{ turn: 1, suggestion: /如实上报/ }]),
    ],
    notApplicable: undefined,
  },
  'scenario-needs-waiting': {
    valid: ['C: 查下物流\nA: 对不起，请您稍等片刻，好吗？我帮您查一下', 'C: 好了没有啊\nA: 亲，很抱歉，让您久等了，已经查到了'],
    invalid: [
      bad('C: 查下话费\nA: 我查一下。', [{ turn: 1, message: /需要客户等待/, suggestion: /请您稍等片刻/ }]),
      bad('C: 还要等多久？\nA: 急什么', [{ turn: 1, text: '急什么' }]),
    ],
  },
  'scenario-equipment-fault': {
    valid: [call('C 0s: 帮我改下套餐\nA 2s: 对不起，线路正在调整，请您稍后再来电，好吗？')],
    invalid: [
      bad('C: 帮我改下地址\nA: 系统故障，改不了', [{ turn: 1, suggestion: /线路正在调整/ }]),
      bad('C: 查下余额\nA: 抱歉，系统维护中', [{ turn: 1, message: /设备故障/ }]),
    ],
  },
  'scenario-personal-info-request': {
    valid: ['C: 你叫什么名字？\nA: 对不起，我的工号是1024号。'],
    invalid: [
      bad('C: 你叫什么名字\nA: 关你什么事', [{ turn: 1, text: '关你什么事', severity: 'error' }]),
      bad('C: 你电话多少\nA: 嘿嘿不方便哦', [{ turn: 1, suggestion: /工号/ }]),
    ],
  },
  'scenario-suggestion': {
    valid: ['C: 我有个建议，你们应该加个夜间客服\nA: 谢谢您，您提出的宝贵建议，我们将及时反馈给公司相关负责人员'],
    invalid: [bad('C: 建议你们把包装做好一点\nA: 好的', [{ turn: 1, message: /提出建议/ }]), bad('C: 提个意见\nA: 提了也没用的', [{ turn: 1, text: '提了也没用' }])],
  },
  'scenario-needs-forgiveness': {
    valid: ['C: 为什么不能退\nA: 对不起，这是平台规定，请您谅解'],
    invalid: [bad('C: 为什么不能退\nA: 这是平台规定，请您谅解', [{ turn: 1, suggestion: /请您原谅/ }])],
  },
  'scenario-customer-apology': {
    valid: ['C: 刚才不好意思，我态度不好\nA: 没关系，请不必介意。', 'C: 不好意思，我想问一下运费\nA: 运费10元'],
    invalid: [bad('C: 是我搞错了，不好意思啊\nA: 下次注意', [{ turn: 1, text: '下次注意' }]), bad('C: 哦是我看错了\nA: 嗯', [{ turn: 1, suggestion: /不必介意/ }])],
  },
  'scenario-harassment': {
    valid: [call('A 0s: 您好\nC 2s: 你声音真好听，陪我聊聊天嘛\nA 5s: 对不起，您的要求不在我们的服务范围内，请您挂机。')],
    invalid: [bad('A 0s: 您好\nC 2s: 你有男朋友吗\nA 5s: 神经病', [{ turn: 2, text: '神经病', severity: 'error' }], { channel: 'call' })],
  },
  'scenario-date-invitation': {
    valid: ['C: 周末有空吗？请你吃饭🍲\nA: 非常感谢！对不起，我不能接受，再次谢谢您！'],
    invalid: [bad('C: 下班后有空吗，请你喝咖啡\nA: 哈哈哈', [{ turn: 1, suggestion: /不能接受/ }])],
  },
  'scenario-impossible-request': {
    valid: [
      'C: 我不管，今天必须给我送到\nA: 很抱歉，恐怕我不能帮助您，最快明天送达',
      { name: 'not a refusal: no judgement', conversation: 'C: 今天必须给我送到\nA: 好的，已为您加急' },
    ],
    invalid: [
      bad('C: 赔我十倍！\nA: 不可能的吧', [{ turn: 1, text: '不可能的吧' }]),
      bad('C: 你必须给我退\nA: 这个不能退的', [{ turn: 1, suggestion: /恐怕我不能帮助您/ }]),
    ],
  },
  'scenario-customer-thanks': {
    valid: [
      'C: 好的谢谢\nA: 不客气，请问还有其他可以帮到您的吗？',
      call('A 0s: 您好\nC 2s: 你们服务真好，太感谢了\nA 4s: 请不必客气，这是我们应该做的，感谢您对我们工作的支持'),
      'C: 谢谢，那什么时候发货？\nA: 今天下午发出',
      'C: 謝謝啦🙏\nA: 不客氣~',
    ],
    invalid: [
      bad('C: 多谢多谢\nA: 小意思啦', [{ turn: 1, text: '小意思' }]),
      bad('C: 好的，谢谢\nA: 嗯嗯', [{ turn: 1, suggestion: /不必客气/ }]),
      bad('C: 问题解决了，谢谢', [{ turn: 0, message: /客服没有回应/ }]),
    ],
  },
  'scenario-consultation-callback': {
    valid: ['C: 这个能开专票吗\nA: 对不起，这个需要核实后再答复您，请您留下联系电话，我们查询后将尽快与您联系，好吗？'],
    invalid: [bad('C: 保修几年\nA: 这个暂时无法答复', [{ turn: 1, suggestion: /留下您的联系电话/ }]), bad('C: 这个政策怎么算\nA: 这个需要核实后再说，应该是吧', [{ turn: 1, text: '应该是吧' }])],
  },
  'scenario-check-understanding': {
    valid: ['C: 怎么设置\nA: 先点设置再点网络\nA: 请问我刚才的解释您是否明白？', 'C: 好的\nA: 请问还有什么可以帮助您？'],
    invalid: [
      bad('C: 怎么设置\nA: 先点设置再点网络，听懂了吧？', [{ turn: 1, text: '听懂了吧' }]),
      bad('A 0s: 您好\nC 2s: 好的\nA 4s: 没事了吧，您挂电话吧', [{ turn: 2, text: '没事了吧' }], { channel: 'call' }),
    ],
  },
  'scenario-holiday-greeting': {
    valid: ['C: 新年快乐🎉\nA: 谢谢您！也祝您新年快乐！'],
    invalid: [bad('C: 中秋快乐呀\nA: 请问有什么可以帮您', [{ turn: 1, suggestion: /节快乐/ }])],
  },
};

describe('scenario rules', () => {
  it('every scenario rule has cases', () => {
    expect(Object.keys(CASES).sort()).toEqual(SCENARIO_RULES.map((r) => r.meta.id).sort());
  });
});

for (const rule of SCENARIO_RULES) {
  const cases = CASES[rule.meta.id];
  if (!cases) continue;
  // Cases without an explicit channel use the rule's first channel when it does not take chat.
  const fix = <T extends TesterCase | string>(c: T): T => {
    const tc = typeof c === 'string' ? ({ conversation: c } as TesterCase) : c;
    if (!tc.channel && !rule.meta.channels.includes('chat')) return { ...tc, channel: rule.meta.channels[0] } as T;
    return c;
  };
  new RuleTester().run(rule.meta.id, rule, {
    valid: cases.valid.map(fix),
    invalid: cases.invalid.map(fix),
    ...(cases.notApplicable ? { notApplicable: cases.notApplicable } : {}),
  });
}
