/**
 * Configuration (`kefu.config.json|yaml`): extends presets, sets each rule `off|warn|error` with
 * options, adds phrase lists and settings, and names a scoring template. Options are validated
 * against each rule's schema when the config loads, and unknown rule ids fail fast.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import Value from 'typebox/value';
import { CATEGORY_NAMES } from './categories.js';
import type { ActiveRule, EngineConfig } from './engine.js';
import { DEFAULT_SETTINGS, type Category, type EngineSettings, type RuleDefinition, type RuleSetting, type Severity } from './types.js';
import { validateTemplate, type ScoringDimension, type ScoringTemplate } from '../scoring/template.js';

export type RuleEntry = RuleSetting | [RuleSetting] | [RuleSetting, Record<string, unknown>];

export interface KefuConfig {
  /** Presets (`kefu:recommended`) or paths to other config files, applied in order. */
  extends?: string | string[];
  rules?: Record<string, RuleEntry>;
  settings?: Partial<EngineSettings>;
  /** A scoring template, or the id of a preset's template. */
  scoring?: ScoringTemplate | string;
  /** Declarative rules written without code (see docs/declarative-rules.md). */
  declarativeRules?: unknown[];
}

export interface Preset extends KefuConfig {
  name: string;
  description: string;
  scoring?: ScoringTemplate;
}

export interface Registry {
  rules: ReadonlyMap<string, RuleDefinition>;
  presets: ReadonlyMap<string, Preset>;
  /** Turn declarative rule specs into rule definitions (validates them, naming where). */
  compileDeclarative?: (specs: unknown[], where: string) => RuleDefinition[];
}

export interface ResolvedConfig extends EngineConfig {
  /** Preset names applied, in order. */
  presets: string[];
  /** Every rule id configured, with its final setting (including `off`). */
  settingsByRule: Record<string, RuleSetting>;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

interface Accumulated {
  entries: Map<string, { setting: RuleSetting; options: Record<string, unknown> }>;
  settings: EngineSettings;
  scoring: ScoringTemplate | undefined;
  presets: string[];
  extraRules: Map<string, RuleDefinition>;
}

function normaliseEntry(entry: RuleEntry, where: string): { setting: RuleSetting; options?: Record<string, unknown> } {
  const [setting, options] = Array.isArray(entry) ? entry : [entry];
  if (setting !== 'off' && setting !== 'warn' && setting !== 'error') {
    throw new ConfigError(`${where}: setting must be off, warn or error (got ${JSON.stringify(setting)})`);
  }
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new ConfigError(`${where}: options must be an object`);
  }
  return options === undefined ? { setting } : { setting, options };
}

async function readConfigFile(file: string): Promise<KefuConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read config (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    const parsed: unknown = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('top level must be an object');
    return parsed as KefuConfig;
  } catch (err) {
    throw new ConfigError(`${file}: invalid config: ${(err as Error).message}`);
  }
}

async function apply(config: KefuConfig, where: string, baseDir: string, registry: Registry, acc: Accumulated, depth: number): Promise<void> {
  if (depth > 10) throw new ConfigError(`${where}: extends nests too deep (a cycle?)`);
  const known = new Set(['extends', 'rules', 'settings', 'scoring', 'declarativeRules', 'name', 'description']);
  for (const key of Object.keys(config)) if (!known.has(key)) throw new ConfigError(`${where}: unknown key '${key}'`);

  const parents = config.extends === undefined ? [] : Array.isArray(config.extends) ? config.extends : [config.extends];
  for (const parent of parents) {
    const preset = registry.presets.get(parent);
    if (preset) {
      await apply(preset, `preset ${parent}`, baseDir, registry, acc, depth + 1);
      acc.presets.push(parent);
      if (preset.scoring) acc.scoring = preset.scoring;
    } else if (parent.startsWith('kefu:')) {
      throw new ConfigError(`${where}: unknown preset '${parent}' (known: ${[...registry.presets.keys()].join(', ')})`);
    } else {
      const file = path.resolve(baseDir, parent);
      await apply(await readConfigFile(file), file, path.dirname(file), registry, acc, depth + 1);
    }
  }

  if (config.declarativeRules !== undefined) {
    if (!Array.isArray(config.declarativeRules)) throw new ConfigError(`${where}: declarativeRules must be an array`);
    if (!registry.compileDeclarative) throw new ConfigError(`${where}: declarative rules are not supported by this registry`);
    for (const rule of registry.compileDeclarative(config.declarativeRules, where)) {
      if (registry.rules.has(rule.meta.id)) throw new ConfigError(`${where}: declarative rule id '${rule.meta.id}' clashes with a built-in rule`);
      acc.extraRules.set(rule.meta.id, rule);
      if (!acc.entries.has(rule.meta.id)) acc.entries.set(rule.meta.id, { setting: rule.meta.defaultSeverity, options: {} });
    }
  }

  for (const [id, entry] of Object.entries(config.rules ?? {})) {
    if (!registry.rules.has(id) && !acc.extraRules.has(id)) {
      throw new ConfigError(`${where}: unknown rule '${id}'`);
    }
    const { setting, options } = normaliseEntry(entry, `${where}: rules.${id}`);
    const previous = acc.entries.get(id);
    acc.entries.set(id, { setting, options: options ?? previous?.options ?? {} });
  }

  if (config.settings) {
    const s = config.settings;
    if (s.allowQin !== undefined && typeof s.allowQin !== 'boolean') throw new ConfigError(`${where}: settings.allowQin must be true or false`);
    const lists: Record<string, readonly string[]> = { ...acc.settings.phraseLists };
    for (const [name, list] of Object.entries(s.phraseLists ?? {})) {
      if (!Array.isArray(list) || !list.every((p) => typeof p === 'string' && p.length > 0)) {
        throw new ConfigError(`${where}: settings.phraseLists.${name} must be a list of non-empty strings`);
      }
      lists[name] = [...(lists[name] ?? []), ...list];
    }
    acc.settings = { allowQin: s.allowQin ?? acc.settings.allowQin, phraseLists: lists };
  }

  if (config.scoring !== undefined) {
    if (typeof config.scoring === 'string') {
      const preset = registry.presets.get(config.scoring);
      if (!preset?.scoring) throw new ConfigError(`${where}: scoring '${config.scoring}' names no preset template`);
      acc.scoring = preset.scoring;
    } else {
      try {
        acc.scoring = validateTemplate(config.scoring, `${where}: scoring`);
      } catch (err) {
        throw new ConfigError((err as Error).message);
      }
    }
  }
}

