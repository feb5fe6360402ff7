/** A rule-set config as editable text: JSON or YAML (YAML parses both, being a superset of JSON). */
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { Config } from './ruleSetConfig';

export type ConfigFormat = 'yaml' | 'json';

export function stringifyConfig(config: Config, format: ConfigFormat): string {
  return format === 'json' ? JSON.stringify(config, null, 2) + '\n' : stringifyYaml(config);
}

/** Parse JSON or YAML; the config must be an object. */
export function parseConfig(text: string): { config: Config } | { error: string } {
  try {
    const value: unknown = parseYaml(text);
    if (value === null || value === undefined) return { config: {} };
    if (typeof value !== 'object' || Array.isArray(value)) return { error: '配置必须是一个对象（键: 值）' };
    return { config: value as Config };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
