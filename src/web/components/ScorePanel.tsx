/** The inspection's score: verdict, fatal items, dimensions, manual score items and how to add one. */
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { Inspection, RuleInfo } from '../api/types';
import { formatDateTime, formatScore } from '../lib/format';
import { ScoreBadge } from './ScoreBadge';
import { InlineError } from './States';
import { useAction } from '../lib/useAsync';

function ManualItemForm({ inspection, onAdded }: { inspection: Inspection; onAdded: () => void }) {
  const [dimensionId, setDimensionId] = useState(inspection.dimensions[0]?.id ?? '');
  const [points, setPoints] = useState('');
  const [reason, setReason] = useState('');
  const { run, busy, error } = useAction(async () => {
    await api.addManualItem(inspection.id, { dimensionId, points: Number(points), reason: reason.trim() });
    setPoints('');
    setReason('');
    onAdded();
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run();
  };

  return (
    <form className="manual-form" onSubmit={submit} aria-label="添加人工评分项">
      <label className="field">
        <span>维度</span>
        <select value={dimensionId} onChange={(e) => setDimensionId(e.target.value)} required>
          {inspection.dimensions.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>分值（扣分填负数）</span>
        <input type="number" step="0.5" required value={points} onChange={(e) => setPoints(e.target.value)} />
      </label>
      <label className="field field-wide">
        <span>理由</span>
        <input required value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" className="btn" disabled={busy || inspection.dimensions.length === 0}>
        添加评分项
      </button>
      <InlineError error={error} />
    </form>
  );
}

export function ScorePanel({ inspection, rules, canReview, onChanged }: { inspection: Inspection; rules: Map<string, RuleInfo>; canReview: boolean; onChanged: () => void }) {
  const complete = useAction(async () => {
    await api.completeReview(inspection.id);
    onChanged();
  });
  return (
    <section className="panel" aria-labelledby="score-title">
      <h2 id="score-title">
        得分 <ScoreBadge score={inspection.score} passed={inspection.passed} fatal={inspection.fatal.length > 0} />
        <span className="muted score-verdict">{inspection.passed ? '合格' : '不合格'}</span>
      </h2>
      <p className="muted">
        规则集 {inspection.ruleSetId} v{inspection.ruleSetVersion} · {formatDateTime(inspection.createdAt)}
      </p>
      {inspection.fatal.length > 0 && (
        <p className="fatal-line">致命项：{inspection.fatal.map((id) => rules.get(id)?.description ?? id).join('、')}</p>
      )}
      {inspection.dimensions.length > 0 && (
        <table className="data-table compact">
          <caption className="visually-hidden">各维度得分</caption>
          <thead>
            <tr>
              <th scope="col">维度</th>
              <th scope="col">得分</th>
            </tr>
          </thead>
          <tbody>
            {inspection.dimensions.map((d) => (
              <tr key={d.id} className={d.applicable ? undefined : 'muted'}>
                <th scope="row">{d.name}</th>
                <td>{d.applicable ? `${formatScore(d.score)} / ${formatScore(d.max)}` : '不适用'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {inspection.manualItems.length > 0 && (
        <>
          <h3>人工评分项</h3>
          <ul className="manual-items">
            {inspection.manualItems.map((m) => (
              <li key={m.id}>
                {inspection.dimensions.find((d) => d.id === m.dimensionId)?.name ?? m.dimensionId}：{m.points > 0 ? '+' : ''}
                {m.points} 分 · {m.reason} <span className="muted">（{m.by}，{formatDateTime(m.at)}）</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {canReview && (
        <>
          <details className="manual-box">
            <summary>添加人工评分项</summary>
            <ManualItemForm inspection={inspection} onAdded={onChanged} />
          </details>
          <button type="button" className="btn btn-primary complete-review" disabled={complete.busy} onClick={() => void complete.run()}>
            完成复核
          </button>
          <InlineError error={complete.error} />
        </>
      )}
    </section>
  );
}
