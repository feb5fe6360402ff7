/**
 * Validation of declarative rule specs, node by node, so that every problem names its exact path
 * (`declarativeRules[2].require.after.condition.keywords.any[0]: must be a phrase…`). Structure is
 * checked against the TypeBox schemas of schema.ts; meaning (one operator per node, a regex that
 * compiles, one turn-range form, …) is checked here.
 */
import type { TSchema } from 'typebox';
import Value from 'typebox/value';
import {
  LEAF_OPERATORS,
  OPERATORS,
  RuleMetaSchema,
  nodeSchemas,
  type ConditionSpec,
  type DeclarativeRuleSpec,
  type OperatorName,
} from './schema.js';
import { foldPattern } from './text.js';

/** A problem at a path inside a spec. */
export class SpecError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'SpecError';
  }
}

function fail(path: string, problem: string): never {
  throw new SpecError(path, problem);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `/keywords/any/0` → `.keywords.any[0]` */
function pointerToPath(pointer: string): string {
  if (!pointer) return '';
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('');
}

function schemaAt(schema: TSchema, schemaPath: string): Record<string, unknown> | undefined {
  let node: unknown = schema;
  for (const part of schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    if (!isObject(node)) return undefined;
    node = node[part];
  }
  return isObject(node) ? node : undefined;
}

type SchemaError = ReturnType<typeof Value.Errors>[number];

/** Errors not inside a branch of a union that itself failed (those speak for the union). */
function topLevel(errors: readonly SchemaError[]): SchemaError[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath);
  return errors.filter((e) => !unions.some((u) => e.schemaPath.startsWith(`${u}/anyOf/`)));
}

/**
 * For a failed union, the branch whose type matched the value (an object given where a string
 * or an object may stand) explains the problem best; otherwise the union's own message does.
 */
function resolveUnion(error: SchemaError, errors: readonly SchemaError[]): SchemaError {
  if (error.keyword !== 'anyOf') return error;
  const prefix = `${error.schemaPath}/anyOf/`;
  const branches = new Map<string, SchemaError[]>();
  for (const e of errors) {
    if (!e.schemaPath.startsWith(prefix)) continue;
    const k = e.schemaPath.slice(prefix.length).split('/')[0]!;
    branches.set(k, [...(branches.get(k) ?? []), e]);
  }
  const typed = [...branches.values()].filter((list) => !list.some((e) => e.keyword === 'type' && e.instancePath === error.instancePath));
  if (typed.length !== 1) return error;
  const inner = topLevel(typed[0]!);
  return inner[0] ? resolveUnion(inner[0], typed[0]!) : error;
}

/** Check a value against a schema; throw the first problem with its path. */
export function checkSchema(schema: TSchema, value: unknown, path: string): void {
  const errors = [...Value.Errors(schema, value)].filter((e) => e.keyword !== 'boolean');
  if (errors.length === 0) return;
  const top = topLevel(errors);
  const first = resolveUnion(top[0] ?? errors[0]!, errors);
  const at = path + pointerToPath(first.instancePath);
  const params = first.params as Record<string, unknown>;
  switch (first.keyword) {
    case 'additionalProperties': {
      const extra = (params['additionalProperties'] as string[] | undefined) ?? [];
      const known = Object.keys((schemaAt(schema, first.schemaPath)?.['properties'] as object | undefined) ?? {});
      fail(`${at}.${extra[0] ?? '?'}`, `unknown key${known.length ? ` (expected one of: ${known.join(', ')})` : ''}`);
    }
    case 'required': {
      const missing = (params['requiredProperties'] as string[] | undefined) ?? [];
      fail(`${at}.${missing[0] ?? '?'}`, 'is required');
    }
    case 'enum':
      fail(at, `must be one of: ${((params['allowedValues'] as unknown[]) ?? []).join(', ')}`);
    case 'anyOf': {
      const union = schemaAt(schema, first.schemaPath);
      fail(at, (union?.['errorMessage'] as string | undefined) ?? 'has the wrong form');
    }
    case 'minLength':
    case 'minItems':
      fail(at, params['limit'] === 1 ? 'must not be empty' : first.message);
    case 'const':
      fail(at, `must be ${JSON.stringify(params['allowedValue'])}`);
    default:
      fail(at, first.message);
  }
}

function compileRegex(source: string, flags: string, path: string): RegExp {
  try {
    return new RegExp(foldPattern(source), `gi${flags}`);
  } catch (err) {
    fail(path, `invalid regular expression: ${(err as Error).message}`);
  }
}

function countDefined(obj: Record<string, unknown>, keys: readonly string[]): string[] {
  return keys.filter((k) => obj[k] !== undefined);
}

