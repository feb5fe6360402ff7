import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/api.js';
import { parseCompact } from '../../src/engine/compact.js';
import { Engine, RuleExecutionError } from '../../src/engine/engine.js';
import { defineRule, type Finding, type TurnView } from '../../src/engine/types.js';
import { scoreConversation } from '../../src/scoring/score.js';
import type { ScoringTemplate } from '../../src/scoring/template.js';

const chat = parseCompact(`
C 0s: 你好，在吗？我的快递三天了还没到
A 90s: 嗯
A 95s: 这个我们也不知道呢
C 100s: 那怎么办
A 110s: 您好，我马上帮您查询物流，请稍等
`);

describe('configuration', () => {
  it('fails fast on an unknown rule id, naming it', async () => {
    await expect(loadConfig({ extends: 'kefu:recommended', rules: { 'no-such-rule': 'warn' } })).rejects.toThrow("unknown rule 'no-such-rule'");
  });

  it('validates options against the rule schema at load time', async () => {
    await expect(loadConfig({ rules: { 'response-time': ['warn', { maxSeconds: -5 }] } })).rejects.toThrow(/invalid options for rule 'response-time'.*maxSeconds/);
  });

  it('rejects an unknown preset and unknown top-level keys', async () => {
    await expect(loadConfig({ extends: 'kefu:nope' })).rejects.toThrow("unknown preset 'kefu:nope'");
    await expect(loadConfig({ rulez: {} } as never)).rejects.toThrow("unknown key 'rulez'");
  });

  it('lets a config turn a preset rule off and change its options', async () => {
    const config = await loadConfig({ extends: 'kefu:recommended', rules: { greeting: 'off', 'response-time': ['error', { maxSeconds: 100 }] } });
    const ids = config.rules.map((r) => r.rule.meta.id);
    expect(ids).not.toContain('greeting');
    const rt = config.rules.find((r) => r.rule.meta.id === 'response-time')!;
    expect(rt.severity).toBe('error');
    expect(rt.options).toEqual({ maxSeconds: 100 });
  });

  it('inspects a realistic chat: forbidden phrase, filler and slow reply, each with evidence', async () => {
    const engine = new Engine(await loadConfig({ extends: 'kefu:recommended' }));
    const result = engine.inspect(chat);
    const byRule = new Map(result.findings.map((f) => [f.ruleId, f]));
    expect(byRule.get('filler-only-reply')?.turn).toBe(1);
    expect(byRule.get('forbidden-phrase')?.text).toContain('不知道');
    expect(byRule.get('response-time')?.message).toContain('90');
    expect(result.score).toBeLessThan(100);
    expect(result.passed).toBe(result.score >= 80 && (result.fatal ?? []).length === 0);
  });

  it('names the rule and the conversation when a rule throws', async () => {
    const broken = defineRule({
      meta: { id: 'broken', description: '测试', category: 'format', defaultSeverity: 'warn', channels: ['chat'], scope: 'turn', realtime: true, source: { kefuAddition: true, reason: 'test' } },
      create: () => ({
        turn() {
          throw new Error('boom');
        },
      }),
    });
    const engine = new Engine({ rules: [{ rule: broken, severity: 'warn', options: {} }], settings: { allowQin: false, phraseLists: {} }, scoring: template([]) });
    expect(() => engine.inspect(chat)).toThrow(RuleExecutionError);
    expect(() => engine.inspect(chat)).toThrow('rule broken failed on conversation test: boom');
  });

  it('keeps a repeated finding once, fills message placeholders, and orders findings on one span by rule id', () => {
    const meta = { description: '测试', category: 'format', defaultSeverity: 'warn', channels: ['chat'], scope: 'turn', realtime: true, source: { kefuAddition: true, reason: 'test' } } as const;
    // Reports the filler 嗯 of turn 1 twice (as a careless rule might), and once more with another message.
    const echo = defineRule({
      meta: { ...meta, id: 'zz-echo', messages: { filler: '只回了「{{ text }}」{{missing}}' } },
      create: (context) => ({
        turn(t) {
          if (t.turn.text !== '嗯') return;
          context.report({ turn: t.index, start: 0, end: 1, messageId: 'filler', data: { text: t.turn.text } });
          context.report({ turn: t.index, start: 0, end: 1, messageId: 'filler', data: { text: t.turn.text } });
          context.report({ turn: t.index, start: 0, end: 1, message: '另一条' });
        },
      }),
    });
    const first = defineRule({
      meta: { ...meta, id: 'aa-first' },
      create: (context) => ({ turn: (t) => t.turn.text === '嗯' && context.report({ turn: t.index, start: 0, end: 1, message: '先' }) }),
    });
    const engine = new Engine({
      rules: [echo, first].map((rule) => ({ rule, severity: 'warn' as const, options: {} })),
      settings: { allowQin: false, phraseLists: {} },
      scoring: template([]),
    });
    const findings = engine.inspect(chat).findings.map((f) => [f.ruleId, f.turn, f.message]);
    expect(findings).toEqual([
      ['aa-first', 1, '先'],
      ['zz-echo', 1, '只回了「嗯」{{missing}}'],
      ['zz-echo', 1, '另一条'],
    ]);
  });
});

