/**
 * The organisation's phrase library: the seeds' scenarios and standard phrases ship as defaults
 * (src/knowledge), and an organisation adds or overrides entries by id in the assistant options.
 */
import { SCENARIOS } from '../knowledge/scenarios.js';
import { STANDARD_PHRASES } from '../knowledge/phrases.js';
import type { Scenario, StandardPhrase } from '../knowledge/types.js';
import type { AssistantOptions } from './types.js';

/** Defaults first, in order; an entry with an existing id replaces it in place, new ids append. */
export function mergeById<T extends { id: string }>(defaults: readonly T[], extra: readonly T[] | undefined, replace: boolean): T[] {
  const byId = new Map<string, T>();
  if (!replace) for (const item of defaults) byId.set(item.id, item);
  for (const item of extra ?? []) {
    if (typeof item?.id !== 'string' || item.id === '') throw new TypeError('assist library entries need a non-empty string id');
    byId.set(item.id, item);
  }
  return [...byId.values()];
}

export interface Library {
  scenarios: Scenario[];
  phrases: StandardPhrase[];
}

export function buildLibrary(options: AssistantOptions = {}): Library {
  const replace = options.replaceDefaults === true;
  return {
    scenarios: mergeById(SCENARIOS, options.scenarios, replace),
    phrases: mergeById(STANDARD_PHRASES, options.phrases, replace),
  };
}
