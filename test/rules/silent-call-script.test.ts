import { RuleTester } from '../../src/engine/rule-tester.js';
import { silentCallScript } from '../../src/rules/silent-call-script.js';

new RuleTester().run('silent-call-script', silentCallScript, {
  valid: [
    {
      name: 'the full 5-second sequence',
      conversation: 'A 0s: 您好！请问有什么可以帮助您？\nC 3s: …\nA 6s: 您好，请问有什么可以帮助您？\nC 9s: \nA 12s: 对不起，您的电话没有声音，请您换一部电话再次打来，好吗？再见！',
      channel: 'call',
    },
    {
      name: 'the customer speaks after the second prompt (Traditional, ASR tag)',
      conversation: 'A 0s: 您好！請問有什麼可以幫助您？\nC 2s: [静音]\nA 6s: 您好，請問有什麼可以幫助您？\nC 9s: 哦不好意思剛才信號不好，我查下話費',
      channel: 'call',
    },
  ],
  invalid: [
    {
      name: '喂，说话呀',
      conversation: 'A 0s: 您好，请问有什么可以帮您？\nC 3s: ...\nA 6s: 喂，说话呀！再不说话我就挂了啊！',
      channel: 'call',
      errors: [{ turn: 2, text: '说话呀', message: '无声电话中不应说「说话呀」' }],
    },
    {
      name: 'hung up without the standard line',
      conversation: 'A 0s: 您好，请问有什么可以帮您？\nC 3s: …\nA 6s: 您好，请问有什么可以帮助您？\nC 9s: …\nA 12s: 再见',
      channel: 'call',
      errors: [{ turn: 4, message: /电话没有声音/ }],
    },
    {
      name: 'closed after one prompt',
      conversation: 'A 0s: 您好，请问有什么可以帮您？\nC 3s: …\nA 6s: 对不起，您的电话没有声音，请您换一部电话再次打来，好吗？再见！',
      channel: 'call',
      errors: [{ turn: 2, message: /共两次/ }],
    },
    {
      name: 'no 5-second pause',
      conversation: 'A 0s: 您好，请问有什么可以帮您？\nC 1s: …\nA 2s: 您好，请问有什么可以帮助您？\nC 3s: …\nA 9s: 对不起，您的电话没有声音，请您换一部电话再次打来，好吗？再见！',
      channel: 'call',
      errors: [{ turn: 2, message: '无声电话：两句之间只停了 2 秒，应稍停 5 秒' }],
    },
  ],
  notApplicable: [
    { conversation: 'A 0s: 您好，请问有什么可以帮您？\nC 2s: 我想问一下套餐', channel: 'call' },
    { name: 'split agent segments without times are not a silence', conversation: 'A: 您好\nA: 请问有什么可以帮您\nC: 查话费', channel: 'call' },
  ],
});
