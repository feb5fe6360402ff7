/**
 * A comment plus two decision buttons (确认/驳回, 通过/驳回…). Used for finding reviews, appeal
 * decisions and the final judgement (终审).
 */
import { useId, useState } from 'react';
import { InlineError } from './States';
import { useAction } from '../lib/useAsync';

export interface DecisionFormProps<D extends string> {
  legend: string;
  commentLabel: string;
  /** Two or more choices, each a button. */
  choices: { value: D; label: string; tone?: 'primary' | 'danger' }[];
  requireComment?: boolean;
  onDecide: (decision: D, comment: string) => Promise<unknown>;
}

export function DecisionForm<D extends string>({ legend, commentLabel, choices, requireComment = false, onDecide }: DecisionFormProps<D>) {
  const [comment, setComment] = useState('');
  // An optional comment stays out of the way until asked for (a queue of findings stays short).
  const [showComment, setShowComment] = useState(requireComment);
  const id = useId();
  const { run, busy, error, setError } = useAction(async (decision: D) => {
    await onDecide(decision, comment.trim());
    setComment('');
  });

  const decide = (decision: D) => {
    if (requireComment && !comment.trim()) setError(new Error(`请填写${commentLabel}`));
    else void run(decision);
  };

  return (
    <fieldset className="decision-form" disabled={busy}>
      <legend>{legend}</legend>
      {showComment && (
        <>
          <label className="field" htmlFor={id}>
            <span>
              {commentLabel}
              {requireComment ? '' : '（可选）'}
            </span>
          </label>
          <textarea id={id} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} autoFocus={!requireComment} />
        </>
      )}
      <div className="button-row">
        {choices.map((c) => (
          <button key={c.value} type="button" className={`btn btn-${c.tone ?? 'default'}`} onClick={() => decide(c.value)}>
            {c.label}
          </button>
        ))}
        {!showComment && (
          <button type="button" className="link-button" onClick={() => setShowComment(true)}>
            填写{commentLabel}
          </button>
        )}
      </div>
      <InlineError error={error} />
    </fieldset>
  );
}
