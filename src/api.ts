/**
 * The library's front door: load a configuration, build an engine, inspect conversations.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Conversation } from './conversation/model.js';
import { CONFIG_FILE_NAMES, loadConfigFile, resolveConfig, type KefuConfig, type Registry, type ResolvedConfig } from './engine/config.js';
import { Engine } from './engine/engine.js';
import type { ConversationResult } from './engine/types.js';
import { PRESETS_BY_NAME } from './presets/index.js';
import { BUILTIN_RULES_BY_ID } from './rules/index.js';
import { compileDeclarativeRules } from './rules/declarative/compile.js';

export const builtinRegistry: Registry = {
  rules: BUILTIN_RULES_BY_ID,
  presets: PRESETS_BY_NAME,
  compileDeclarative: compileDeclarativeRules,
};

export const DEFAULT_CONFIG: KefuConfig = { extends: 'kefu:recommended' };

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Load a configuration: a file path, a config object, or (nothing given) `kefu.config.*` in the
 * working directory, falling back to `kefu:recommended`. A `preset` name replaces `extends`.
 */
export async function loadConfig(source?: string | KefuConfig, options: { preset?: string; cwd?: string } = {}): Promise<ResolvedConfig> {
  const cwd = options.cwd ?? process.cwd();
  if (typeof source === 'string') return loadConfigFile(path.resolve(cwd, source), builtinRegistry);
  if (source) return resolveConfig(source, builtinRegistry, 'config', cwd);
  if (options.preset) return resolveConfig({ extends: options.preset }, builtinRegistry, `preset ${options.preset}`, cwd);
  for (const name of CONFIG_FILE_NAMES) {
    const file = path.join(cwd, name);
    if (await exists(file)) return loadConfigFile(file, builtinRegistry);
  }
  return resolveConfig(DEFAULT_CONFIG, builtinRegistry, 'kefu:recommended', cwd);
}

export function createEngine(config: ResolvedConfig): Engine {
  return new Engine(config);
}

/** Inspect one conversation, a list, or a stream of them. */
export async function inspect(
  input: Conversation | Iterable<Conversation> | AsyncIterable<Conversation>,
  config?: ResolvedConfig | KefuConfig,
): Promise<ConversationResult[]> {
  const resolved = config && 'rules' in config && Array.isArray(config.rules) ? (config as ResolvedConfig) : await loadConfig(config as KefuConfig | undefined);
  const engine = new Engine(resolved);
  if ('turns' in (input as Conversation)) return [engine.inspect(input as Conversation)];
  const results: ConversationResult[] = [];
  for await (const conversation of input as AsyncIterable<Conversation>) results.push(engine.inspect(conversation));
  return results;
}
