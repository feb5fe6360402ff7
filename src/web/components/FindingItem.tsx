/**
 * One finding in the side list: rule, severity, message, evidence and suggested phrase; the
 * review (confirm / reject with comment), the agent's appeal, and the appeal's decisions.
 */
import { useState } from 'react';
import { api } from '../api/client';
import type { Appeal, RuleInfo, StoredFinding } from '../api/types';
import { FINDING_STATUS_NAMES, formatDateTime, SEVERITY_NAMES } from '../lib/format';
import { AppealCard } from './AppealCard';
import { DecisionForm } from './DecisionForm';
import { InlineError } from './States';
import { useAction } from '../lib/useAsync';
import { evidenceId } from './ChatTranscript';

function AppealForm({ findingId, onDone }: { findingId: string; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const { run, busy, error } = useAction(async () => {
    await api.appeal(findingId, reason.trim());
    onDone();
  });
  return (
    <form
      className="decision-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
    >
      <label className="field">
        <span>申诉理由</span>
        <textarea rows={2} required value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" className="btn btn-primary" disabled={busy || !reason.trim()}>
        提交申诉
      </button>
      <InlineError error={error} />
    </form>
  );
}

export interface FindingItemProps {
  finding: StoredFinding;
  rule: RuleInfo | undefined;
  appeals: Appeal[];
  selected: boolean;
  turnLabel: string;
  can: (permission: string) => boolean;
  onSelect: () => void;
  onChanged: () => void;
}

export function FindingItem({ finding, rule, appeals, selected, turnLabel, can, onSelect, onChanged }: FindingItemProps) {
  const [appealing, setAppealing] = useState(false);
  const showEvidence = () => {
    onSelect();
    const el = document.getElementById(evidenceId(finding.id));
    el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    el?.focus({ preventScroll: true });
  };

  return (
    <li className={`finding finding-${finding.severity} finding-${finding.status}${selected ? ' finding-selected' : ''}`} data-finding-id={finding.id}>
      <div className="finding-head">
        <span className={`tag tag-${finding.severity}`}>{SEVERITY_NAMES[finding.severity]}</span>
        <span className={`tag tag-status-${finding.status}`}>{FINDING_STATUS_NAMES[finding.status]}</span>
        <strong className="finding-rule">{rule?.description ?? finding.ruleId}</strong>
      </div>
      <p className="finding-message">{finding.message}</p>
      <p className="finding-evidence">
        <button type="button" className="link-button" onClick={showEvidence}>
          {turnLabel}
        </button>
        ：「{finding.text}」
      </p>
      {finding.suggestion && <p className="suggestion">建议话术：{finding.suggestion}</p>}
      <p className="muted finding-id">{finding.ruleId}</p>
      {(finding.reviewComment || finding.reviewedBy) && (
        <p className="review-comment">
          复核{finding.reviewedBy && <>（{finding.reviewedBy}{finding.reviewedAt && `，${formatDateTime(finding.reviewedAt)}`}）</>}
          {finding.reviewComment && <>：{finding.reviewComment}</>}
        </p>
      )}

      {finding.status === 'open' && can('review:write') && (
        <DecisionForm
          legend="复核"
          commentLabel="复核意见"
          choices={[
            { value: 'confirm', label: '确认', tone: 'primary' },
            { value: 'reject', label: '驳回（误报）', tone: 'danger' },
          ]}
          onDecide={async (decision, comment) => {
            await api.reviewFinding(finding.id, decision, comment);
            onChanged();
          }}
        />
      )}

      {appeals.map((a) => (
        <AppealCard key={a.id} appeal={a} can={can} onChanged={onChanged} />
      ))}

      {finding.status !== 'rejected' && appeals.length === 0 && can('appeals:create') && (
        <div>
          {appealing ? (
            <AppealForm
              findingId={finding.id}
              onDone={() => {
                setAppealing(false);
                onChanged();
              }}
            />
          ) : (
            <button type="button" className="btn" onClick={() => setAppealing(true)}>
              申诉
            </button>
          )}
        </div>
      )}
    </li>
  );
}
