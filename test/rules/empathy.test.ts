import { RuleTester } from '../../src/engine/rule-tester.js';
import { empathy } from '../../src/rules/empathy.js';

new RuleTester().run('empathy', empathy, {
  valid: [
    'C: 等了一周还没发货，我很着急\nA: 非常理解您的焦虑，感谢您指出问题\nA: 这边为您催促仓库加急发出',
    'C: 你们这网速太差了，太失望了😞\nA: 理解您的心情，我们马上为您安排工程师上门',
    { name: 'empathy without a solution yet', conversation: 'C: 氣死我了，怎麼回事\nA: 非常理解您的心情，請問具體是什麼情況？' },
  ],
  invalid: [
    {
      conversation: 'C: 到底什么时候发货？急死了\nA: 已为您催促仓库加急发出',
      errors: [{ turn: 1, message: /未先表达情感认同/, suggestion: /理解您的焦虑/ }],
    },
    {
      name: 'empathy only after the solution in the same turn',
      conversation: 'C: 我很生气，东西坏了\nA: 给您补发一个，理解您的心情',
      errors: [{ turn: 1 }],
    },
    { conversation: 'C: 太失望了\nA: 嗯嗯\nA: 还有别的问题吗', errors: [{ turn: 1, message: /未表达情感认同/ }] },
  ],
  notApplicable: ['C: 请问这款有货吗\nA: 有的亲', 'C: 气死了'],
});
