/**
 * Per-rule severity (关 / 提醒 / 严重) for a rule-set draft. A rule without an override shows the
 * setting it inherits from the preset it extends.
 */
import { useMemo, useState } from 'react';
import type { RuleInfo, RuleSetting } from '../api/types';

const SETTINGS: { value: RuleSetting; label: string }[] = [
  { value: 'off', label: '关' },
  { value: 'warn', label: '提醒' },
  { value: 'error', label: '严重' },
];

export interface SeverityTogglesProps {
  rules: RuleInfo[];
  /** Explicit settings in the draft, by rule id. */
  explicit: Record<string, RuleSetting | undefined>;
  /** What each rule inherits from the presets it extends. */
  inherited: Record<string, RuleSetting | undefined>;
  disabled?: boolean;
  onChange: (ruleId: string, setting: RuleSetting | undefined) => void;
}

export function SeverityToggles({ rules, explicit, inherited, disabled, onChange }: SeverityTogglesProps) {
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return f ? rules.filter((r) => r.id.toLowerCase().includes(f) || r.description.includes(filter.trim())) : rules;
  }, [rules, filter]);
  return (
    <div className="severity-toggles">
      <label className="field field-inline">
        <span>查找规则</span>
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      <ul>
        {shown.map((rule) => {
          const own = explicit[rule.id];
          const effective = own ?? inherited[rule.id] ?? 'off';
          return (
            <li key={rule.id} className="severity-row">
              <fieldset disabled={disabled}>
                <legend>
                  {rule.description} <code className="muted">{rule.id}</code>
                  {own === undefined && <span className="muted">（继承预设）</span>}
                </legend>
                <div className="segmented">
                  {SETTINGS.map((s) => (
                    <label key={s.value} className={`segment segment-${s.value}`}>
                      <input type="radio" name={`sev-${rule.id}`} value={s.value} checked={effective === s.value} onChange={() => onChange(rule.id, s.value)} />
                      <span>{s.label}</span>
                    </label>
                  ))}
                  {own !== undefined && (
                    <button type="button" className="link-button" onClick={() => onChange(rule.id, undefined)}>
                      恢复预设
                    </button>
                  )}
                </div>
              </fieldset>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