/** Validate one condition node and its children. */
export function validateCondition(value: unknown, path: string): ConditionSpec {
  if (!isObject(value)) fail(path, `must be an object with one operator (${OPERATORS.join(', ')})`);
  const ops = OPERATORS.filter((op) => value[op] !== undefined);
  if (ops.length === 0) {
    const unknown = Object.keys(value).filter((k) => !['role', 'turns', 'label', 'after', 'before', 'around', 'sameTurn'].includes(k));
    if (unknown.length > 0) fail(`${path}.${unknown[0]}`, `unknown operator (expected one of: ${OPERATORS.join(', ')})`);
    fail(path, `needs an operator: one of ${OPERATORS.join(', ')}`);
  }
  if (ops.length > 1) fail(path, `has several operators (${ops.join(', ')}): combine them with and / or`);
  const op = ops[0] as OperatorName;
  checkSchema(nodeSchemas[op], value, path);
  const isLeaf = (LEAF_OPERATORS as readonly string[]).includes(op);

  // Anchors: at most one, and its condition is itself a condition.
  const anchors = countDefined(value, ['after', 'before', 'around']);
  if (anchors.length > 1) fail(`${path}.${anchors[1]}`, `only one of after / before / around per condition (nest conditions to chain them)`);
  for (const key of anchors) {
    const anchor = value[key] as Record<string, unknown>;
    validateCondition(anchor['condition'], `${path}.${key}.condition`);
    if (key === 'around' && anchor['within'] === undefined) fail(`${path}.around.within`, 'is required for around');
    if (key !== 'after') {
      for (const t of ['minSeconds', 'maxSeconds']) if (anchor[t] !== undefined) fail(`${path}.${key}.${t}`, 'is only allowed with after');
    }
    const min = anchor['minSeconds'] as number | undefined;
    const max = anchor['maxSeconds'] as number | undefined;
    if (min !== undefined && max !== undefined && min > max) fail(`${path}.${key}.maxSeconds`, 'must not be less than minSeconds');
  }

  if (isLeaf && isObject(value['turns'])) {
    const range = value['turns'];
    const forms = [range['first'] !== undefined, range['last'] !== undefined, range['from'] !== undefined || range['to'] !== undefined].filter(Boolean);
    if (forms.length !== 1) fail(`${path}.turns`, 'give exactly one of first, last, or from/to');
    const from = range['from'] as number | undefined;
    const to = range['to'] as number | undefined;
    if (from !== undefined && to !== undefined && Math.sign(from + 0.5) === Math.sign(to + 0.5) && from > to) {
      fail(`${path}.turns.to`, 'must not be before from');
    }
  }

  const operand = value[op];
  switch (op) {
    case 'keywords': {
      const k = operand as Record<string, unknown>;
      const modes = countDefined(k, ['any', 'all', 'atLeast', 'none']);
      if (modes.length !== 1) fail(`${path}.keywords`, `give exactly one of any, all, atLeast (with of), none${modes.length ? ` (found ${modes.join(', ')})` : ''}`);
      if (k['atLeast'] !== undefined && k['of'] === undefined) fail(`${path}.keywords.of`, 'is required with atLeast');
      if (k['of'] !== undefined && k['atLeast'] === undefined) fail(`${path}.keywords.of`, 'is only allowed with atLeast');
      if (k['atLeast'] !== undefined && (k['atLeast'] as number) > (k['of'] as unknown[]).length) {
        fail(`${path}.keywords.atLeast`, `is more than the ${(k['of'] as unknown[]).length} keywords listed in of`);
      }
      if (k['times'] !== undefined && k['any'] === undefined) fail(`${path}.keywords.times`, 'is only allowed with any');
      break;
    }
    case 'regex': {
      const spec = typeof operand === 'string' ? { pattern: operand } : (operand as { pattern: string; not?: string; flags?: string });
      const base = typeof operand === 'string' ? `${path}.regex` : `${path}.regex.pattern`;
      const re = compileRegex(spec.pattern, spec.flags ?? '', base);
      if (re.test('')) fail(base, 'matches the empty string: it would match every turn');
      if (spec.not !== undefined) compileRegex(spec.not, spec.flags ?? '', `${path}.regex.not`);
      break;
    }
    case 'responseTime':
    case 'duration':
    case 'speechRate': {
      const c = operand as { moreThan?: number; lessThan?: number; from?: string; to?: string };
      if (c.moreThan === undefined && c.lessThan === undefined) fail(`${path}.${op}`, 'give moreThan and/or lessThan');
      if (op === 'responseTime' && value['role'] !== undefined) fail(`${path}.role`, 'responseTime takes from / to instead of role');
      if (op === 'duration' && (value['role'] !== undefined || value['turns'] !== undefined)) {
        fail(`${path}.${value['role'] !== undefined ? 'role' : 'turns'}`, 'duration measures the whole conversation: no role or turns');
      }
      break;
    }
    case 'hangup':
      if (value['role'] !== undefined || value['turns'] !== undefined) fail(`${path}.${value['role'] !== undefined ? 'role' : 'turns'}`, 'hangup takes only by');
      break;
    case 'and':
    case 'or': {
      const children = operand as unknown[];
      children.forEach((child, i) => validateCondition(child, `${path}.${op}[${i}]`));
      if (op === 'and' && value['sameTurn'] === true && children.every((c) => isObject(c) && c['not'] !== undefined)) {
        fail(`${path}.and`, 'sameTurn needs at least one condition that is not a not');
      }
      break;
    }
    case 'not':
      validateCondition(operand, `${path}.not`);
      break;
    default:
      break;
  }
  return value as unknown as ConditionSpec;
}

/** Keys set to undefined (programmatic configs) count as absent, as they would in JSON. */
function stripUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripUndefined);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = stripUndefined(v);
  return out;
}

/** Validate one rule spec; `path` names it (e.g. `declarativeRules[0]`). */
export function validateRule(input: unknown, path: string): DeclarativeRuleSpec {
  const value = stripUndefined(input);
  if (!isObject(value)) fail(path, 'must be an object (a rule with id, description, category, message and detect or require)');
  checkSchema(RuleMetaSchema, value, path);
  const polarity = countDefined(value, ['detect', 'require']);
  if (polarity.length !== 1) fail(path, 'give exactly one of detect (report where the condition matches) or require (report when it never matches)');
  const origin = countDefined(value, ['source', 'kefuAddition']);
  if (origin.length !== 1) fail(path, 'give exactly one of source ({file, quote} from the standard) or kefuAddition (the reason for adding the rule)');
  const key = polarity[0]!;
  validateCondition(value[key], `${path}.${key}`);
  return value as unknown as DeclarativeRuleSpec;
}
