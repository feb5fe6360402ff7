import { RuleTester } from '../../src/engine/rule-tester.js';
import { unclearLine } from '../../src/rules/unclear-line.js';

new RuleTester().run('unclear-line', unclearLine, {
  valid: [
    { conversation: 'A 0s: 您好，请问有什么可以帮您？\nC 3s: （免提）我想……\nA 6s: 对不起，您的声音太小，请您拿起话筒说话好吗？\nC 9s: 好的，现在呢', channel: 'call' },
    { conversation: 'A 0s: 您好\nC 2s: 你大点声，我听不清\nA 4s: 对不起，请问您现在可以听清楚我的声音吗？', channel: 'call' },
    { conversation: 'A 0s: 您好\nC 2s: 我要查那个……\nA 5s: 對不起，麻煩您將剛才反映的問題再復述一遍，好嗎？\nC 8s: 查話費', channel: 'call' },
    {
      name: 'agent ends a noisy call with the standard line',
      conversation: 'A 0s: 您好\nC 2s: 喂……滋滋……\nA 5s: 对不起，您的电话杂音太大，听不清，请您换一部电话再次打来好吗？再见！',
      channel: 'call',
      call: { hungUpBy: 'agent' },
    },
  ],
  invalid: [
    { conversation: 'A 0s: 您好\nC 2s: 我想……\nA 5s: 喂，大声一点儿！听不清', channel: 'call', errors: [{ turn: 2, text: '喂，大声', message: /不应说「喂，大声」/ }] },
    { conversation: 'A 0s: 您好\nC 2s: 嗯那个那个\nA 5s: 什么?!你说什么？再说一遍', channel: 'call', errors: [{ turn: 2, text: '什么?!', suggestion: /再复述一遍/ }] },
    { name: 'customer cannot hear, agent ignores it', conversation: 'A 0s: 您好\nC 2s: 声音太小了听不清\nA 4s: 您要办什么业务', channel: 'call', errors: [{ turn: 2, message: /客户抱怨客服声音小或听不清楚/ }] },
    {
      name: 'hung up directly on a noisy line',
      conversation: 'A 0s: 您好\nC 2s: 喂……\nA 5s: 不好意思，您那边杂音太大了\nC 8s: 滋滋……',
      channel: 'call',
      call: { hungUpBy: 'agent' },
      errors: [{ turn: 2, message: /直接挂机/ }],
    },
  ],
  notApplicable: [{ conversation: 'A 0s: 您好，请问有什么可以帮您？\nC 2s: 查话费\nA 4s: 好的请稍等', channel: 'call' }],
});
