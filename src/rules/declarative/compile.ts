/**
 * Compile declarative rule specs (from `declarativeRules:` in a config, inline or as files) into
 * ordinary rule definitions. Everything that can be prepared is prepared here, once per
 * configuration: the spec is validated, regexes compiled, keyword phrases handed to the shared
 * automaton through `phrases()`, and example sentences turned into vectors.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CHANNELS } from '../../conversation/model.js';
import { ConfigError } from '../../engine/config.js';
import type { EngineSettings, RuleContext, RuleDefinition, RuleSource } from '../../engine/types.js';
import { KeywordsNode } from './operators/keywords.js';
import { RegexNode } from './operators/regex.js';
import { RepeatNode } from './operators/repeat.js';
import { SimilarityNode } from './operators/similarity.js';
import { AndNode, AnchoredNode, HangupNode, NotNode, OrNode, SpeaksNode, type AnchorKind } from './operators/structure.js';
import { DurationNode, InterruptionNode, ResponseTimeNode, SilenceNode, SpeechRateNode } from './operators/timing.js';
import { EvalContext, type CompiledNode, type Hit, type Need, type PhraseGroups } from './runtime.js';
import type { ConditionSpec, DeclarativeRuleSpec, LeafCommonSpec, RoleSelector } from './schema.js';
import { SpecError, validateRule } from './validate.js';

export { DeclarativeRuleSchema } from './schema.js';
export type { DeclarativeRuleSpec, ConditionSpec } from './schema.js';

interface Compilation {
  phrases: PhraseGroups[];
  needs: Set<Need>;
  nextId: number;
  /** Whether the rule can judge single turns (keywords/regex/similarity without ranges or anchors). */
  turnLocal: boolean;
}

const NEEDS: Partial<Record<string, Need>> = {
  responseTime: 'time',
  silence: 'time',
  duration: 'time',
  speechRate: 'span',
  interruption: 'span',
  hangup: 'hangup',
};

function compileCondition(spec: ConditionSpec, c: Compilation): CompiledNode {
  const s = spec as unknown as LeafCommonSpec;
  const role: RoleSelector = s.role ?? 'any';
  const range = s.turns;
  if (s.turns || s.after || s.before || s.around) c.turnLocal = false;
  let node: CompiledNode;
  if ('keywords' in spec) {
    const k = new KeywordsNode(`n${c.nextId++}`, spec.keywords, role, range);
    c.phrases.push(k.phrases);
    if (spec.keywords.scope === 'window' || spec.keywords.none) c.turnLocal = false;
    node = k;
  } else if ('regex' in spec) node = new RegexNode(spec.regex, role, range);
  else if ('similarTo' in spec) node = new SimilarityNode(spec.similarTo, role, range);
  else if ('repeat' in spec) node = new RepeatNode(spec.repeat, role, range);
  else if ('responseTime' in spec) node = new ResponseTimeNode(spec.responseTime, range);
  else if ('silence' in spec) node = new SilenceNode(spec.silence, role, range);
  else if ('speechRate' in spec) node = new SpeechRateNode(spec.speechRate, role, range);
  else if ('interruption' in spec) node = new InterruptionNode(spec.interruption, role, range);
  else if ('duration' in spec) node = new DurationNode(spec.duration);
  else if ('hangup' in spec) node = new HangupNode(spec.hangup);
  else if ('speaks' in spec) node = new SpeaksNode(role, range);
  else if ('and' in spec) {
    c.turnLocal = false;
    node = new AndNode(
      spec.and.map((child) => compileCondition(child, c)),
      spec.sameTurn === true,
    );
  } else if ('or' in spec) node = new OrNode(spec.or.map((child) => compileCondition(child, c)));
  else if ('not' in spec) {
    c.turnLocal = false;
    node = new NotNode(compileCondition(spec.not, c));
  } else throw new Error('unreachable: validated condition without operator');

  for (const [op, need] of Object.entries(NEEDS)) {
    if (op in spec) {
      c.needs.add(need!);
      c.turnLocal = false;
    }
  }
  if ('repeat' in spec) c.turnLocal = false;

  for (const kind of ['after', 'before', 'around'] as const) {
    const anchor = s[kind];
    if (!anchor) continue;
    const { condition, ...options } = anchor;
    if (options.minSeconds !== undefined || options.maxSeconds !== undefined) c.needs.add('time');
    node = new AnchoredNode(node, kind as AnchorKind, compileCondition(condition, c), options);
  }
  return node;
}

const NEED_REASONS: Record<Need, string> = {
  time: '会话缺少时间戳，无法判断时间条件',
  span: '会话缺少每句的开始/结束时间（start/end），无法计算语速或抢话',
  hangup: '会话没有记录挂机方',
};

function missing(need: Need, context: RuleContext): boolean {
  switch (need) {
    case 'time':
      return !context.view.timed;
    case 'span':
      return !context.conversation.turns.every((t) => (t.role !== 'agent' && t.role !== 'customer') || (typeof t.start === 'number' && typeof t.end === 'number'));
    case 'hangup':
      return context.conversation.call?.hungUpBy === undefined;
  }
}

function toSource(spec: DeclarativeRuleSpec): RuleSource {
  if (spec.kefuAddition !== undefined) return { kefuAddition: true, reason: spec.kefuAddition };
  return spec.source!;
}

