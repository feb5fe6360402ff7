/**
 * Conversations with their results, filtered by the URL query: the drill-down target of every
 * overview chart (score range, day, rule, agent) and a search over the text.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { ConversationQuery } from '../api/types';
import { ConversationTable } from '../components/ConversationTable';
import { apiFilters, Filters, filtersFrom } from '../components/Filters';
import { NoResults, PagedList } from '../components/PagedList';
import { href, navigate, useLocation } from '../lib/router';
import { usePaged } from '../lib/usePaged';
import { useRuleInfo } from '../lib/rules';

/** Conditions that come from drill-downs, shown as removable chips. */
const EXTRA_NAMES: Record<string, string> = {
  minScore: '最低分',
  maxScore: '最高分',
  ruleId: '规则',
  passed: '合格',
  hasFatal: '含致命项',
  q: '搜索',
};

const SORTS: { value: NonNullable<ConversationQuery['sort']>; label: string }[] = [
  { value: '-startedAt', label: '最新在前' },
  { value: 'startedAt', label: '最早在前' },
  { value: 'score', label: '得分从低到高' },
  { value: '-score', label: '得分从高到低' },
];

export function ConversationsPage() {
  const { search } = useLocation();
  const query = useMemo(() => new URLSearchParams(search), [search]);
  const all = useMemo(() => Object.fromEntries(query.entries()) as Record<string, string>, [query]);
  const extras = Object.entries(all).filter(([k]) => k in EXTRA_NAMES || k === 'sort');
  const [q, setQ] = useState(all.q ?? '');
  const rules = useRuleInfo();
  const shown = (key: string, value: string) => (key === 'ruleId' ? (rules.get(value)?.description ?? value) : value);

  const { state, loadMore, reload } = usePaged((cursor) => api.conversations({ ...apiFilters(all as ConversationQuery), ...(cursor ? { cursor } : {}) }), [search]);

  const without = (key: string) => {
    const next = { ...all };
    delete next[key];
    return href('/conversations', next);
  };
  const searchText = (e: FormEvent) => {
    e.preventDefault();
    navigate(href('/conversations', { ...all, q }));
  };

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">会话</h1>
      <Filters path="/conversations" values={filtersFrom(query)} extra={Object.fromEntries(extras)} />
      <div className="toolbar">
        <form className="search" onSubmit={searchText} role="search">
          <label className="field field-inline">
            <span>搜索内容</span>
            <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="会话中的文字" />
          </label>
          <button type="submit" className="btn">
            搜索
          </button>
        </form>
        <label className="field field-inline">
          <span>排序</span>
          <select value={all.sort ?? '-startedAt'} onChange={(e) => navigate(href('/conversations', { ...all, sort: e.target.value }))}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {extras.some(([k]) => k !== 'sort') && (
        <ul className="chips" aria-label="附加条件">
          {extras
            .filter(([k]) => k !== 'sort')
            .map(([k, v]) => (
              <li key={k}>
                <a className="chip" href={without(k)} aria-label={`移除条件 ${EXTRA_NAMES[k]}：${shown(k, v)}`}>
                  {EXTRA_NAMES[k]}：{shown(k, v)} <span aria-hidden="true">✕</span>
                </a>
              </li>
            ))}
        </ul>
      )}
      <PagedList state={state} onMore={loadMore} onRetry={reload} empty={<NoResults title="没有符合条件的会话" />}>
        {(items) => <ConversationTable items={items} caption="会话列表" />}
      </PagedList>
    </section>
  );
}
