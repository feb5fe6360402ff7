import { beforeAll, describe, expect, it } from 'vitest';
import type { KefuAssistant } from '../../src/assist/assistant.js';
import { sayLine } from '../../src/assist/script.js';
import { assistantWith, fullAssistant, T0, turns } from './helpers.js';

let a: KefuAssistant;
beforeAll(async () => {
  a = await fullAssistant();
});

const top = (context: Parameters<KefuAssistant['suggest']>[0], draft?: string) => a.suggest(context, draft)[0];

describe('suggest(): the script that fits the situation', () => {
  it('customer thanked → 不客气，这是我们应该做的 (§30), Simplified and Traditional', () => {
    for (const text of ['太谢谢你了，服务真好', '太謝謝你了，服務真好👍']) {
      const s = top({ turns: turns('A 0: 您好', `C 5: ${text}`), now: T0 + 10_000 });
      expect(s?.id, text).toBe('customer-thanks');
      expect(s!.script).toContain('这是我们应该做的');
      expect(s!.say).toBe('请不必客气。');
      expect(s!.source).toMatchObject({ file: '004_753ea7082ac4ddd9.txt', section: expect.stringContaining('§30') });
      expect(s!.evidence?.text).toMatch(/谢谢|謝謝|服务真好|服務真好/);
      expect(s!.reason).toContain('客户说');
    }
  });

  it('customer apologised → 没关系，请不必介意 (§26)', () => {
    expect(top({ turns: turns('C 0: 刚才不好意思，是我搞错了'), now: T0 + 5_000 })?.id).toBe('customer-apology');
  });

  it('angry or abusive customer → §16 first, even when the message also complains', () => {
    const s = top({ turns: turns('C 0: 你们这帮骗子，垃圾公司，我要投诉！'), now: T0 + 5_000 });
    expect(s?.id).toBe('abusive-customer');
    expect(s!.source).toMatchObject({ section: expect.stringContaining('§16') });
  });

  it('waited long → 对不起，让您久等了 (timing signal, chat and call)', () => {
    const chat = a.suggest({ turns: turns('C 0: 在吗', 'C 20: 有人吗？？'), now: T0 + 150_000 });
    const waited = chat.find((s) => s.id === 'waited-long-chat');
    expect(waited?.say).toBe('很抱歉，让您久等了，非常感谢您的理解和支持。');
    expect(waited!.reason).toContain('150 秒');
    // Said in words: 等了半天 raises §15 / §21.
    expect(top({ turns: turns('C 0: 等了半天了，怎么还没好'), now: T0 + 5_000 })?.say).toContain('让您久等了');
    // The draft already apologises: the timing suggestion drops down.
    const after = a.suggest({ turns: turns('C 0: 在吗'), now: T0 + 150_000 }, '很抱歉让您久等了');
    expect(after.find((s) => s.id === 'waited-long-chat')?.score ?? 0).toBeLessThan(waited!.score);
  });

  it('something the agent cannot answer now → §31 callback script', () => {
    const ctx = { turns: turns('C 0: 你们这个产品明年会出新款吗'), now: T0 + 5_000 };
    const s = top(ctx, '这个我不知道');
    expect(s?.id).toBe('consultation-callback');
    expect(s!.say).toContain('留下您的联系电话');
    expect(s!.source).toMatchObject({ section: expect.stringContaining('§31') });
    // The agent's own words raise it too (暂时无法答复 without a callback offer).
    expect(a.suggest(ctx, '这个暂时无法答复').map((x) => x.id)).toContain('consultation-callback');
  });

  it('complaints → §18–§20, with the 2 h / 24 h promise', () => {
    const attitude = a.suggest({ turns: turns('C 0: 你们客服什么态度，我要投诉你'), now: T0 + 5_000 });
    expect(attitude[0]?.id).toBe('attitude-complaint');
    expect(attitude[0]!.source).toMatchObject({ section: expect.stringContaining('§18') });
    const deferred = attitude.find((s) => s.id === 'complaint-deferred');
    expect(deferred?.say).toContain('2小时之内');
    expect(deferred!.say).toContain('24小时之内');
    expect(top({ turns: turns('C 0: 你们给我发错货了！'), now: T0 + 5_000 })?.id).toBe('error-complaint');
  });

  it('a silent call → §3, and the closing line after two prompts', () => {
    const first = top({ turns: [{ role: 'agent', text: '您好，请问有什么可以帮助您？', start: 0 }], channel: 'call', startedAt: T0, now: T0 + 7_000 });
    expect(first?.say).toBe('您好！请问有什么可以帮助您？');
    expect(first!.source).toMatchObject({ section: expect.stringContaining('§3') });
    const last = top({
      turns: [
        { role: 'agent', text: '您好，请问有什么可以帮助您？', start: 0 },
        { role: 'customer', text: '……', start: 3 },
        { role: 'agent', text: '您好，请问有什么可以帮助您？', start: 8 },
      ],
      channel: 'call',
      startedAt: T0,
      now: T0 + 15_000,
    });
    expect(last?.id).toBe('silent-line-end');
    expect(last!.say).toContain('您的电话没有声音');
  });

  it('an unclear line or message → §5 / §9 / §11', () => {
    expect(top({ turns: turns('A 0: 您好', 'C 5: 喂？喂？你说什么，听不清'), channel: 'call', now: T0 + 6_000 })?.id).toBe('customer-cannot-hear');
    expect(top({ turns: turns('A 0: 您好', 'C 5: ？？？'), now: T0 + 6_000 })?.say).toBe('对不起，麻烦您将刚才反映的问题再复述一遍，好吗？');
  });

  it('a closing is due → §33 (ask), then the final line once the customer has nothing more', () => {
    const ask = top({ turns: turns('C 0: 怎么退货', 'A 10: 您在订单页点申请退货即可', 'C 20: 好的明白了'), now: T0 + 25_000 });
    expect(ask?.id).toBe('closing-due');
    expect(ask!.say).toBe('请问还有什么可以帮助您？');
    const final = top({ turns: turns('C 0: 怎么退货', 'A 10: 请问还有什么可以帮助您？', 'C 20: 没有了'), now: T0 + 25_000 });
    expect(final?.id).toBe('closing-final-chat');
    // The customer went quiet after the answer.
    expect(top({ turns: turns('C 0: 怎么退货', 'A 10: 您在订单页点申请退货即可'), now: T0 + 400_000 })?.id).toBe('closing-due');
  });

  it('ranks with scores in 0..1, best first, and drops what the agent already answered', () => {
    const list = a.suggest({ turns: turns('C 0: 谢谢', 'A 5: 不客气，这是我们应该做的'), now: T0 + 8_000 });
    expect(list.find((s) => s.id === 'customer-thanks')).toBeUndefined();
    const ranked = a.suggest({ turns: turns('C 0: 你们搞错了，太慢了，我要投诉'), now: T0 + 5_000 });
    expect(ranked.length).toBeGreaterThan(1);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.score).toBeGreaterThanOrEqual(ranked[i]!.score);
    for (const s of ranked) expect(s.score).toBeGreaterThan(0), expect(s.score).toBeLessThanOrEqual(1);
  });
});

