/** Pure logic of the web UI: highlighting, SLA levels, routing, config editing, option schemas. */
import { describe, expect, it } from 'vitest';
import { applyReplacement, segmentText } from '../../src/web/lib/highlight.js';
import { formatDuration, slaLevel } from '../../src/web/lib/sla.js';
import { href, matchPath, parseHash } from '../../src/web/lib/router.js';
import { entrySetting, withDeclarativeRule, withRuleSetting } from '../../src/web/lib/ruleSetConfig.js';
import { parseConfig, stringifyConfig } from '../../src/web/lib/configText.js';
import { schemaFields } from '../../src/web/lib/schema.js';
import { formatOffset } from '../../src/web/lib/format.js';
import { bucketRange } from '../../src/web/pages/OverviewPage.js';
import { formatFromName } from '../../src/web/pages/ImportPage.js';
import { apiFilters } from '../../src/web/components/Filters.js';
import { BUILTIN_RULES } from '../../src/rules/index.js';
import type { JsonSchema } from '../../src/web/api/types.js';

describe('segmentText', () => {
  const text = '这个我也不知道呢，你自己问下快递吧';

  it('cuts the text into plain and marked segments at the spans', () => {
    const segs = segmentText(text, [{ start: 2, end: 8, value: 'a' }]);
    expect(segs.map((s) => [s.text, s.marks])).toEqual([
      ['这个', []],
      ['我也不知道呢', ['a']],
      ['，你自己问下快递吧', []],
    ]);
    expect(segs.map((s) => s.text).join('')).toBe(text);
  });

  it('cuts overlapping spans at every boundary, each piece carrying the spans that cover it', () => {
    const segs = segmentText(text, [
      { start: 4, end: 7, value: 'x' },
      { start: 2, end: 5, value: 'y' },
    ]);
    expect(segs.filter((s) => s.marks.length).map((s) => [s.text, s.marks])).toEqual([
      ['我也', ['y']],
      ['不', ['x', 'y']],
      ['知道', ['x']],
    ]);
  });

  it('keeps a short span visible inside a whole-turn span', () => {
    const segs = segmentText('这个不行的哦', [
      { start: 0, end: 6, value: 'turn' },
      { start: 2, end: 6, value: 'phrase' },
    ]);
    expect(segs.map((s) => [s.text, s.marks])).toEqual([
      ['这个', ['turn']],
      ['不行的哦', ['turn', 'phrase']],
    ]);
  });

  it('clamps spans to the text and drops empty ones', () => {
    const segs = segmentText('您好', [
      { start: 1, end: 99, value: 1 },
      { start: 3, end: 3, value: 2 },
    ]);
    expect(segs.map((s) => [s.text, s.marks])).toEqual([
      ['您', []],
      ['好', [1]],
    ]);
  });

  it('keeps surrogate pairs whole when spans are UTF-16 offsets', () => {
    const t = '好的🚚马上发';
    const segs = segmentText(t, [{ start: 2, end: 4, value: 'emoji' }]);
    expect(segs[1]!.text).toBe('🚚');
  });

  it('applies a replacement at its offsets', () => {
    expect(applyReplacement('这个我们也不知道呢', { start: 4, end: 9, text: '对不起，我帮您问一问' })).toBe('这个我们对不起，我帮您问一问');
  });
});

describe('SLA levels', () => {
  it('follows the fraction of the window left', () => {
    expect(slaLevel(90_000, 100_000)).toBe('ok');
    expect(slaLevel(50_000, 100_000)).toBe('warn');
    expect(slaLevel(20_000, 100_000)).toBe('due');
    expect(slaLevel(0, 100_000)).toBe('breached');
    expect(slaLevel(-1, 100_000)).toBe('breached');
  });

  it('uses absolute minutes without a window', () => {
    expect(slaLevel(3600_000, undefined)).toBe('ok');
    expect(slaLevel(20 * 60_000, undefined)).toBe('warn');
    expect(slaLevel(4 * 60_000, undefined)).toBe('due');
  });

  it('formats durations', () => {
    expect(formatDuration(65_000)).toBe('01:05');
    expect(formatDuration(-65_000)).toBe('01:05');
    expect(formatDuration(3 * 3600_000 + 5_000)).toBe('03:00:05');
    expect(formatDuration(26 * 3600_000)).toBe('1天 02:00:00');
    expect(formatOffset(75)).toBe('01:15');
  });
});

