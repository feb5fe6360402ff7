/** A score with its verdict colour: passed, failed, or fatal (致命). */
import { formatScore } from '../lib/format';

export function ScoreBadge({ score, passed, fatal }: { score: number | undefined | null; passed?: boolean | undefined; fatal?: boolean }) {
  const verdict = fatal ? 'fatal' : passed === false ? 'failed' : passed ? 'passed' : 'none';
  const title = fatal ? '含致命项' : passed === false ? '不合格' : passed ? '合格' : '未质检';
  return (
    <span className={`score-badge score-${verdict}`} title={title}>
      {formatScore(score)}
      <span className="visually-hidden">（{title}）</span>
    </span>
  );
}