function validateOptions(rule: RuleDefinition, options: Record<string, unknown>, where: string): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...((rule.defaultOptions as Record<string, unknown> | undefined) ?? {}), ...options };
  const schema = rule.meta.optionsSchema;
  if (!schema) {
    if (Object.keys(options).length > 0) throw new ConfigError(`${where}: rule '${rule.meta.id}' takes no options`);
    return merged;
  }
  if (!Value.Check(schema, merged)) {
    const errors = [...Value.Errors(schema, merged)].slice(0, 3);
    throw new ConfigError(
      `${where}: invalid options for rule '${rule.meta.id}': ${errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`,
    );
  }
  return merged;
}

/**
 * Rules active but absent from the template still count: each joins the dimension of its
 * category (or a new one), deducting 10 points per error and 5 per warning by default.
 */
export function completeTemplate(template: ScoringTemplate | undefined, rules: readonly ActiveRule[]): ScoringTemplate {
  const dimensions: ScoringDimension[] = (template?.dimensions ?? []).map((d) => ({ ...d, items: [...d.items] }));
  const covered = new Set(dimensions.flatMap((d) => d.items.map((i) => i.ruleId)));
  for (const { rule, severity } of rules) {
    if (covered.has(rule.meta.id)) continue;
    const category: Category = rule.meta.category;
    let dim = dimensions.find((d) => d.id === category);
    if (!dim) {
      dim = { id: category, name: CATEGORY_NAMES[category], points: 20, items: [] };
      dimensions.push(dim);
    }
    dim.items.push({ ruleId: rule.meta.id, points: severity === 'error' ? 10 : 5 });
  }
  if (dimensions.length === 0) dimensions.push({ id: 'none', name: '无规则', points: 100, items: [] });
  return { id: template?.id ?? 'kefu-default', name: template?.name ?? 'Kefu 默认评分', passMark: template?.passMark ?? 80, dimensions };
}

/** Resolve a config object (already read) against a registry of rules and presets. */
export async function resolveConfig(config: KefuConfig, registry: Registry, where = 'config', baseDir = process.cwd()): Promise<ResolvedConfig> {
  const acc: Accumulated = {
    entries: new Map(),
    settings: { ...DEFAULT_SETTINGS, phraseLists: { ...DEFAULT_SETTINGS.phraseLists } },
    scoring: undefined,
    presets: [],
    extraRules: new Map(),
  };
  await apply(config, where, baseDir, registry, acc, 0);

  const rules: ActiveRule[] = [];
  const settingsByRule: Record<string, RuleSetting> = {};
  for (const [id, { setting, options }] of acc.entries) {
    settingsByRule[id] = setting;
    if (setting === 'off') continue;
    const rule = registry.rules.get(id) ?? acc.extraRules.get(id)!;
    rules.push({ rule, severity: setting as Severity, options: validateOptions(rule, options, where) });
  }
  return { rules, settings: acc.settings, scoring: completeTemplate(acc.scoring, rules), presets: acc.presets, settingsByRule };
}

/** Read and resolve a config file (JSON or YAML). */
export async function loadConfigFile(file: string, registry: Registry): Promise<ResolvedConfig> {
  const absolute = path.resolve(file);
  return resolveConfig(await readConfigFile(absolute), registry, absolute, path.dirname(absolute));
}

export const CONFIG_FILE_NAMES = ['kefu.config.json', 'kefu.config.yaml', 'kefu.config.yml'];
