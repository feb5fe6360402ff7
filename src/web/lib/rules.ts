/** The rule catalogue (GET /meta/rules), fetched once per page load and shared by every page. */
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { RuleInfo } from '../api/types';

let catalogue: Promise<Map<string, RuleInfo>> | undefined;

export function loadRules(): Promise<Map<string, RuleInfo>> {
  catalogue ??= api.rules().then(
    (r) => new Map(r.items.map((rule) => [rule.id, rule])),
    (err: unknown) => {
      catalogue = undefined; // try again next time
      throw err;
    },
  );
  return catalogue;
}

/** Rule infos by id; empty until loaded (and if the catalogue cannot be read, ids are shown as is). */
export function useRuleInfo(): Map<string, RuleInfo> {
  const [rules, setRules] = useState<Map<string, RuleInfo>>(new Map());
  useEffect(() => {
    let live = true;
    loadRules().then(
      (m) => live && setRules(m),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return rules;
}
