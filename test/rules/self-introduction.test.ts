import { RuleTester } from '../../src/engine/rule-tester.js';
import { selfIntroduction } from '../../src/rules/self-introduction.js';

new RuleTester().run('self-introduction', selfIntroduction, {
  valid: [
    { conversation: 'A 0s: 您好！服务中心，请问有什么可以帮您？\nC 3s: 我家水管漏水', channel: 'call' },
    { conversation: 'A 0s: 您好，申通0427号很高兴为您服务，请问有什么可以帮助您！\nC 3s: 查快递', channel: 'call' },
    { conversation: 'A 0s: 您好，我是客房部服务中心12号，麻烦您确认一下明天的预订', channel: 'call' },
    { name: 'configured service name, ASR 您服务', conversation: 'A 0s: 您好10086很高兴您服务\nC 2s: 查话费', channel: 'call', options: { serviceNames: ['10086'], firstAgentTurns: 1 } },
    { name: 'ASR split the first sentence', conversation: 'A 0s: 您好\nA 1s: 物业服务中心请讲\nC 3s: 电梯坏了', channel: 'call', options: { serviceNames: [], firstAgentTurns: 2 } },
  ],
  invalid: [
    { name: 'ASR-style greeting without a name or 工号', conversation: 'A 0s: 您好很高兴您服务\nC 2s: 我问下流量', channel: 'call', errors: [{ turn: 0, message: '接听第一句未报服务名称或工号', suggestion: /服务中心/ }] },
    { conversation: 'C 0s: 喂\nA 1s: 喂，哪位？', channel: 'call', errors: [{ turn: 1, message: '接听第一句未问候，也未报服务名称或工号' }] },
    { conversation: 'A 0s: 服务中心，请讲。\nC 2s: 我要报修', channel: 'call', errors: [{ turn: 0, message: '接听第一句未以「您好」开头' }] },
  ],
  notApplicable: [{ conversation: 'C 0s: 喂？喂？', channel: 'call' }],
});
