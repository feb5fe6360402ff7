import { RuleTester } from '../../src/engine/rule-tester.js';
import { forbiddenPhrase } from '../../src/rules/forbidden-phrase.js';

new RuleTester().run('forbidden-phrase', forbiddenPhrase, {
  valid: [
    // conditions and the customer's situation
    'C: 手机连不上网\nA: 您好，请您重启一下手机，如果重启后依然不行，请您携带发票前往售后网点检测。',
    'A: 您好，使用WIFI时如信号中断，手机会自动切换到蜂窝数据，这样就会在您不知道的情况下产生流量费用。',
    'A: 亲 不可以的话就是不能取消的哦',
    'A: 实在不行的话，建议您去当地售后检测一下',
    'A: 如有不清楚的地方，您可以随时联系我们哦~',
    'A: 亲爱的，不懂的地方随时问妹子哦',
    'A: 有什么不明白随时联系小妹哦 感谢您的支持！',
    // questions to the customer
    'A: 您看这样处理行不行？',
    'A: 小妹为您升级专员处理，您看可不可以？',
    'A: 主机也不行吗',
    'A: 下载了很多软件还是没办法玩吗？请问游戏名称是什么呢？',
    'A: 哪里不懂呢？我再为您说明一下',
    // the polite "I wonder…"
    'A: 不知道您安装的版本号是多少呢？',
    // apology with an offer to find out (004 phrases 18, 24)
    'A: 对不起，我不太清楚，但我可以帮您问一问。',
    'A: 對不起，我不太懂，我問問別人。',
    // other words
    'A: 宠物要定时喂狗粮哦',
    'A: 哎哟喂，您太客气啦',
    'A: 请用您的新手机号登录',
    'A: 电脑亮度过高会看不清楚的',
    // 没办法 + verb says what 不能 says; 不能/无法 are not listed by the seeds
    'A: 很抱歉，订单生成后没有办法为您修改地址，您可以重新下单。',
    'A: 不好意思，这个商品无法更换的，您可以退货后重新下单。',
    // quotes and customers are not judged
    'A: 您说的“不行”是指哪一步呢？',
    'C: 喂？不知道你们在干什么，不行就退款\nA: 您好，非常抱歉给您带来不便，我马上为您处理。',
  ],
  invalid: [
    { name: 'bare ignorance', conversation: 'C: 这个活动什么时候开始\nA: 这个小妹也不知道呢', errors: [{ turn: 1, text: '不知道', message: /不知道/, suggestion: '对不起，我不太清楚，但我可以帮您问一问' }] },
    { name: 'ignorance with an apology but no offer', conversation: 'A: 很抱歉呢 小妹这边确实不清楚呢', errors: [{ turn: 0, text: '不清楚' }] },
    { name: 'ignorance sending the customer elsewhere (004 §19)', conversation: 'A: 您好，此问题这边不清楚的哦，还请您咨询商家经理哦', errors: [{ turn: 0, text: '不清楚' }] },
    { name: 'refusal, full-width punctuation', conversation: 'A: 不行的哦～', errors: [{ turn: 0, start: 0, end: 2, text: '不行', suggestion: '很抱歉，恐怕我不能帮助您' }] },
    { name: 'refusal with an apology is still one', conversation: 'A: 很抱歉，这个不行的', errors: [{ turn: 0, text: '不行' }] },
    { name: '不可以 as an answer', conversation: 'C: 发票能改成纸质的吗\nA: 抱歉亲，这个不可以修改的😊', errors: [{ turn: 1, text: '不可以' }] },
    { name: 'condition then statement', conversation: 'A: 亲 如您尝试后不行 那就是不可以的呢', errors: [{ turn: 0, text: '不可以' }] },
    { name: 'bare helpless', conversation: 'A: 但是到账时间要看银行效率 这个小妹真没办法', errors: [{ turn: 0, text: '没办法', message: /没办法/ }] },
    { name: 'helpless with particles', conversation: 'A: 不好意思咱们这边没有办法的', errors: [{ turn: 0, text: '没有办法' }] },
    { name: 'call opened with 喂', channel: 'call', conversation: 'A 0s: 喂，您好\nC 2s: 我查下话费', errors: [{ turn: 0, start: 0, end: 1, text: '喂', suggestion: '您好，请问有什么可以帮助您？' }] },
    { name: '喂 without punctuation (ASR)', channel: 'call', conversation: 'A 0s: 喂您好请问有什么可以帮您', errors: [{ turn: 0, text: '喂' }] },
    {
      name: '004 §15 wrong reply: two findings',
      channel: 'call',
      conversation: 'C 0s: 怎么这么久才接\nA 3s: 喂，我也没办法，刚才线路忙啊！',
      errors: [{ turn: 1, text: '喂' }, { turn: 1, text: '没办法' }],
    },
    { name: '004 §29 script wins over the word inside it', conversation: 'A: 不可以，完全不可以！', errors: [{ turn: 0, text: '不可以' }, { turn: 0, text: '完全不可以', suggestion: /服务范围/ }] },
    { name: '004 §7 blame', conversation: 'A: 这不是我们的责任，我们规定的，您错了', errors: [{ turn: 0, text: '不是我们的责任' }, { turn: 0, text: '我们规定' }, { turn: 0, text: '您错了' }] },
    { name: 'lecturing: 不懂？', conversation: 'A: 帮您补发一个啊~~~~不懂？', errors: [{ turn: 0, text: '不懂', message: /教训/ }] },
    { name: '你没听懂 (004 phrase 13)', conversation: 'A: 你没听懂，我再说一遍', errors: [{ turn: 0, text: '你没听懂', suggestion: /说得不够清楚/ }] },
    { name: 'explicit Traditional', twin: false, conversation: 'A: 這個我們也不清楚的哦', errors: [{ turn: 0, text: '不清楚' }] },
    { name: 'extra phrase from options', options: { extraPhrases: ['自己看'], allowedContexts: [] }, conversation: 'A: 页面上都写着，您自己看吧', errors: [{ turn: 0, text: '自己看', message: '服务禁语「自己看」' }] },
    { name: 'extra phrase from settings', settings: { phraseLists: { forbidden: ['神经病'] } }, conversation: 'A: 你神经病吧', errors: [{ turn: 0, text: '神经病' }] },
  ],
});

new RuleTester().run('forbidden-phrase (allowed contexts option)', forbiddenPhrase, {
  valid: [{ options: { extraPhrases: [], allowedContexts: ['不行李'] }, conversation: 'A: 托运时不行李箱要锁好' }],
  invalid: [{ conversation: 'A: 这种不行哟', errors: [{ turn: 0, text: '不行' }] }],
});
