/**
 * The review queue (复核队列): worst scores first, fatal findings first, or a random sample of
 * a percentage per agent (抽检), within the filters.
 */
import { useMemo, useState } from 'react';
import { api } from '../api/client';
import type { QueueMode } from '../api/types';
import { ConversationTable } from '../components/ConversationTable';
import { apiFilters, Filters, filtersFrom } from '../components/Filters';
import { NoResults, PagedList } from '../components/PagedList';
import { href, navigate, useLocation } from '../lib/router';
import { usePaged } from '../lib/usePaged';

const MODES: { mode: QueueMode; label: string; hint: string }[] = [
  { mode: 'worst', label: '最低分优先', hint: '按得分从低到高' },
  { mode: 'fatal', label: '致命项优先', hint: '含致命项的会话在前，其余按得分' },
  { mode: 'sample', label: '抽检', hint: '每位客服随机抽取一定比例' },
];

function isMode(value: string | null): value is QueueMode {
  return value === 'worst' || value === 'fatal' || value === 'sample';
}

export function ReviewQueuePage() {
  const { search } = useLocation();
  const query = useMemo(() => new URLSearchParams(search), [search]);
  const mode: QueueMode = isMode(query.get('mode')) ? (query.get('mode') as QueueMode) : 'worst';
  const percent = query.get('percent') ?? '10';
  const filters = filtersFrom(query);
  const [percentDraft, setPercentDraft] = useState(percent);

  const { state, loadMore, reload } = usePaged(
    (cursor) => api.reviewQueue(mode, { ...apiFilters(filters), ...(mode === 'sample' ? { percent } : {}), cursor }),
    [search],
  );
  const link = (m: QueueMode) => href('/review', { ...filters, mode: m, ...(m === 'sample' ? { percent } : {}) });

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">复核队列</h1>
      <nav className="tabs" aria-label="队列模式">
        {MODES.map((m) => (
          <a key={m.mode} aria-current={m.mode === mode ? 'page' : undefined} className="tab" href={link(m.mode)} title={m.hint}>
            {m.label}
          </a>
        ))}
      </nav>
      {mode === 'sample' && (
        <form
          className="toolbar"
          onSubmit={(e) => {
            e.preventDefault();
            navigate(href('/review', { ...filters, mode, percent: percentDraft }));
          }}
        >
          <label className="field field-inline">
            <span>抽检比例 %</span>
            <input type="number" min={1} max={100} value={percentDraft} onChange={(e) => setPercentDraft(e.target.value)} />
          </label>
          <button type="submit" className="btn">
            重新抽取
          </button>
        </form>
      )}
      <Filters path="/review" values={filters} extra={{ mode, ...(mode === 'sample' ? { percent } : {}) }} />
      <PagedList state={state} onMore={loadMore} onRetry={reload} empty={<NoResults title="队列为空：没有待复核的会话" />}>
        {(items) => <ConversationTable items={items} caption="待复核会话" />}
      </PagedList>
    </section>
  );
}
