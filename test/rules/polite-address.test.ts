import { RuleTester } from '../../src/engine/rule-tester.js';
import { politeAddress } from '../../src/rules/polite-address.js';

new RuleTester().run('polite-address', politeAddress, {
  valid: [
    'C: 你们怎么还不发货\nA: 您好，非常抱歉，马上为您催促仓库',
    'A: 您好，请问有什么可以帮您？',
    { name: '你好 tolerated (002)', conversation: 'A: 你好！我是客服小王，请问有什么可以帮您？' },
    'A: 这款迷你音箱有三种颜色可选',
    'A: 您说的“你们公司太差了”我已经记录下来，马上反馈',
    'A: 我们会亲自为您跟进，请您放心',
    { name: '亲 allowed in e-commerce', settings: { allowQin: true }, conversation: 'A: 亲，您好，欢迎光顾😊' },
    { name: '亲爱的 allowed in e-commerce', settings: { allowQin: true }, conversation: 'A: 亲爱哒，稍等哦' },
  ],
  invalid: [
    { conversation: 'A: 首先你这个版本太老了，其次你把它放C盘以外的地方试试', errors: [{ turn: 0, text: '你', message: '称呼客户应使用「您」，不用「你」', suggestion: '您' }, { turn: 0, text: '你' }] },
    { name: '你们 is still the 你 form', conversation: 'A: 你们公司的发票信息请再提供一下', errors: [{ turn: 0, start: 0, end: 2, text: '你们', message: /贵公司/ }] },
    { name: 'flagNiHao', options: { flagNiHao: true }, conversation: 'A: 你好，在的', errors: [{ turn: 0, text: '你' }] },
    { name: '亲 outside e-commerce', conversation: 'A: 亲，请问您是哪里的用户？', errors: [{ turn: 0, text: '亲', message: /不以「亲」称呼/ }] },
    { name: '亲爱的 outside e-commerce', conversation: 'A: 亲爱的，您的订单已经发货了', errors: [{ turn: 0, text: '亲爱的' }] },
    { name: 'full-width and emoji around', conversation: 'A: 😊你稍等，我查一下！', errors: [{ turn: 0, start: 2, end: 3, text: '你' }] },
    { name: 'explicit Traditional 妳', twin: false, conversation: 'A: 妳好，請妳提供訂單號', errors: [{ turn: 0, text: '妳' }] },
  ],
});
