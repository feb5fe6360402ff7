/** The audit history of a conversation: who did what, when. */
import type { AuditEntry } from '../api/types';
import { formatDateTime, formatScore } from '../lib/format';

/** Audit actions the server records about a conversation (src/server routes). */
const ACTION_NAMES: Record<string, string> = {
  'import.create': '导入',
  'inspection.run': '质检',
  'finding.review': '复核问题',
  'inspection.manual_item': '人工评分',
  'inspection.complete_review': '完成复核',
  'appeal.create': '提交申诉',
  'appeal.decide': '处理申诉',
  'appeal.final': '终审',
  'pii.reveal': '查看个人信息',
};

const DECISION_NAMES: Record<string, string> = { confirm: '确认', reject: '驳回', accept: '通过' };

/** The human part of an entry's details: decision, comment or reason, points, resulting score. */
export function describeAuditDetails(details: Record<string, unknown> | undefined): string {
  if (!details) return '';
  const parts: string[] = [];
  const { decision, comment, reason, points, score } = details;
  if (typeof decision === 'string') parts.push(DECISION_NAMES[decision] ?? decision);
  for (const text of [comment, reason]) if (typeof text === 'string' && text) parts.push(text);
  if (typeof points === 'number') parts.push(`${points > 0 ? '+' : ''}${points} 分`);
  if (typeof score === 'number') parts.push(`得分 ${formatScore(score)}`);
  return parts.join(' · ');
}

export function HistoryList({ history }: { history: AuditEntry[] }) {
  if (history.length === 0) return <p className="muted">暂无记录</p>;
  return (
    <ol className="history">
      {history.map((h, i) => (
        <li key={h.seq ?? i}>
          <time>{formatDateTime(h.at)}</time> <strong>{ACTION_NAMES[h.action] ?? h.action}</strong> · {h.actor.username ?? h.actor.userId}
          {describeAuditDetails(h.details) && <span className="muted">（{describeAuditDetails(h.details)}）</span>}
        </li>
      ))}
    </ol>
  );
}
