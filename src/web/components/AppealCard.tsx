/** One appeal (申诉): the agent's reason, each decision so far, and the next step for whoever may take it. */
import { api } from '../api/client';
import type { Appeal } from '../api/types';
import { APPEAL_STATUS_NAMES, formatDateTime } from '../lib/format';
import { DecisionForm } from './DecisionForm';

const DECISION_CHOICES = [
  { value: 'accept' as const, label: '通过申诉', tone: 'primary' as const },
  { value: 'reject' as const, label: '驳回申诉', tone: 'danger' as const },
];

export function AppealCard({ appeal, can, onChanged }: { appeal: Appeal; can: (permission: string) => boolean; onChanged: () => void }) {
  const closed = appeal.status === 'final_accepted' || appeal.status === 'final_rejected';
  return (
    <div className={`appeal appeal-${appeal.status}`} data-appeal-id={appeal.id}>
      <p>
        <span className={`tag tag-appeal-${appeal.status}`}>{APPEAL_STATUS_NAMES[appeal.status] ?? appeal.status}</span> 申诉人 {appeal.agentId ?? appeal.createdBy ?? '—'} ·{' '}
        {formatDateTime(appeal.createdAt)}
      </p>
      <p className="appeal-reason">理由：{appeal.reason}</p>
      {appeal.decisions.length > 0 && (
        <ul className="decisions">
          {appeal.decisions.map((d, i) => (
            <li key={i}>
              {d.stage === 'final' ? '终审' : '复核'}
              {d.decision === 'accept' ? '通过' : '驳回'} · {d.by} · {formatDateTime(d.at)}
              {d.comment && <>：{d.comment}</>}
            </li>
          ))}
        </ul>
      )}
      {appeal.status === 'open' && can('appeals:decide') && (
        <DecisionForm
          legend="处理申诉"
          commentLabel="处理意见"
          requireComment
          choices={DECISION_CHOICES}
          onDecide={async (decision, comment) => {
            await api.decideAppeal(appeal.id, decision, comment);
            onChanged();
          }}
        />
      )}
      {!closed && appeal.status !== 'open' && can('appeals:final') && (
        <DecisionForm
          legend="终审（结果不可再更改）"
          commentLabel="终审意见"
          requireComment
          choices={[
            { value: 'accept', label: '终审通过', tone: 'primary' },
            { value: 'reject', label: '终审驳回', tone: 'danger' },
          ]}
          onDecide={async (decision, comment) => {
            await api.finalAppeal(appeal.id, decision, comment);
            onChanged();
          }}
        />
      )}
      {closed && <p className="muted">已终审结案，不可再更改。</p>}
    </div>
  );
}
