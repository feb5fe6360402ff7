import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createEngine, inspect, loadConfig } from '../../../src/api.js';
import { parseCompact } from '../../../src/engine/compact.js';
import { call } from './helpers.js';

const yamlConfig = `
extends: kefu:recommended
settings:
  phraseLists:
    banned: [不归我管]
declarativeRules:
  - id: shirking
    description: 客服不得推诿
    category: forbidden
    severity: error
    kefuAddition: 示例
    message: 客服推诿：“{{phrase}}”
    suggestion: 这个问题我来帮您联系相关同事处理
    detect:
      keywords: { any: [{ list: banned }, 不是我负责] }
      role: agent
rules:
  shirking: warn
`;

describe('declarative rules through the configuration', () => {
  it('round-trips a YAML config object through loadConfig and inspects with the shared automaton', async () => {
    const config = await loadConfig(parseYaml(yamlConfig));
    const active = config.rules.find((r) => r.rule.meta.id === 'shirking');
    expect(active?.severity).toBe('warn');
    expect(config.settingsByRule['shirking']).toBe('warn');
    expect(config.presets).toEqual(['kefu:recommended']);
    // The rule's phrases sit in the one automaton next to every other rule's.
    const engine = createEngine(config);
    expect(engine.matcher.size).toBeGreaterThan(2);
    const [result] = await inspect(parseCompact('C: 发票呢\nA: 這個不歸我管', { id: 'c1' }), config);
    const finding = result!.findings.find((f) => f.ruleId === 'shirking');
    expect(finding).toMatchObject({ severity: 'warn', turn: 1, start: 2, end: 6, text: '不歸我管', message: '客服推诿：“不归我管”' });
    expect(finding?.suggestion).toBe('这个问题我来帮您联系相关同事处理');
  });

  it('can be switched off like any rule', async () => {
    const config = await loadConfig({ ...(parseYaml(yamlConfig) as object), rules: { shirking: 'off' } });
    expect(config.rules.some((r) => r.rule.meta.id === 'shirking')).toBe(false);
    expect(config.settingsByRule['shirking']).toBe('off');
  });

  it('loads examples/kefu.config.yaml with its rule files', async () => {
    const config = await loadConfig('examples/kefu.config.yaml');
    const ids = config.rules.map((r) => r.rule.meta.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'greeting',
        'complaint-apology',
        'no-review-push-before-solved',
        'call-speech-rate',
        'call-silence',
        'telecom-no-qin',
        'hold-apology',
        'no-full-phone-number',
      ]),
    );
    expect(config.rules.find((r) => r.rule.meta.id === 'call-silence')?.severity).toBe('error');
  });

  it('finds what the example rules describe on realistic conversations', async () => {
    const config = await loadConfig('examples/kefu.config.yaml');
    const chat = parseCompact(
      [
        'C 0s: 在吗，我的快递三天了还没到',
        'A 10s: 您好，这边帮您查询，请稍等',
        'C 20s: 再不到我就投诉了，还要给差评',
        'A 2:00: 查到了，明天送达，记得给个五星好评哦',
        'A 2:10: 师傅电话13812345678',
        'C 2:30: 好吧',
      ].join('\n'),
      { id: 'chat-1' },
    );
    const phone = call(
      [
        ['A', 0, 3, '您好，很高兴为您服务'],
        ['C', 4, 8, '我家宽带又断了'],
        ['A', 9, 11, '亲，请您稍等'],
        ['A', 75, 79, '查到了，您那边线路故障师傅今天下午就会上门维修请您保持电话畅通好吗'],
      ],
      undefined,
      'call-1',
    );
    const [chatResult, callResult] = await inspect([chat, phone], config);
    const chatRules = chatResult!.findings.map((f) => `${f.ruleId}@${f.turn}`);
    expect(chatRules).toEqual(expect.arrayContaining(['complaint-apology@2', 'no-review-push-before-solved@3', 'hold-apology@1', 'no-full-phone-number@4']));
    const callRules = callResult!.findings.map((f) => `${f.ruleId}@${f.turn}`);
    expect(callRules).toEqual(expect.arrayContaining(['telecom-no-qin@2', 'call-silence@3', 'call-speech-rate@3', 'hold-apology@2']));
    // Not applicable, not passed: no complaint in the call; the chat has no start/end for speech rate (and is not a call).
    expect(callResult!.notApplicable).toContain('complaint-apology');
    expect(chatResult!.findings.some((f) => f.ruleId === 'telecom-no-qin')).toBe(false);
  });
});
