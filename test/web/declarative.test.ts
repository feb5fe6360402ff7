/** The declarative-rule form produces specs the engine's own compiler accepts and runs. */
import { describe, expect, it } from 'vitest';
import { buildSpec, EMPTY_FORM, formProblems, keywordEntries, type DeclarativeForm } from '../../src/web/lib/declarative.js';
import { compileDeclarativeRules } from '../../src/rules/declarative/compile.js';

const form: DeclarativeForm = {
  ...EMPTY_FORM,
  id: 'org/no-unknown-answer',
  description: '禁止以“不知道”答复客户',
  severity: 'error',
  channels: ['chat'],
  keywords: '不知道|不清楚\n不行的哦',
  exclude: '如果重启后依然不行',
  message: '不能以“不知道”答复客户',
  suggestion: '对不起，我不太清楚，但我可以帮您问一问',
  sourceFile: '001-服务规范.md',
  sourceQuote: '不能使用“不知道”“不行”等字眼',
};

describe('declarative rule form', () => {
  it('reads keyword lines with synonym groups', () => {
    expect(keywordEntries('不知道|不清楚\n\n 不行的哦 \n')).toEqual([['不知道', '不清楚'], '不行的哦']);
  });

  it('builds the JSON spec', () => {
    expect(buildSpec({ ...form, position: 'last', positionCount: 2 })).toEqual({
      id: 'org/no-unknown-answer',
      description: '禁止以“不知道”答复客户',
      category: 'forbidden',
      severity: 'error',
      channels: ['chat'],
      source: { file: '001-服务规范.md', quote: '不能使用“不知道”“不行”等字眼' },
      message: '不能以“不知道”答复客户',
      suggestion: '对不起，我不太清楚，但我可以帮您问一问',
      detect: { role: 'agent', turns: { last: 2 }, keywords: { any: [['不知道', '不清楚'], '不行的哦'], exclude: ['如果重启后依然不行'] } },
    });
  });

  it('passes the engine validator for detect and require, any and all, every position', () => {
    expect(formProblems(form)).toEqual([]);
    for (const mode of ['detect', 'require'] as const) {
      for (const position of ['all', 'first', 'last'] as const) {
        const spec = buildSpec({ ...form, mode, position, match: position === 'all' ? 'any' : 'all', id: `org/r-${mode}-${position}` });
        const [rule] = compileDeclarativeRules([spec], 'form');
        expect(rule!.meta.id).toBe(`org/r-${mode}-${position}`);
      }
    }
  });

  it('names what is missing before the spec can be valid', () => {
    expect(formProblems(EMPTY_FORM)).toHaveLength(5);
    expect(formProblems({ ...form, id: 'Bad Id' })).toEqual([expect.stringContaining('规则 id')]);
    expect(formProblems({ ...form, sourceFile: '', kefuAddition: '本组织要求' })).toEqual([]);
  });
});
