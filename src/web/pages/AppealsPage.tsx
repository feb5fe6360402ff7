/** Appeals (申诉) by stage: open ones wait for a reviewer, decided ones for the final judgement. */
import { useMemo } from 'react';
import { api } from '../api/client';
import { NoResults, PagedList } from '../components/PagedList';
import { APPEAL_STATUS_NAMES, formatDateTime } from '../lib/format';
import { href, useLocation } from '../lib/router';
import { usePaged } from '../lib/usePaged';

const STAGES = [
  { status: 'open', label: '待处理' },
  { status: 'decided', label: '待终审' },
  { status: 'final', label: '已终审' },
] as const;

export function AppealsPage() {
  const { search } = useLocation();
  const query = useMemo(() => new URLSearchParams(search), [search]);
  const status = STAGES.some((s) => s.status === query.get('status')) ? query.get('status')! : 'open';
  const { state, loadMore, reload } = usePaged((cursor) => api.appeals({ status, cursor }), [status]);

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">申诉</h1>
      <nav className="tabs" aria-label="申诉阶段">
        {STAGES.map((s) => (
          <a key={s.status} className="tab" href={href('/appeals', { status: s.status })} aria-current={s.status === status ? 'page' : undefined}>
            {s.label}
          </a>
        ))}
      </nav>
      <PagedList state={state} onMore={loadMore} onRetry={reload} empty={<NoResults title="没有申诉" />}>
        {(items) => (
          <table className="data-table responsive-table">
            <caption className="visually-hidden">申诉列表</caption>
            <thead>
              <tr>
                <th scope="col">会话</th>
                <th scope="col">客服</th>
                <th scope="col">理由</th>
                <th scope="col">状态</th>
                <th scope="col">提交时间</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id}>
                  <td data-label="会话">
                    <a href={href('/conversations/' + encodeURIComponent(a.conversationId))}>{a.conversationId}</a>
                  </td>
                  <td data-label="客服">{a.agentId ?? '—'}</td>
                  <td data-label="理由">{a.reason}</td>
                  <td data-label="状态">{APPEAL_STATUS_NAMES[a.status] ?? a.status}</td>
                  <td data-label="提交时间">{formatDateTime(a.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedList>
    </section>
  );
}
