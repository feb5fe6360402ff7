/**
 * RuleTester in the style of ESLint's: valid and invalid conversations per rule, asserting each
 * finding's rule, turn, span, message and suggestion. Strict like ESLint's: options are checked
 * against the rule's schema, duplicate cases are rejected, and every case gets a generated
 * Traditional-Chinese twin (same offsets) that must give the same findings.
 */
import assert from 'node:assert/strict';
import Value from 'typebox/value';
import type { CallInfo, Channel, Conversation } from '../conversation/model.js';
import { toTraditionalSameLength } from '../text/char-table.js';
import { parseCompact } from './compact.js';
import { Engine } from './engine.js';
import { DEFAULT_SETTINGS, type EngineSettings, type Finding, type RuleDefinition } from './types.js';

export interface TesterCase {
  name?: string;
  /** Compact notation (see compact.ts) or a full conversation. */
  conversation: string | Conversation;
  channel?: Channel;
  call?: CallInfo;
  options?: Record<string, unknown>;
  settings?: Partial<EngineSettings>;
  /** Also run the Traditional twin (default true). */
  twin?: boolean;
}

export interface ExpectedFinding {
  turn: number;
  /** The evidence text (the span's original text). */
  text?: string;
  start?: number;
  end?: number;
  message?: string | RegExp;
  suggestion?: string | RegExp;
  severity?: 'warn' | 'error';
}

export interface InvalidCase extends TesterCase {
  errors: ExpectedFinding[];
}

export interface RuleTests {
  valid: Array<TesterCase | string>;
  invalid: InvalidCase[];
  /** Cases where the rule must declare itself not applicable. */
  notApplicable?: Array<TesterCase | string>;
}

type Describe = (name: string, fn: () => void) => void;
type It = (name: string, fn: () => void | Promise<void>) => void;

function caseName(c: TesterCase, index: number): string {
  if (c.name) return c.name;
  const text = typeof c.conversation === 'string' ? c.conversation.replace(/\s*\n\s*/g, ' / ').trim() : c.conversation.id;
  return `#${index} ${text.slice(0, 60)}`;
}

function toConversation(c: TesterCase): Conversation {
  if (typeof c.conversation !== 'string') return c.conversation;
  const options: { channel?: Channel; call?: CallInfo } = {};
  if (c.channel) options.channel = c.channel;
  if (c.call) options.call = c.call;
  return parseCompact(c.conversation, options);
}

function traditionalTwin(conversation: Conversation): Conversation {
  return {
    ...conversation,
    id: `${conversation.id}-tw`,
    turns: conversation.turns.map((t) => ({ ...t, text: toTraditionalSameLength(t.text) })),
  };
}

export class RuleTester {
  /** Test framework hooks; set once in the test setup (vitest's describe/it). */
  static describe: Describe | undefined = (globalThis as { describe?: Describe }).describe;
  static it: It | undefined = (globalThis as { it?: It }).it;

  /** Run one rule alone over one case; exported for ad-hoc checks. */
  static inspect(rule: RuleDefinition, c: TesterCase): { findings: Finding[]; notApplicable: Map<string, string> } {
    const options = { ...(rule.defaultOptions ?? {}), ...(c.options ?? {}) };
    if (rule.meta.optionsSchema && !Value.Check(rule.meta.optionsSchema, options)) {
      const errors = [...Value.Errors(rule.meta.optionsSchema, options)].map((e) => `${e.instancePath || '/'} ${e.message}`);
      throw new Error(`options do not match the schema of ${rule.meta.id}: ${errors.join('; ')}`);
    }
    if (!rule.meta.optionsSchema && c.options && Object.keys(c.options).length > 0) {
      throw new Error(`${rule.meta.id} takes no options`);
    }
    const settings: EngineSettings = { ...DEFAULT_SETTINGS, ...c.settings };
    const engine = new Engine({
      rules: [{ rule, severity: rule.meta.defaultSeverity, options }],
      settings,
      scoring: { id: 't', name: 't', passMark: 0, dimensions: [{ id: 'd', name: 'd', points: 100, items: [] }] },
    });
    const conversation = toConversation(c);
    if (!rule.meta.channels.includes(conversation.channel)) {
      throw new Error(`case uses channel ${conversation.channel}, which ${rule.meta.id} does not apply to`);
    }
    const raw = engine.run(conversation);
    return { findings: raw.findings, notApplicable: raw.notApplicable };
  }

