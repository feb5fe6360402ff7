/**
 * The result filters (period, team, agent, channel, rule set) kept in the page's URL query, so
 * a drill-down link or the back button restores them. Applied on submit (Enter or 筛选).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { RuleSet } from '../api/types';
import { CHANNEL_NAMES } from '../lib/format';
import { href, navigate } from '../lib/router';

export const FILTER_KEYS = ['from', 'to', 'teamId', 'agentId', 'channel', 'ruleSetId'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type FilterValues = Partial<Record<FilterKey, string>>;

export function filtersFrom(query: URLSearchParams): FilterValues {
  const values: FilterValues = {};
  for (const key of FILTER_KEYS) {
    const v = query.get(key);
    if (v) values[key] = v;
  }
  return values;
}

/** The day after a `YYYY-MM-DD` date (UTC calendar). */
export function nextDay(date: string): string {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Filters as the API takes them. The page's end date is inclusive (what a person picks); the
 * API's `to` is exclusive, so a date-only `to` becomes the next day.
 */
export function apiFilters<T extends FilterValues>(values: T): T {
  const to = values.to;
  return to && /^\d{4}-\d{2}-\d{2}$/.test(to) ? { ...values, to: nextDay(to) } : values;
}

function useRuleSets(): RuleSet[] {
  const [sets, setSets] = useState<RuleSet[]>([]);
  useEffect(() => {
    // The rule-set choice is optional: without access to rule sets the filter simply lists none.
    api.ruleSets().then((page) => setSets(page.items), () => setSets([]));
  }, []);
  return sets;
}

export function Filters({ path, values, extra }: { path: string; values: FilterValues; extra?: Record<string, string | undefined> }) {
  const [draft, setDraft] = useState<FilterValues>(values);
  // At phone width the form folds away behind a button; wider screens always show it.
  const [open, setOpen] = useState(false);
  const active = Object.keys(values).length;
  const ruleSets = useRuleSets();
  const key = JSON.stringify(values);
  useEffect(() => setDraft(values), [key]);

  const set = (k: FilterKey) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(href(path, { ...extra, ...draft }));
  };

  return (
    <>
    <button type="button" className="btn filters-toggle" aria-expanded={open} aria-controls="filters-form" onClick={() => setOpen((o) => !o)}>
      筛选条件{active ? `（${active}）` : ''} {open ? '▴' : '▾'}
    </button>
    <form id="filters-form" className={open ? 'filters filters-open' : 'filters'} onSubmit={submit} aria-label="筛选条件">
      <label className="field">
        <span>开始日期</span>
        <input type="date" value={draft.from ?? ''} onChange={set('from')} />
      </label>
      <label className="field">
        <span>结束日期</span>
        <input type="date" value={draft.to ?? ''} onChange={set('to')} />
      </label>
      <label className="field">
        <span>班组</span>
        <input value={draft.teamId ?? ''} onChange={set('teamId')} placeholder="全部" />
      </label>
      <label className="field">
        <span>客服</span>
        <input value={draft.agentId ?? ''} onChange={set('agentId')} placeholder="全部" />
      </label>
      <label className="field">
        <span>渠道</span>
        <select value={draft.channel ?? ''} onChange={set('channel')}>
          <option value="">全部</option>
          {Object.entries(CHANNEL_NAMES).map(([value, name]) => (
            <option key={value} value={value}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>规则集</span>
        <select value={draft.ruleSetId ?? ''} onChange={set('ruleSetId')}>
          <option value="">全部</option>
          {ruleSets.map((rs) => (
            <option key={rs.id} value={rs.id}>
              {rs.name} v{rs.version}
            </option>
          ))}
        </select>
      </label>
      <div className="filter-actions">
        <button type="submit" className="btn btn-primary">
          筛选
        </button>
        <a className="btn" href={href(path, extra)}>
          清除
        </a>
      </div>
    </form>
    </>
  );
}
