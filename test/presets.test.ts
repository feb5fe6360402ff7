import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/engine/config.js';
import { Engine } from '../src/engine/engine.js';
import { parseCompact } from '../src/engine/compact.js';
import { validateTemplate } from '../src/scoring/template.js';
import { BUILTIN_RULES_BY_ID } from '../src/rules/index.js';
import { PRESETS, PRESETS_BY_NAME, PRESET_REASONS } from '../src/presets/index.js';

const registry = { rules: BUILTIN_RULES_BY_ID, presets: PRESETS_BY_NAME };
const load = async (name: string) => new Engine(await resolveConfig(PRESETS_BY_NAME.get(name)!, registry));


describe('presets', () => {
  it('has the four presets', () => {
    expect(PRESETS.map((p) => p.name)).toEqual(['kefu:recommended', 'kefu:ecommerce-chat', 'kefu:call-center', 'kefu:property-service']);
  });

  for (const preset of PRESETS) {
    describe(preset.name, () => {
      it('resolves: every rule id is known and every option valid', async () => {
        const resolved = await resolveConfig(preset, registry);
        expect(resolved.rules.length).toBeGreaterThan(10);
        const viaExtends = await resolveConfig({ extends: preset.name }, registry);
        expect(viaExtends.presets).toEqual([preset.name]);
      });

      it('gives a reason for every rule it sets', () => {
        const reasons = PRESET_REASONS[preset.name]!;
        for (const id of Object.keys(preset.rules ?? {})) expect(reasons[id], `${preset.name} ${id}`).toBeTruthy();
      });

      it('has a valid scoring template whose items name rules of the preset, with fatal items', () => {
        const t = validateTemplate(preset.scoring, preset.name);
        const ids = new Set(Object.keys(preset.rules ?? {}));
        for (const d of t.dimensions) for (const item of d.items) expect(ids.has(item.ruleId), `${preset.name} scores ${item.ruleId}`).toBe(true);
        const fatal = t.dimensions.flatMap((d) => d.items.filter((i) => i.fatal).map((i) => i.ruleId));
        expect(fatal).toContain('personal-info-disclosure');
        expect(fatal).toContain('scenario-abusive-customer');
        expect(t.passMark).toBeGreaterThan(0);
      });
    });
  }

  it('kefu:ecommerce-chat allows 亲 and answers within 60 s', async () => {
    const resolved = await resolveConfig(PRESETS_BY_NAME.get('kefu:ecommerce-chat')!, registry);
    expect(resolved.settings.allowQin).toBe(true);
    const rt = resolved.rules.find((r) => r.rule.meta.id === 'response-time');
    expect(rt?.options['maxSeconds']).toBe(60);
    const engine = new Engine(resolved);
    const result = engine.inspect(
      parseCompact(
        [
          'C 0s: 我买的杯子收到就碎了😡',
          'A 20s: 亲，您好，非常理解您的心情，请问能拍一下破损的照片吗？请您稍等，我帮您查一下订单😊',
          'C 40s: [图片]',
          'A 70s: 非常抱歉给您带来不便，请您不要着急，我们一定会帮您处理好的🙏',
          'A 80s: 这边为您申请补发一个新的，明天发出哦😊',
          'C 90s: 好的谢谢',
          'A 100s: 不客气，请问还有其他可以帮到您的吗？😊',
        ].join('\n'),
      ),
    );
    const own = result.findings;
    expect(own.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    expect(result.notApplicable).toContain('complaint-reply-promise');
  });

  it('kefu:call-center judges a realistic call and makes a forbidden or blaming reply fatal', async () => {
    const engine = await load('kefu:call-center');
    const good = parseCompact(
      [
        'A 0s: 您好，服务中心1024号很高兴为您服务，请问有什么可以帮助您？',
        'C 4s: 我要投诉，你们把我的宽带地址登记错了，师傅白跑一趟',
        'A 10s: 对不起，给您添麻烦了，非常理解您的焦虑。请问您贵姓？',
        'C 14s: 姓李',
        'A 17s: 李先生，麻烦留一下您的联系电话',
        'C 20s: 13812345678',
        'A 25s: 跟您确认一下，您反映的是宽带地址登记错误，对吗？我会将您反映的问题如实上报负责人，并在2小时之内给您明确的答复',
        'C 35s: 好的，谢谢',
        'A 38s: 不客气，请问还有什么可以帮助您？',
        'C 41s: 没有了',
        'A 43s: 感谢您的来电，若有问题请再次来电，谢谢再见！',
      ].join('\n'),
      { channel: 'call', call: { rings: 2, hungUpBy: 'customer' } },
    );
    const result = engine.inspect(good);
    const own = result.findings;
    expect(own.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    expect(result.passed).toBe(true);

    const blaming = parseCompact('A 0s: 您好，服务中心8号，请问有什么可以帮您？\nC 3s: 你他妈的会不会办事\nA 6s: 你嘴巴干净一点，这又不是我的错', {
      channel: 'call',
      call: { rings: 1, hungUpBy: 'customer' },
    });
    const bad = engine.inspect(blaming);
    expect(bad.fatal).toContain('scenario-abusive-customer');
    expect(bad.score).toBe(0);
  });

  it('kefu:property-service checks a front-desk repair call', async () => {
    const engine = await load('kefu:property-service');
    const result = engine.inspect(
      parseCompact('A 0s: 您好，物业服务中心，请问有什么可以帮您？\nC 3s: 我家卫生间漏水了\nA 6s: 我们下午过去看看', { channel: 'call', call: { rings: 2, hungUpBy: 'customer' } }),
    );
    expect(result.findings.map((f) => f.ruleId)).toContain('scenario-service-request');
  });

  it('kefu:recommended flags a personal number as fatal on any channel', async () => {
    const engine = await load('kefu:recommended');
    const result = engine.inspect(parseCompact('C: 快递员电话给我\nA: 您好，快递员电话13912345678，您直接打吧'));
    expect(result.fatal).toContain('personal-info-disclosure');
    expect(result.score).toBe(0);
    expect(result.passed).toBe(false);
  });
});
