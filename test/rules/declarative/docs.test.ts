import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { compileDeclarativeRules } from '../../../src/rules/declarative/compile.js';

const doc = readFileSync(new URL('../../../docs/declarative-rules.md', import.meta.url), 'utf8');
const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
const meta = { id: 'doc-example', description: '文档示例', category: 'scenario', kefuAddition: '文档', message: '违规' };

describe('every rule example of docs/declarative-rules.md compiles', () => {
  const rules = blocks.filter((b) => /^(detect|require):/m.test(b) && !/^declarativeRules:/m.test(b));
  it('has examples', () => expect(rules.length).toBeGreaterThan(8));
  rules.forEach((block, i) => {
    it(`example ${i}: ${block.split('\n').find((l) => /^(detect|require):/.test(l))} ${block.split('\n')[1]?.trim() ?? ''}`, () => {
      const parsed = parseYaml(block) as Record<string, unknown>;
      const spec: Record<string, unknown> = { ...meta, ...parsed };
      if (parsed['source']) delete spec['kefuAddition'];
      expect(() => compileDeclarativeRules([spec], 'docs')).not.toThrow();
    });
  });
  it('the inline rule of the config example compiles', () => {
    const config = parseYaml(blocks[0]!) as { declarativeRules: unknown[] };
    expect(compileDeclarativeRules(config.declarativeRules.filter((r) => typeof r !== 'string'), 'docs')).toHaveLength(1);
  });
});