function template(items: ScoringTemplate['dimensions'][number]['items'], extra: ScoringTemplate['dimensions'] = []): ScoringTemplate {
  return { id: 't', name: '测试', passMark: 80, dimensions: [{ id: 'a', name: '服务禁语', points: 60, items }, ...extra] };
}

function finding(ruleId: string, severity: 'warn' | 'error' = 'warn'): Finding {
  return { ruleId, severity, turn: 0, start: 0, end: 1, text: 'x', message: 'm' };
}

describe('rules that require a phrase', () => {
  const meta = { description: '测试', category: 'scenario', defaultSeverity: 'warn', channels: ['chat'], scope: 'conversation', realtime: false, source: { kefuAddition: true, reason: 'test' } } as const;
  const created: string[] = [];
  // Judges refund requests only: without 退款 in the conversation it has nothing to do.
  const refund = defineRule({
    meta: { ...meta, id: 'refund-reply' },
    phrases: () => ({ ask: ['退款', '退钱'], promise: ['马上为您处理'] }),
    requires: ['ask'],
    create: (context) => {
      created.push(context.conversation.id);
      return {
        conversationEnd() {
          const asked = context.view.turns.find((t) => t.hits('ask').length > 0)!;
          if (!context.view.turns.some((t) => t.role === 'agent' && t.hits('promise').length > 0)) context.report({ turn: asked.index, message: '退款请求未承诺处理' });
        },
      };
    },
  });
  const engine = new Engine({
    rules: [{ rule: refund, severity: 'warn', options: {} }],
    settings: { allowQin: false, phraseLists: {} },
    scoring: template([{ ruleId: 'refund-reply', points: 20 }]),
  });

  it('is not run on a conversation without the phrase, and counts as passed there', () => {
    created.length = 0;
    const other = engine.inspect({ ...chat, id: 'no-refund' });
    const asked = engine.inspect(parseCompact('C: 我要退款\nA: 好的', { id: 'refund' }));
    expect(created).toEqual(['refund']);
    // Run without findings: its dimension is judged (applicable), not dropped.
    expect(other).toMatchObject({ score: 100, findings: [], notApplicable: [] });
    expect(other.dimensions?.[0]).toMatchObject({ applicable: true, score: 60 });
    expect(asked.findings.map((f) => [f.turn, f.message])).toEqual([[0, '退款请求未承诺处理']]);
    expect(asked.score).toBe(66.7);
  });

  it('fails fast when it requires a group its phrases do not define', () => {
    const typo = defineRule({ ...refund, requires: ['asks'] });
    expect(() => new Engine({ rules: [{ rule: typo, severity: 'warn', options: {} }], settings: { allowQin: false, phraseLists: {} }, scoring: template([]) })).toThrow(
      "rule refund-reply requires phrase group 'asks', which its phrases() does not define",
    );
  });
});

describe('phrase groups of two rules with the same names', () => {
  const meta = { description: '测试', category: 'courtesy', defaultSeverity: 'warn', channels: ['chat'], scope: 'conversation', realtime: false, source: { kefuAddition: true, reason: 'test' } } as const;
  // Both name their group 'word'; each reports what it sees, one as it walks, one at the end from the turns it kept.
  const walking = defineRule({
    meta: { ...meta, id: 'walking' },
    phrases: () => ({ word: ['快递'] }),
    create: (context) => ({
      turn(t) {
        context.report({ turn: t.index, message: `walking:${t.hasHits}:${t.hits('word').map((h) => h.phrase).join('|')}:${context.view.hasHitsIn('word')}` });
      },
    }),
  });
  const keeping = defineRule({
    meta: { ...meta, id: 'keeping' },
    phrases: () => ({ word: ['查询', '物流'] }),
    create: (context) => {
      const kept: TurnView[] = [];
      return {
        turn(t) {
          kept.push(t);
        },
        conversationEnd() {
          for (const t of kept) context.report({ turn: t.index, message: `keeping:${t.hasHits}:${t.hits().map((h) => h.phrase).join('|')}:${context.view.hasHits}` });
        },
      };
    },
  });

  it('each rule sees only its own phrases, also from a turn view it kept for the end (after the other rule walked last)', () => {
    const engine = new Engine({
      rules: [keeping, walking].map((rule) => ({ rule, severity: 'warn' as const, options: {} })),
      settings: { allowQin: false, phraseLists: {} },
      scoring: template([]),
    });
    const messages = engine.inspect(chat).findings.filter((f) => f.turn === 0 || f.turn === 4).map((f) => f.message);
    expect(messages).toEqual(['keeping:false::true', 'walking:true:快递:true', 'keeping:true:查询|物流:true', 'walking:false::true']);
  });
});