describe('coach(): the 60-second rule (001)', () => {
  it('ok / warn / late from the first unanswered customer message', () => {
    const ctx = { turns: turns('A 0: 您好', 'C 10: 我的快递呢', 'C 40: 人呢') };
    expect(a.coach(ctx, T0 + 30_000)).toMatchObject({ applicable: true, level: 'ok', seconds: 20, limitSeconds: 60 });
    expect(a.coach(ctx, T0 + 60_000)).toMatchObject({ level: 'warn', seconds: 50, sinceLastSeconds: 20, remainingSeconds: 10 });
    const late = a.coach(ctx, new Date(T0 + 100_000));
    expect(late).toMatchObject({ level: 'late', seconds: 90, remainingSeconds: -30 });
    expect(late.source).toMatchObject({ quote: '所有客服必须做到60秒内答复' });
  });

  it('nothing to answer, or not a chat → ok / not applicable', () => {
    expect(a.coach({ turns: turns('C 0: 你好', 'A 5: 您好') }, T0 + 500_000)).toMatchObject({ level: 'ok', seconds: 0 });
    expect(a.coach({ turns: turns('C 0: 你好'), channel: 'call' }, T0 + 500_000)).toMatchObject({ applicable: false, level: 'ok' });
  });
});

describe("the organisation's phrase library", () => {
  it('overrides a scenario by id and adds its own', async () => {
    const org = await assistantWith({
      scenarios: [
        { ...(await fullAssistant()).scenarios.find((s) => s.id === 'customer-thanks')!, script: '不客气，这是我们应该做的，祝您生活愉快！' },
        {
          id: 'vip-upgrade',
          situation: '客户询问会员升级',
          channels: ['chat'],
          triggers: ['升级会员', '会员升级'],
          expected: ['会员'],
          wrong: [],
          script: '您好，会员升级可在「我的-会员中心」办理，我来为您演示。',
          source: { kefuAddition: true, reason: '本组织的会员业务话术' },
        },
      ],
      phrases: [{ id: 'org-1', text: '感谢您的耐心等待，祝您生活愉快！', use: '致谢', source: { file: 'org', quote: '组织话术' } }],
    });
    expect(org.suggest({ turns: turns('C 0: 谢谢'), now: T0 })[0]?.say).toBe('不客气，这是我们应该做的，祝您生活愉快！');
    expect(org.suggest({ turns: turns('C 0: 我想升级会员'), now: T0 })[0]?.id).toBe('vip-upgrade');
    expect(org.phrases.some((p) => p.id === 'org-1')).toBe(true);
    expect(org.scenarios.filter((s) => s.id === 'customer-thanks')).toHaveLength(1);
    // The defaults are untouched for other assistants.
    expect(a.suggest({ turns: turns('C 0: 谢谢'), now: T0 })[0]?.say).toBe('请不必客气。');
  });

  it('sayLine drops stage directions and alternatives', () => {
    expect(sayLine('对不起，（稍微提高音量）请问有什么可以帮助您？或：请问您现在可以听清楚我的声音吗？')).toBe('对不起，请问有什么可以帮助您？');
    expect(sayLine('（查明原因）请问具体是什么问题呢？（道歉）非常抱歉')).toBe('请问具体是什么问题呢？');
    expect(sayLine('亲，您好，欢迎光顾，我是XX（店铺名）的客服！', false)).toBe('您好，欢迎光顾，我是XX的客服！');
  });
});