/** Build the rule definition of one validated spec. */
export function compileRule(spec: DeclarativeRuleSpec): RuleDefinition {
  const c: Compilation = { phrases: [], needs: new Set(), nextId: 0, turnLocal: true };
  const polarity: 'detect' | 'require' = spec.detect ? 'detect' : 'require';
  const root = compileCondition((spec.detect ?? spec.require)!, c);
  const realtime = polarity === 'detect' && c.turnLocal;
  const needs = [...c.needs];
  const groups = c.phrases;
  const suggestion = spec.suggestion;

  return {
    meta: {
      id: spec.id,
      description: spec.description,
      category: spec.category,
      defaultSeverity: spec.severity ?? 'warn',
      channels: spec.channels ?? [...CHANNELS],
      scope: realtime ? 'turn' : 'conversation',
      realtime,
      source: toSource(spec),
      messages: { violation: spec.message },
      ...(spec.docs !== undefined ? { docs: spec.docs } : {}),
    },
    phrases: groups.length === 0 ? undefined : ({ settings }: { settings: Readonly<EngineSettings> }) => Object.assign({}, ...groups.map((g) => g(settings))),
    create(context) {
      let skip = false;
      const report = (hit: Hit) =>
        context.report({
          turn: hit.turn,
          ...(hit.start !== undefined ? { start: hit.start, end: hit.end! } : {}),
          messageId: 'violation',
          data: hit.data ?? {},
          ...(suggestion !== undefined ? { suggestion } : {}),
        });
      const notApplicable = (reason: string) => {
        skip = true;
        context.notApplicable(reason);
      };
      return {
        conversationStart() {
          if (context.conversation.turns.length === 0) return notApplicable('会话没有发言');
          for (const need of needs) if (missing(need, context)) return notApplicable(NEED_REASONS[need]);
        },
        conversationEnd() {
          if (skip) return;
          const ctx = new EvalContext(context.view, context.conversation);
          const fallback = () => root.scope(ctx)[0];

          if (polarity === 'detect') {
            const r = root.evaluate(ctx, null);
            if (!r.ok) return;
            if (r.hits.length > 0) {
              for (const hit of r.hits) report(hit);
            } else {
              report({ turn: fallback() ?? context.view.agentTurns[0] ?? 0 });
            }
            return;
          }

          // require, anchored at the top: each anchor turn needs the condition in its window.
          if (root instanceof AnchoredNode) {
            const anchors = root.anchors(ctx);
            if (anchors.length === 0) return notApplicable('未出现触发条件，本规则不适用');
            for (const anchor of anchors) {
              const window = root.window(ctx, anchor.turn);
              if (window.turns.size === 0 && window.filteredOut) continue;
              if (!root.inner.evaluate(ctx, window.turns).ok) report({ turn: anchor.turn, ...(anchor.start !== undefined ? { start: anchor.start, end: anchor.end! } : {}) });
            }
            return;
          }

          // require: the condition must match somewhere; reported on the first turn it looks at.
          if (root.evaluate(ctx, null).ok) return;
          const at = fallback();
          if (at === undefined) return notApplicable('检测范围内没有可检查的发言');
          report({ turn: at });
        },
      };
    },
  };
}

/** Compile one spec; problems become ConfigErrors naming `where` and the path. */
function compileOne(value: unknown, label: string, where: string): RuleDefinition {
  try {
    return compileRule(validateRule(value, label));
  } catch (err) {
    if (err instanceof SpecError) throw new ConfigError(`${where}: ${err.path}: ${err.problem}`);
    throw err;
  }
}

function baseDirOf(where: string): string {
  if (path.isAbsolute(where)) {
    try {
      return statSync(where).isDirectory() ? where : path.dirname(where);
    } catch {
      return path.dirname(where);
    }
  }
  return process.cwd();
}

function readRuleFile(file: string, label: string, where: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${where}: ${label}: cannot read rule file ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    return /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ConfigError(`${where}: ${label}: invalid rule file ${file}: ${(err as Error).message}`);
  }
}

/** Specs of a string entry: a YAML/JSON file (one rule or a list) or a directory of them. */
function loadEntry(entry: string, label: string, where: string): Array<{ value: unknown; label: string }> {
  const file = path.resolve(baseDirOf(where), entry);
  let files = [file];
  try {
    if (statSync(file).isDirectory()) {
      files = readdirSync(file)
        .filter((f) => /\.(ya?ml|json)$/i.test(f))
        .sort()
        .map((f) => path.join(file, f));
    }
  } catch {
    // reported by readRuleFile
  }
  const out: Array<{ value: unknown; label: string }> = [];
  for (const f of files) {
    const shown = f === file ? entry : path.join(entry, path.basename(f));
    const parsed = readRuleFile(f, label, where);
    if (Array.isArray(parsed)) parsed.forEach((value, j) => out.push({ value, label: `${label}(${shown})[${j}]` }));
    else out.push({ value: parsed, label: `${label}(${shown})` });
  }
  return out;
}

/**
 * Validate and compile the `declarativeRules` of a config. Each entry is a rule spec or the path
 * of a YAML/JSON file (or directory) of rule specs, relative to the config file.
 */
export function compileDeclarativeRules(specs: unknown[], where: string): RuleDefinition[] {
  const rules: RuleDefinition[] = [];
  const seen = new Map<string, string>();
  specs.forEach((entry, i) => {
    const label = `declarativeRules[${i}]`;
    if (typeof entry === 'string' && entry.trim() === '') throw new ConfigError(`${where}: ${label}: must be a rule or the path of a rule file (got an empty string)`);
    const items = typeof entry === 'string' ? loadEntry(entry, label, where) : [{ value: entry, label }];
    for (const item of items) {
      const rule = compileOne(item.value, item.label, where);
      const previous = seen.get(rule.meta.id);
      if (previous) throw new ConfigError(`${where}: ${item.label}.id: duplicate rule id '${rule.meta.id}' (already defined at ${previous})`);
      seen.set(rule.meta.id, item.label);
      rules.push(rule);
    }
  });
  return rules;
}
