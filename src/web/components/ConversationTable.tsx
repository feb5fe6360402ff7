/** Conversation summaries as a table (stacked cards at phone width), each row opening the conversation. */
import type { ConversationSummary } from '../api/types';
import { channelName, formatDateTime, REVIEW_STATUS_NAMES } from '../lib/format';
import { href } from '../lib/router';
import { ScoreBadge } from './ScoreBadge';

export function ConversationTable({ items, caption }: { items: ConversationSummary[]; caption: string }) {
  return (
    <table className="data-table responsive-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">会话</th>
          <th scope="col">得分</th>
          <th scope="col">问题</th>
          <th scope="col">渠道</th>
          <th scope="col">客服</th>
          <th scope="col">班组</th>
          <th scope="col">开始时间</th>
          <th scope="col">复核</th>
        </tr>
      </thead>
      <tbody>
        {items.map((c) => (
          <tr key={c.id} className={c.fatal ? 'row-fatal' : undefined}>
            <td data-label="会话">
              <a href={href('/conversations/' + encodeURIComponent(c.id))} className="conversation-link">
                {c.id}
              </a>
            </td>
            <td data-label="得分">
              <ScoreBadge score={c.score} passed={c.passed} fatal={c.fatal} />
            </td>
            <td data-label="问题">
              {c.findingCount}
              {c.fatal && <span className="tag tag-fatal">致命</span>}
            </td>
            <td data-label="渠道">{channelName(c.channel)}</td>
            <td data-label="客服">{c.agentId ?? '—'}</td>
            <td data-label="班组">{c.teamId ?? '—'}</td>
            <td data-label="开始时间">{formatDateTime(c.startedAt)}</td>
            <td data-label="复核">{REVIEW_STATUS_NAMES[c.reviewStatus] ?? c.reviewStatus}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
