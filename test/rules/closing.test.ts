import { RuleTester } from '../../src/engine/rule-tester.js';
import { closing } from '../../src/rules/closing.js';

new RuleTester().run('closing', closing, {
  valid: [
    'C: 好的谢谢\nA: 不客气，请问还有其他可以帮到您的吗？',
    'C: 没有了\nA: 感谢您对京东的支持，祝您生活愉快，再见!',
    'C: 谢谢\nA: 不客气,如之后在使用中遇到问题,可及时联系我们,谢谢！',
    'C: 明白了\nA: 妹子祝福您幸福快乐，前程锦绣~',
    'C: 好\nA: 有什么疑问可以随时联系我哦 😊',
    'C: 好的\nA: 请问还需要其他帮助吗',
    { name: 'call: the caller answers the closing and hangs up', channel: 'call', conversation: 'A 0s: 嗯不客气请问还有什么可以帮您\nC 3s: 没有了谢谢' },
    { name: 'call: ASR goodbye', channel: 'call', conversation: 'C 0s: 好嘞\nA 1s: 好的那感谢_见' },
    { name: 'call: 拜拜', channel: 'call', conversation: 'A 0s: 嗯好，那祝生活愉快，拜拜\nC 2s: 拜拜' },
    { name: 'closing phrase from settings', settings: { phraseLists: { closing: ['回头见'] } }, conversation: 'C: 好\nA: 回头见' },
    { name: 'explicit Traditional', twin: false, conversation: 'C: 好的\nA: 請問還有什麼可以幫助您？感謝您的來電，再見！' },
  ],
  invalid: [
    { name: 'customer speaks last', conversation: 'A: 请问还有其他可以帮到您的吗？\nC: 没有了，谢谢', errors: [{ turn: 1, message: '会话以客户发言结束：最后一句结束语必须由客服来说' }] },
    { name: 'no closing words', conversation: 'C: 多久到账\nA: 原路退还的哈', errors: [{ turn: 1, message: /没有结束语/, suggestion: /还有其他可以帮到您/ }] },
    { name: 'a bare 不客气 does not close', conversation: 'C: 谢谢\nA: 不客气的哦', errors: [{ turn: 1 }] },
    { name: 'a rating request alone does not close', conversation: 'C: 好\nA: 还辛苦您给小妹打个评价呢~点击表情栏旁边的“+”哦。', errors: [{ turn: 1 }] },
    { name: 'Weibo reply without closing', conversation: 'C: @中国联通 又断网了\nA: 您好,请您以私信的方式提供宽带账号,以便我们为您反馈核实；', errors: [{ turn: 1 }] },
    { name: 'call ends on an instruction', channel: 'call', conversation: 'A 0s: 关机重启如果还是卡的话打电话过来可以吗\nC 3s: 好那我等一下', errors: [{ turn: 0, suggestion: /感谢您的来电/ }] },
    { name: 'call: agent-last required by option', channel: 'call', options: { agentLastChannels: ['chat', 'call'] }, conversation: 'A 0s: 请问还有什么可以帮您\nC 3s: 没有了', errors: [{ turn: 1 }] },
  ],
  notApplicable: ['C: 在吗？'],
});