  run(name: string, rule: RuleDefinition, tests: RuleTests): void {
    const describe = RuleTester.describe;
    const it = RuleTester.it;
    if (!describe || !it) throw new Error('RuleTester needs describe/it: set RuleTester.describe and RuleTester.it');

    const seen = new Set<string>();
    const all = [...tests.valid, ...tests.invalid, ...(tests.notApplicable ?? [])].map((c) => (typeof c === 'string' ? { conversation: c } : c));
    for (const c of all) {
      const key = JSON.stringify([c.conversation, c.options ?? null, c.channel ?? null, c.settings ?? null, c.call ?? null]);
      if (seen.has(key)) throw new Error(`${name}: duplicate test case ${caseName(c, 0)}`);
      seen.add(key);
    }
    if (tests.invalid.length === 0) throw new Error(`${name}: a rule needs at least one invalid case`);

    describe(name, () => {
      describe('valid', () => {
        tests.valid.forEach((raw, i) => {
          const c = typeof raw === 'string' ? { conversation: raw } : raw;
          it(caseName(c, i), () => {
            for (const variant of this.variants(c)) {
              const { findings, notApplicable } = RuleTester.inspect(rule, variant);
              assert.equal(notApplicable.size, 0, `${variantLabel(variant)}expected the rule to apply, it said: ${[...notApplicable.values()].join('; ')}`);
              assert.deepEqual(findings.map(describeFinding), [], `${variantLabel(variant)}expected no findings`);
            }
          });
        });
      });
      describe('invalid', () => {
        tests.invalid.forEach((c, i) => {
          it(caseName(c, i), () => {
            for (const variant of this.variants(c)) {
              const { findings } = RuleTester.inspect(rule, variant);
              assert.equal(
                findings.length,
                c.errors.length,
                `${variantLabel(variant)}expected ${c.errors.length} finding(s), got ${findings.length}: ${JSON.stringify(findings.map(describeFinding))}`,
              );
              c.errors.forEach((expected, k) => assertFinding(findings[k]!, expected, variant !== c, `${variantLabel(variant)}finding ${k}`));
            }
          });
        });
      });
      if (tests.notApplicable?.length) {
        describe('not applicable', () => {
          tests.notApplicable!.forEach((raw, i) => {
            const c = typeof raw === 'string' ? { conversation: raw } : raw;
            it(caseName(c, i), () => {
              const { findings, notApplicable } = RuleTester.inspect(rule, c);
              assert.ok(notApplicable.has(rule.meta.id), 'expected the rule to declare itself not applicable');
              assert.deepEqual(findings, []);
            });
          });
        });
      }
    });
  }

  private variants(c: TesterCase): TesterCase[] {
    if (c.twin === false) return [c];
    const twin: TesterCase = { ...c, conversation: traditionalTwin(toConversation(c)), name: `${c.name ?? ''} (繁體)` };
    return [c, twin];
  }
}

function variantLabel(c: TesterCase): string {
  return typeof c.conversation !== 'string' && c.conversation.id.endsWith('-tw') ? '[繁體 twin] ' : '';
}

function describeFinding(f: Finding) {
  return { ruleId: f.ruleId, turn: f.turn, start: f.start, end: f.end, text: f.text, message: f.message };
}

function matches(actual: string | undefined, expected: string | RegExp): boolean {
  if (actual === undefined) return false;
  return typeof expected === 'string' ? actual === expected : expected.test(actual);
}

function assertFinding(actual: Finding, expected: ExpectedFinding, isTwin: boolean, label: string): void {
  const show = JSON.stringify(describeFinding(actual));
  assert.equal(actual.turn, expected.turn, `${label}: turn ${actual.turn} ≠ ${expected.turn} in ${show}`);
  if (expected.start !== undefined) assert.equal(actual.start, expected.start, `${label}: start in ${show}`);
  if (expected.end !== undefined) assert.equal(actual.end, expected.end, `${label}: end in ${show}`);
  if (expected.text !== undefined) {
    // The twin's evidence is the Traditional form of the same span.
    const want = isTwin ? toTraditionalSameLength(expected.text) : expected.text;
    assert.equal(actual.text, want, `${label}: evidence in ${show}`);
  }
  if (expected.severity !== undefined) assert.equal(actual.severity, expected.severity, `${label}: severity`);
  if (expected.message !== undefined && !isTwin) assert.ok(matches(actual.message, expected.message), `${label}: message ${JSON.stringify(actual.message)} ≠ ${String(expected.message)}`);
  if (expected.suggestion !== undefined && !isTwin) {
    assert.ok(matches(actual.suggestion, expected.suggestion), `${label}: suggestion ${JSON.stringify(actual.suggestion)} ≠ ${String(expected.suggestion)}`);
  }
}
