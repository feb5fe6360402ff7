/** Shared set-up for the assist tests: the largest configuration available, built once. */
import { resolveConfig, type ResolvedConfig } from '../../src/engine/config.js';
import { PRESETS_BY_NAME } from '../../src/presets/index.js';
import { BUILTIN_RULES, BUILTIN_RULES_BY_ID } from '../../src/rules/index.js';
import { createAssistantSync, type KefuAssistant } from '../../src/assist/assistant.js';
import type { AssistantOptions } from '../../src/assist/types.js';

/** The general standard, kefu:recommended (resolved without the config-file front door). */
export async function fullConfig(preset = 'kefu:recommended'): Promise<ResolvedConfig> {
  return resolveConfig({ extends: preset }, { rules: BUILTIN_RULES_BY_ID, presets: PRESETS_BY_NAME });
}

export const PRESET_NAMES = [...PRESETS_BY_NAME.keys()];
export { BUILTIN_RULES };

let shared: Promise<KefuAssistant> | undefined;
export function fullAssistant(): Promise<KefuAssistant> {
  shared ??= fullConfig().then((c) => createAssistantSync(c));
  return shared;
}

export async function assistantWith(options: AssistantOptions): Promise<KefuAssistant> {
  return createAssistantSync(await fullConfig(), options);
}

export const T0 = Date.parse('2026-03-02T09:00:00+08:00');
export const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

/** Compact turns: ['C 0: 你好', 'A 5: 您好'] (role, seconds, text). */
export function turns(...lines: string[]) {
  return lines.map((line) => {
    const m = /^([AC])\s+(\d+)\s*:\s?(.*)$/.exec(line);
    if (!m) throw new Error(`bad turn ${line}`);
    return { role: m[1] === 'A' ? ('agent' as const) : ('customer' as const), text: m[3]!, ts: at(Number(m[2])) };
  });
}

export function hasRule(a: KefuAssistant, id: string): boolean {
  return a.realtimeRules.includes(id);
}

/** Apply a replacement to a draft. */
export function apply(draft: string, r: { start: number; end: number; text: string }): string {
  return draft.slice(0, r.start) + r.text + draft.slice(r.end);
}
