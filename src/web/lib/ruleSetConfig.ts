/**
 * Changing a rule-set config (KefuConfig) object: per-rule severity and declarative rules. The
 * text form (JSON or YAML) is in configText.ts.
 */
import type { RuleSetting } from '../api/types';

export type Config = Record<string, unknown> & { rules?: Record<string, unknown>; extends?: string | string[]; declarativeRules?: unknown[] };

/** The setting part of a rule entry: `'warn'`, `['warn']` or `['warn', {options}]`. */
export function entrySetting(entry: unknown): RuleSetting | undefined {
  const setting = Array.isArray(entry) ? entry[0] : entry;
  return setting === 'off' || setting === 'warn' || setting === 'error' ? setting : undefined;
}

/** Set one rule's severity, keeping its options; `undefined` removes the override (inherit the preset). */
export function withRuleSetting(config: Config, ruleId: string, setting: RuleSetting | undefined): Config {
  const rules = { ...(config.rules ?? {}) };
  if (setting === undefined) delete rules[ruleId];
  else {
    const entry = rules[ruleId];
    rules[ruleId] = Array.isArray(entry) && entry.length > 1 ? [setting, entry[1]] : setting;
  }
  const next: Config = { ...config, rules };
  if (Object.keys(rules).length === 0) delete next.rules;
  return next;
}

export function withDeclarativeRule(config: Config, spec: Record<string, unknown>): Config {
  const existing = (config.declarativeRules ?? []).filter((r) => !(r && typeof r === 'object' && (r as { id?: unknown }).id === spec.id));
  return { ...config, declarativeRules: [...existing, spec] };
}
