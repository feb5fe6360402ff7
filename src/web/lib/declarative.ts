/**
 * The declarative-rule form's state and the JSON spec it produces (src/rules/declarative/schema.ts):
 * keywords any/all for a role, optionally within the first or last N turns of that role, under
 * `detect` (a violation where it matches) or `require` (a violation when it never matches).
 */

export const CATEGORY_OPTIONS: { value: string; label: string }[] = [
  { value: 'forbidden', label: '服务禁语' },
  { value: 'courtesy', label: '礼貌用语' },
  { value: 'opening', label: '开场规范' },
  { value: 'closing', label: '结束规范' },
  { value: 'timing', label: '响应时效' },
  { value: 'complaint', label: '投诉处理' },
  { value: 'scenario', label: '场景话术' },
  { value: 'phone', label: '电话礼仪' },
  { value: 'privacy', label: '信息保密' },
  { value: 'format', label: '表达规范' },
];

export const ROLE_OPTIONS: { value: string; label: string }[] = [
  { value: 'agent', label: '客服' },
  { value: 'customer', label: '客户' },
  { value: 'any', label: '任意' },
];

export interface DeclarativeForm {
  id: string;
  description: string;
  category: string;
  severity: 'warn' | 'error';
  channels: string[];
  mode: 'detect' | 'require';
  role: string;
  position: 'all' | 'first' | 'last';
  positionCount: number;
  /** `any`: one of the keywords is enough; `all`: every keyword must appear (in one turn). */
  match: 'any' | 'all';
  /** One phrase per line; synonyms on one line separated by ｜ or |. */
  keywords: string;
  exclude: string;
  message: string;
  suggestion: string;
  sourceFile: string;
  sourceQuote: string;
  kefuAddition: string;
}

export const EMPTY_FORM: DeclarativeForm = {
  id: '',
  description: '',
  category: 'forbidden',
  severity: 'warn',
  channels: [],
  mode: 'detect',
  role: 'agent',
  position: 'all',
  positionCount: 2,
  match: 'any',
  keywords: '',
  exclude: '',
  message: '',
  suggestion: '',
  sourceFile: '',
  sourceQuote: '',
  kefuAddition: '',
};

/** Lines → keyword entries: `a|b` on one line is a group of synonyms. */
export function keywordEntries(text: string): (string | string[])[] {
  return text
    .split('\n')
    .map((line) => line.split(/[|｜]/).map((p) => p.trim()).filter(Boolean))
    .filter((parts) => parts.length > 0)
    .map((parts) => (parts.length === 1 ? parts[0]! : parts));
}

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

export function buildSpec(form: DeclarativeForm): Record<string, unknown> {
  const keywords: Record<string, unknown> = { [form.match]: keywordEntries(form.keywords) };
  const exclude = lines(form.exclude);
  if (exclude.length) keywords.exclude = exclude;

  const condition: Record<string, unknown> = { role: form.role };
  if (form.position !== 'all') condition.turns = { [form.position]: Math.max(1, Math.floor(form.positionCount)) };
  condition.keywords = keywords;

  const spec: Record<string, unknown> = {
    id: form.id.trim(),
    description: form.description.trim(),
    category: form.category,
    severity: form.severity,
  };
  if (form.channels.length) spec.channels = form.channels;
  if (form.sourceFile.trim() && form.sourceQuote.trim()) spec.source = { file: form.sourceFile.trim(), quote: form.sourceQuote.trim() };
  if (form.kefuAddition.trim()) spec.kefuAddition = form.kefuAddition.trim();
  spec.message = form.message.trim();
  if (form.suggestion.trim()) spec.suggestion = form.suggestion.trim();
  spec[form.mode] = condition;
  return spec;
}

/** What the form still needs before the spec can be valid (the server validates the rest). */
export function formProblems(form: DeclarativeForm): string[] {
  const problems: string[] = [];
  if (!/^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*$/.test(form.id.trim())) problems.push('规则 id 只能用小写字母、数字和连字符（如 org/no-wait-phrase）');
  if (!form.description.trim()) problems.push('请填写规则说明');
  if (!form.message.trim()) problems.push('请填写违规提示');
  if (!keywordEntries(form.keywords).length) problems.push('请至少填写一个关键词');
  if (!(form.sourceFile.trim() && form.sourceQuote.trim()) && !form.kefuAddition.trim()) problems.push('请注明出处（规范文件与原文），或说明本组织补充的理由');
  return problems;
}
