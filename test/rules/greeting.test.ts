import { RuleTester } from '../../src/engine/rule-tester.js';
import { greeting } from '../../src/rules/greeting.js';

new RuleTester().run('greeting', greeting, {
  valid: [
    'C: 没有收到货就显示签收了\nA: 有什么问题我可以帮您处理或解决呢?',
    'C: 在吗\nA: 请问您是咨询之前的问题还是有其他的问题需要处理呢?',
    'C: @中国联通 信号太差\nA: 您好，请问您所在的具体位置是？',
    'C: 客服\nA: 亲爱的，小妹在的哦，很高兴为您服务哦',
    'C: 在么\nA: 亲爱哒，请问有什么妹纸可以帮助到您的吗',
    'C: 锁屏密码忘了\nA: 亲，请问您遇到了什么问题呢？',
    'C: 你好\nA: 下午好 亲爱哒 [订单x] 这个订单吗',
    'C: 怎么退货\nA: 尊敬的用户，您好：请您在订单详情页申请售后',
    'C: 人工\nA: 人工客服，直接说明问题哦  请问还有什么可以帮您呢?',
    { channel: 'call', conversation: 'A 0s: 您好，很高兴为您服务\nC 2s: 我查一下流量' },
    { name: 'ASR slip 您服务', channel: 'call', conversation: 'A 0s: 您好很高兴您服务\nC 2s: 查话费' },
    { name: 'ASR slip 高兴服务', channel: 'call', conversation: 'A 0s: 您好高兴服务\nC 2s: 开通了吗' },
    { name: '你好 accepted (002)', channel: 'call', conversation: 'A 0s: 你好请讲\nC 1s: 你好' },
    { name: 'ASR split the opening', channel: 'call', options: { firstTurns: 2 }, conversation: 'A 0s: 嗯\nA 1s: 很高兴为您服务\nC 2s: 查话费' },
    { name: 'greeting phrase from settings', settings: { phraseLists: { greeting: ['掌柜大人安好'] } }, conversation: 'C: 在\nA: 掌柜大人安好' },
    { name: 'explicit Traditional', twin: false, conversation: 'C: 請問\nA: 您好，請問有什麼可以幫您？' },
  ],
  invalid: [
    { conversation: 'C: 我的快递呢\nA: 正在为您查询，请您稍等哦', errors: [{ turn: 1, message: '客服开场未问候客户，也未主动询问需求', suggestion: '您好，很高兴为您服务，请问有什么可以帮您？' }] },
    { name: '您好像 is not a greeting', conversation: 'C: 订单显示签收了\nA: 您好像是输错了地址', errors: [{ turn: 1 }] },
    { name: 'only an address and presence', conversation: 'C: 在吗\nA: 亲爱的 妹子在的哦', errors: [{ turn: 1 }] },
    { name: '为了更好的为您服务 is a request, not a greeting', conversation: 'C: 我要改地址\nA: 亲爱哒，为了更好的为您服务，请您提供下京东的订单号', errors: [{ turn: 1 }] },
    { name: 'a closing offer next to a goodbye', conversation: 'C: 好的谢谢\nA: 请问还有其他还可以帮到您的吗? 感谢您对京东的支持，祝您生活愉快，再见!', errors: [{ turn: 1 }] },
    { name: 'ecommerce suggestion with 亲', settings: { allowQin: true }, conversation: 'C: 发货了吗\nA: [订单x] 这个订单吗', errors: [{ turn: 1, suggestion: /^亲，您好/ }] },
    { name: 'call without a greeting', channel: 'call', conversation: 'A 0s: 喂，哪位？\nC 1s: 我查话费', errors: [{ turn: 0 }] },
  ],
  notApplicable: ['C: 有人吗'],
});