describe('router', () => {
  it('parses hash paths and queries', () => {
    const loc = parseHash('#/conversations/shop-0002?agentId=kf-117');
    expect(loc.path).toBe('/conversations/shop-0002');
    expect(loc.query.get('agentId')).toBe('kf-117');
    expect(parseHash('').path).toBe('/');
    expect(parseHash('#/review/').path).toBe('/review');
  });

  it('builds links without empty values', () => {
    expect(href('/conversations', { ruleId: 'forbidden-phrases', teamId: '', q: undefined })).toBe('#/conversations?ruleId=forbidden-phrases');
    expect(href('/')).toBe('#/');
  });

  it('matches patterns with decoded params', () => {
    expect(matchPath('/conversations/:id', '/conversations/call%2F001')).toEqual({ id: 'call/001' });
    expect(matchPath('/conversations/:id', '/conversations')).toBeNull();
    expect(matchPath('/rules/new', '/rules/new')).toEqual({});
  });
});

describe('rule-set config editing', () => {
  it('sets a severity and keeps the rule options', () => {
    const config = { extends: 'kefu:recommended', rules: { 'response-time': ['warn', { maxSeconds: 30 }] } };
    const next = withRuleSetting(config, 'response-time', 'error');
    expect(next.rules).toEqual({ 'response-time': ['error', { maxSeconds: 30 }] });
    expect(entrySetting(next.rules!['response-time'])).toBe('error');
    expect(withRuleSetting(next, 'response-time', undefined)).toEqual({ extends: 'kefu:recommended' });
  });

  it('replaces a declarative rule with the same id', () => {
    const config = withDeclarativeRule({ declarativeRules: [{ id: 'org/a', v: 1 }] }, { id: 'org/a', v: 2 });
    expect(config.declarativeRules).toEqual([{ id: 'org/a', v: 2 }]);
  });

  it('round-trips YAML and JSON text and reports syntax errors', () => {
    const config = { extends: 'kefu:recommended', rules: { greeting: 'error' } };
    for (const format of ['yaml', 'json'] as const) expect(parseConfig(stringifyConfig(config, format))).toEqual({ config });
    expect(parseConfig('rules: [a')).toHaveProperty('error');
    expect(parseConfig('- a')).toEqual({ error: expect.stringContaining('对象') });
  });
});

describe('option schemas', () => {
  it('describes every built-in rule option', () => {
    for (const rule of BUILTIN_RULES) {
      const schema = rule.meta.optionsSchema as JsonSchema | undefined;
      const fields = schemaFields(schema);
      expect(fields.map((f) => f.name)).toEqual(Object.keys(schema?.properties ?? {}));
      for (const f of fields) expect(f.type).not.toBe('');
    }
  });

  it('reads enums, bounds and defaults', () => {
    const fields = schemaFields({
      type: 'object',
      required: ['maxSeconds'],
      properties: {
        maxSeconds: { type: 'number', minimum: 1, description: '秒', default: 60 },
        mode: { anyOf: [{ const: 'a' }, { const: 'b' }] },
        phrases: { type: 'array', items: { type: 'string' } },
      },
    });
    expect(fields).toEqual([
      { name: 'maxSeconds', type: '数字', required: true, description: '秒', minimum: 1, default: 60 },
      { name: 'mode', type: '选项', required: false, values: ['a', 'b'] },
      { name: 'phrases', type: '文本列表', required: false },
    ]);
  });
});

describe('page helpers', () => {
  it('turns histogram buckets into score ranges', () => {
    expect(bucketRange('60-70')).toEqual({ minScore: '60', maxScore: '69.999' });
    expect(bucketRange('90-100')).toEqual({ minScore: '90', maxScore: '100' });
    expect(bucketRange('other')).toEqual({});
  });

  it('sends an inclusive end date as the exclusive next day', () => {
    expect(apiFilters({ from: '2024-06-03', to: '2024-06-03' })).toEqual({ from: '2024-06-03', to: '2024-06-04' });
    expect(apiFilters({ to: '2024-12-31' })).toEqual({ to: '2025-01-01' });
    expect(apiFilters({ to: '2024-06-03T10:00:00Z' })).toEqual({ to: '2024-06-03T10:00:00Z' });
  });

  it('guesses the import format from the file name', () => {
    expect(formatFromName('chats.JSONL')).toBe('jsonl');
    expect(formatFromName('a.csv')).toBe('csv');
    expect(formatFromName('calls.txt')).toBe('transcript');
    expect(formatFromName('x.pdf')).toBeUndefined();
  });
});