describe('scoring', () => {
  const timing: ScoringTemplate['dimensions'] = [{ id: 'b', name: '响应时效', points: 40, items: [{ ruleId: 'response-time', points: 10 }] }];

  it('deducts per finding up to the cap', () => {
    const t = template([{ ruleId: 'filler-only-reply', points: 15, cap: 20 }], timing);
    const r = scoreConversation(t, [finding('filler-only-reply'), finding('filler-only-reply')], () => true);
    expect(r.dimensions[0]).toMatchObject({ score: 40, max: 60 });
    expect(r.score).toBe(80);
    expect(r.passed).toBe(true);
  });

  it('sets the score to 0 on a fatal item', () => {
    const t = template([{ ruleId: 'forbidden-phrase', points: 5, fatal: true }], timing);
    const r = scoreConversation(t, [finding('forbidden-phrase', 'error')], () => true);
    expect(r.score).toBe(0);
    expect(r.fatal).toEqual(['forbidden-phrase']);
    expect(r.passed).toBe(false);
  });

  it('drops dimensions whose rules did not apply instead of counting them as passed', () => {
    const t = template([{ ruleId: 'filler-only-reply', points: 30 }], timing);
    const r = scoreConversation(t, [finding('filler-only-reply')], (id) => id !== 'response-time');
    expect(r.dimensions[1]!.applicable).toBe(false);
    expect(r.score).toBe(50); // 30 of 60, rescaled; the timing dimension does not pad it
  });

  it('counts only error findings when minSeverity is error, and adds points in add mode', () => {
    const t: ScoringTemplate = {
      id: 't',
      name: 't',
      passMark: 60,
      dimensions: [
        { id: 'a', name: 'a', points: 50, items: [{ ruleId: 'x', points: 50, minSeverity: 'error' }] },
        { id: 'b', name: '加分', points: 50, mode: 'add', items: [{ ruleId: 'good', points: 20 }] },
      ],
    };
    const r = scoreConversation(t, [finding('x', 'warn'), finding('good'), finding('good')], () => true);
    expect(r.dimensions.map((d) => d.score)).toEqual([50, 40]);
    expect(r.score).toBe(90);
  });

  it('applies a reviewer’s manual items to their dimension', () => {
    const t = template([{ ruleId: 'filler-only-reply', points: 10 }]);
    const r = scoreConversation(t, [], () => true, [{ dimensionId: 'a', points: -12, reason: '态度冷淡' }]);
    expect(r.score).toBe(80);
  });
});

describe('turn analysis cache', () => {
  it('reuses a turn analysis between runs and re-analyses a turn whose text changed', async () => {
    const config = await loadConfig({ rules: { 'forbidden-phrase': 'error' } });
    const engine = new Engine(config);
    const conversation = parseCompact(`
C: 我的快递三天了还没到
A: 这个我们也不知道呢
`);
    const cache = new WeakMap();
    const first = engine.run(conversation, undefined, cache).findings;
    expect(first.map((f) => [f.ruleId, f.turn, f.text])).toEqual([['forbidden-phrase', 1, '不知道']]);
    expect(cache.get(conversation.turns[1]!)?.norm.text).toBe('这个我们也不知道呢');
    // Same object, new text (assist reuses its draft turn): the cached analysis must not be used.
    conversation.turns[1]!.text = '您好，我马上帮您查询物流，请稍等';
    expect(engine.run(conversation, undefined, cache).findings).toEqual([]);
    conversation.turns[1]!.text = '這個我們也不知道呢';
    expect(engine.run(conversation, undefined, cache).findings.map((f) => f.text)).toEqual(['不知道']);
  });
});
