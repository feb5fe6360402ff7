/**
 * One conversation: the chat with evidence in place, and beside it the findings (review, appeal,
 * decisions), the score with manual items, and the audit history.
 */
import { useState } from 'react';
import { api } from '../api/client';
import type { ConversationDetail, StoredFinding } from '../api/types';
import { useAuth } from '../app/auth';
import { ChatTranscript } from '../components/ChatTranscript';
import { FindingItem } from '../components/FindingItem';
import { HistoryList } from '../components/HistoryList';
import { ScorePanel } from '../components/ScorePanel';
import { Empty, ErrorBox, Loading } from '../components/States';
import { channelName, formatDateTime, REVIEW_STATUS_NAMES, TURN_ROLE_NAMES } from '../lib/format';
import { useRuleInfo } from '../lib/rules';
import { useAsync } from '../lib/useAsync';

const bySeverity = (a: StoredFinding, b: StoredFinding) => (a.severity === b.severity ? a.turn - b.turn : a.severity === 'error' ? -1 : 1);

function Header({ detail }: { detail: ConversationDetail }) {
  const c = detail.conversation;
  return (
    <header className="conversation-header">
      <h1 id="page-title">会话 {c.id}</h1>
      <dl className="facts">
        <div>
          <dt>渠道</dt>
          <dd>{channelName(c.channel)}</dd>
        </div>
        <div>
          <dt>客服</dt>
          <dd>{c.agentId ?? '—'}</dd>
        </div>
        <div>
          <dt>班组</dt>
          <dd>{c.teamId ?? '—'}</dd>
        </div>
        <div>
          <dt>开始</dt>
          <dd>{formatDateTime(c.startedAt)}</dd>
        </div>
        <div>
          <dt>轮次</dt>
          <dd>{c.turns.length}</dd>
        </div>
        {detail.inspection?.reviewStatus && (
          <div>
            <dt>复核</dt>
            <dd className="review-status">{REVIEW_STATUS_NAMES[detail.inspection.reviewStatus] ?? detail.inspection.reviewStatus}</dd>
          </div>
        )}
      </dl>
    </header>
  );
}

export function ConversationPage({ id }: { id: string }) {
  const { can } = useAuth();
  const rules = useRuleInfo();
  const { state, reload } = useAsync(() => api.conversation(id), [id]);
  const [selected, setSelected] = useState<string | undefined>();

  if (state.status === 'loading' && !state.data) return <Loading />;
  if (!state.data) return <ErrorBox error={state.error ?? new Error('无法加载会话')} onRetry={reload} />;

  const detail = state.data;
  const findings = [...(detail.inspection?.findings ?? [])].sort(bySeverity);
  const turnLabel = (f: StoredFinding) => {
    const turn = detail.conversation.turns[f.turn];
    return turn ? `第 ${f.turn + 1} 句（${TURN_ROLE_NAMES[turn.role] ?? turn.role}）` : '整通会话';
  };

  return (
    <section aria-labelledby="page-title" className="conversation-page">
      <Header detail={detail} />
      {state.status === 'error' && <ErrorBox error={state.error} onRetry={reload} />}
      <div className="conversation-layout">
        <div className="conversation-main">
          <ChatTranscript conversation={detail.conversation} findings={findings} rules={rules} selectedId={selected} onSelect={setSelected} />
        </div>
        <aside className="conversation-side" aria-label="质检结果">
          {detail.inspection ? (
            <ScorePanel inspection={detail.inspection} rules={rules} canReview={can('review:write')} onChanged={reload} />
          ) : (
            <Empty title="尚未质检">
              <p>这通会话还没有质检结果。</p>
            </Empty>
          )}
          {detail.inspection && (
            <section className="panel" aria-labelledby="findings-title">
              <h2 id="findings-title">问题 {findings.length}</h2>
              {findings.length === 0 ? (
                <p className="muted">没有发现问题。</p>
              ) : (
                <ol className="findings">
                  {findings.map((f) => (
                    <FindingItem
                      key={f.id}
                      finding={f}
                      rule={rules.get(f.ruleId)}
                      appeals={detail.appeals.filter((a) => a.findingId === f.id)}
                      selected={selected === f.id}
                      turnLabel={turnLabel(f)}
                      can={can}
                      onSelect={() => setSelected(f.id)}
                      onChanged={reload}
                    />
                  ))}
                </ol>
              )}
            </section>
          )}
          <section className="panel" aria-labelledby="history-title">
            <h2 id="history-title">处理记录</h2>
            <HistoryList history={detail.history} />
          </section>
        </aside>
      </div>
    </section>
  );
}
