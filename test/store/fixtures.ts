import { writeFileSync } from 'node:fs';
import type { Conversation } from '../../src/conversation/model.js';

/** Deterministic conversations; every third has a forbidden phrase, agents a1..a3 over teams t1/t2. */
export function makeConversations(n: number, prefix = 'c'): Conversation[] {
  const out: Conversation[] = [];
  for (let i = 0; i < n; i++) {
    const agent = `a${(i % 3) + 1}`;
    const bad = i % 3 === 0;
    out.push({
      id: `${prefix}-${String(i).padStart(5, '0')}`,
      channel: 'chat',
      agentId: agent,
      teamId: agent === 'a3' ? 't2' : 't1',
      startedAt: new Date(Date.UTC(2026, 2, 1 + (i % 5), 8, 0, i % 60)).toISOString(),
      turns: [
        { role: 'customer', text: `你好，我的订单${i}还没发货` },
        { role: 'agent', text: bad ? '这个我不知道，你自己去问快递' : '您好，很高兴为您服务！我马上帮您查询订单，请您稍等片刻，好吗？' },
        { role: 'customer', text: '好的' },
        { role: 'agent', text: '感谢您的耐心等待，订单已经发出，请问还有其他可以帮您的吗？祝您生活愉快，再见' },
      ],
    });
  }
  return out;
}

export function writeJsonl(file: string, conversations: readonly unknown[], extraLines: string[] = []): void {
  writeFileSync(file, [...conversations.map((c) => JSON.stringify(c)), ...extraLines].join('\n') + '\n');
}
