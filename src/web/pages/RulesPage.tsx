/** The rule library: every rule with its seed citation, default severity, channels and options. */
import { useMemo, useState } from 'react';
import type { RuleInfo } from '../api/types';
import { OptionsTable } from '../components/OptionsTable';
import { RuleSource } from '../components/RuleSource';
import { Empty, ErrorBox, Loading } from '../components/States';
import { channelName, SEVERITY_NAMES } from '../lib/format';
import { loadRules } from '../lib/rules';
import { useAsync } from '../lib/useAsync';

function RuleCard({ rule }: { rule: RuleInfo }) {
  return (
    <article className="panel rule-card" aria-labelledby={`rule-${rule.id}`}>
      <header className="rule-head">
        <h3 id={`rule-${rule.id}`}>{rule.description}</h3>
        <code className="rule-id">{rule.id}</code>
      </header>
      <p className="rule-tags">
        <span className={`tag tag-${rule.defaultSeverity}`}>默认{SEVERITY_NAMES[rule.defaultSeverity]}</span>
        <span className="tag">{rule.scope === 'turn' ? '逐句' : '整通'}</span>
        {rule.realtime && <span className="tag tag-realtime">可实时提示</span>}
        <span className="muted">渠道：{rule.channels.map(channelName).join('、')}</span>
      </p>
      <RuleSource source={rule.source} />
      <details>
        <summary>选项</summary>
        <OptionsTable schema={rule.optionsSchema} />
      </details>
    </article>
  );
}

export function RulesPage() {
  const { state, reload } = useAsync(loadRules, []);
  const [filter, setFilter] = useState('');
  const groups = useMemo(() => {
    const rules = [...(state.data?.values() ?? [])];
    const f = filter.trim().toLowerCase();
    const shown = f ? rules.filter((r) => r.id.toLowerCase().includes(f) || r.description.includes(filter.trim()) || r.categoryName.includes(filter.trim())) : rules;
    const byCategory = new Map<string, RuleInfo[]>();
    for (const r of shown) byCategory.set(r.categoryName, [...(byCategory.get(r.categoryName) ?? []), r]);
    return [...byCategory.entries()];
  }, [state.data, filter]);

  return (
    <section aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">规则库</h1>
        <a className="btn btn-primary" href="#/rules/new">
          编写声明式规则
        </a>
      </div>
      <label className="field field-inline">
        <span>查找规则</span>
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="id、说明或分类" />
      </label>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorBox error={state.error} onRetry={reload} />}
      {state.status === 'ok' && groups.length === 0 && <Empty title="没有匹配的规则" />}
      {groups.map(([category, rules]) => (
        <section key={category} aria-label={category} className="rule-group">
          <h2>
            {category} <span className="muted">{rules.length}</span>
          </h2>
          <div className="rule-grid">
            {rules.map((r) => (
              <RuleCard key={r.id} rule={r} />
            ))}
          </div>
        </section>
      ))}
    </section>
  );
}
