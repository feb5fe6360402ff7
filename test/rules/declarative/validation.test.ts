import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/api.js';
import { compileDeclarativeRules } from '../../../src/rules/declarative/compile.js';
import { DeclarativeRuleSchema } from '../../../src/rules/declarative/schema.js';

const base = { id: 'r', description: '说明', category: 'forbidden', kefuAddition: '测试', message: '违规' };
const ok = { keywords: { any: ['不知道'] }, role: 'agent' };

function problem(spec: unknown, extra: unknown[] = []): string {
  try {
    compileDeclarativeRules([...extra, spec], 'kefu.config.yaml');
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a validation error');
}

describe('declarative rule validation names the path of each problem', () => {
  const cases: Array<[string, unknown, string]> = [
    ['empty path', '', 'declarativeRules[0]: must be a rule or the path of a rule file'],
    ['a number', 42, 'kefu.config.yaml: declarativeRules[0]: must be an object'],
    ['no polarity', { ...base }, 'declarativeRules[0]: give exactly one of detect'],
    ['both polarities', { ...base, detect: ok, require: ok }, 'declarativeRules[0]: give exactly one of detect'],
    ['no origin', { ...base, kefuAddition: undefined, detect: ok }, 'give exactly one of source'],
    ['both origins', { ...base, source: { file: 'a.txt', quote: 'q' }, detect: ok }, 'give exactly one of source'],
    ['missing message', { ...base, message: undefined, detect: ok }, 'declarativeRules[0].message: is required'],
    ['bad id', { ...base, id: 'Bad Id', detect: ok }, 'declarativeRules[0].id: must match pattern'],
    ['bad category', { ...base, category: 'rude', detect: ok }, 'declarativeRules[0].category: must be one of: forbidden, courtesy'],
    ['bad channel', { ...base, channels: ['sms'], detect: ok }, 'declarativeRules[0].channels[0]: must be one of: chat, call, email'],
    ['unknown rule key', { ...base, detect: ok, severty: 'warn' }, "declarativeRules[0].severty: unknown key"],
    ['unknown operator', { ...base, detect: { keyword: { any: ['x'] } } }, 'declarativeRules[0].detect.keyword: unknown operator'],
    ['two operators', { ...base, detect: { keywords: { any: ['x'] }, regex: 'y' } }, 'declarativeRules[0].detect: has several operators (keywords, regex)'],
    ['bad keyword entry', { ...base, detect: { keywords: { any: ['x', 3] } } }, 'declarativeRules[0].detect.keywords.any[1]: must be a phrase, a list of synonyms, or {list: name}'],
    ['empty phrase', { ...base, detect: { keywords: { any: [''] } } }, 'declarativeRules[0].detect.keywords.any[0]: must not be empty'],
    ['empty list', { ...base, detect: { keywords: { any: [] } } }, 'declarativeRules[0].detect.keywords.any: must not be empty'],
    ['two keyword modes', { ...base, detect: { keywords: { any: ['x'], all: ['y'] } } }, 'declarativeRules[0].detect.keywords: give exactly one of any, all, atLeast (with of), none (found any, all)'],
    ['atLeast without of', { ...base, detect: { keywords: { atLeast: 2 } } }, 'declarativeRules[0].detect.keywords.of: is required with atLeast'],
    ['atLeast too big', { ...base, detect: { keywords: { atLeast: 3, of: ['a', 'b'] } } }, 'declarativeRules[0].detect.keywords.atLeast: is more than the 2 keywords'],
    ['bad scope', { ...base, detect: { keywords: { any: ['x'], scope: 'page' } } }, 'declarativeRules[0].detect.keywords.scope: must be one of: sentence, turn, window'],
    ['bad role', { ...base, detect: { keywords: { any: ['x'] }, role: 'seller' } }, 'declarativeRules[0].detect.role: must be one of: agent, customer, bot, system, any'],
    ['two range forms', { ...base, detect: { ...ok, turns: { first: 1, last: 1 } } }, 'declarativeRules[0].detect.turns: give exactly one of first, last, or from/to'],
    ['range backwards', { ...base, detect: { ...ok, turns: { from: 3, to: 1 } } }, 'declarativeRules[0].detect.turns.to: must not be before from'],
    ['invalid regex', { ...base, detect: { regex: '(abc' } }, 'declarativeRules[0].detect.regex: invalid regular expression'],
    ['invalid not regex', { ...base, detect: { regex: { pattern: 'a', not: '[' } } }, 'declarativeRules[0].detect.regex.not: invalid regular expression'],
    ['empty-matching regex', { ...base, detect: { regex: { pattern: 'a*' } } }, 'declarativeRules[0].detect.regex.pattern: matches the empty string'],
    ['bad regex flags', { ...base, detect: { regex: { pattern: 'a', flags: 'y' } } }, 'declarativeRules[0].detect.regex.flags: must match pattern'],
    ['threshold over 1', { ...base, detect: { similarTo: { examples: ['a'], threshold: 80 } } }, 'declarativeRules[0].detect.similarTo.threshold: must be <= 1'],
    ['no bound', { ...base, detect: { responseTime: { from: 'customer' } } }, 'declarativeRules[0].detect.responseTime: give moreThan and/or lessThan'],
    ['role on responseTime', { ...base, detect: { responseTime: { moreThan: 1 }, role: 'agent' } }, 'declarativeRules[0].detect.role: responseTime takes from / to'],
    ['negative silence', { ...base, detect: { silence: { moreThan: -1 } } }, 'declarativeRules[0].detect.silence.moreThan: must be >= 0'],
    ['speaks false', { ...base, detect: { speaks: false } }, 'declarativeRules[0].detect.speaks: must be true'],
    ['role on and', { ...base, detect: { and: [ok], role: 'agent' } }, 'declarativeRules[0].detect.role: unknown key'],
    ['bad child', { ...base, detect: { or: [ok, { regex: '(' }] } }, 'declarativeRules[0].detect.or[1].regex: invalid regular expression'],
    ['bad nested not', { ...base, detect: { not: { keywords: {} } } }, 'declarativeRules[0].detect.not.keywords: give exactly one of'],
    ['sameTurn of nots only', { ...base, detect: { and: [{ not: ok }], sameTurn: true } }, 'declarativeRules[0].detect.and: sameTurn needs at least one'],
    ['anchor condition', { ...base, require: { ...ok, after: { condition: { keywords: { any: [1] } } } } }, 'declarativeRules[0].require.after.condition.keywords.any[0]: must be a phrase'],
    ['anchor missing condition', { ...base, require: { ...ok, after: { within: 2 } } }, 'declarativeRules[0].require.after.condition: is required'],
    ['two anchors', { ...base, require: { ...ok, after: { condition: ok }, before: { condition: ok } } }, 'declarativeRules[0].require.before: only one of after / before / around'],
    ['around without within', { ...base, require: { ...ok, around: { condition: ok } } }, 'declarativeRules[0].require.around.within: is required for around'],
    ['seconds on before', { ...base, require: { ...ok, before: { condition: ok, minSeconds: 3 } } }, 'declarativeRules[0].require.before.minSeconds: is only allowed with after'],
    ['within zero', { ...base, require: { ...ok, after: { condition: ok, within: 0 } } }, 'declarativeRules[0].require.after.within: must be >= 1'],
  ];
  for (const [name, spec, expected] of cases) {
    it(name, () => {
      const message = problem(spec);
      expect(message.startsWith('kefu.config.yaml: declarativeRules[0]')).toBe(true);
      expect(message).toContain(expected);
    });
  }

  it('names the index of the failing rule and rejects duplicate ids', () => {
    expect(problem({ ...base, id: 'b', detect: { regex: '(' } }, [{ ...base, id: 'a', detect: ok }])).toContain('declarativeRules[1].detect.regex');
    expect(problem({ ...base, detect: ok }, [{ ...base, detect: ok }])).toBe(
      "kefu.config.yaml: declarativeRules[1].id: duplicate rule id 'r' (already defined at declarativeRules[0])",
    );
  });

  it('names the rule file and the rule inside it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kefu-decl-'));
    writeFileSync(path.join(dir, 'bad.yaml'), 'id: bad\ndescription: x\ncategory: forbidden\nkefuAddition: x\nmessage: x\ndetect:\n  keywords: { any: [1] }\n');
    writeFileSync(path.join(dir, 'list.json'), JSON.stringify([{ ...base, id: 'ok', detect: ok }, { ...base, id: 'x', detect: { silence: {} } }]));
    writeFileSync(path.join(dir, 'broken.yaml'), 'id: [unclosed\n');
    const where = path.join(dir, 'kefu.config.yaml');
    expect(() => compileDeclarativeRules(['bad.yaml'], where)).toThrow(`${where}: declarativeRules[0](bad.yaml).detect.keywords.any[0]: must be a phrase`);
    expect(() => compileDeclarativeRules(['list.json'], where)).toThrow(`${where}: declarativeRules[0](list.json)[1].detect.silence.moreThan: is required`);
    expect(() => compileDeclarativeRules(['broken.yaml'], where)).toThrow(/declarativeRules\[0\]: invalid rule file .*broken\.yaml/);
    expect(() => compileDeclarativeRules(['missing.yaml'], where)).toThrow(/declarativeRules\[0\]: cannot read rule file .*missing\.yaml \(ENOENT\)/);
  });

  it('fails config loading with the config location', async () => {
    await expect(loadConfig({ declarativeRules: [{ ...base, detect: { keywords: { any: ['x'], none: ['y'] } } }] })).rejects.toThrow(
      'config: declarativeRules[0].detect.keywords: give exactly one of',
    );
    await expect(loadConfig({ declarativeRules: [{ ...base, id: 'greeting', detect: ok }] })).rejects.toThrow(/clashes with a built-in rule/);
  });
});

describe('the JSON Schema of a rule', () => {
  it('is plain JSON Schema with a recursive condition', () => {
    const json = JSON.parse(JSON.stringify(DeclarativeRuleSchema)) as { $defs: Record<string, unknown>; $ref: string };
    expect(json.$ref).toBe('Rule');
    expect(Object.keys(json.$defs)).toEqual(['Condition', 'Rule']);
    expect(JSON.stringify(json.$defs['Condition'])).toContain('"$ref":"Condition"');
  });
});
