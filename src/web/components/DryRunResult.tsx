/** The score impact of a draft rule set against the published one (POST /rule-sets/:id/dry-run). */
import type { DryRun, RuleInfo } from '../api/types';
import { formatScore } from '../lib/format';
import { href } from '../lib/router';

function Delta({ before, after, better = 'higher', format = String }: { before: number; after: number; better?: 'higher' | 'lower'; format?: (n: number) => string }) {
  const diff = after - before;
  const good = diff === 0 ? 'same' : (diff > 0) === (better === 'higher') ? 'good' : 'bad';
  return (
    <span className={`delta delta-${good}`}>
      {format(before)} → {format(after)}
      {diff !== 0 && (
        <span className="delta-diff">
          （{diff > 0 ? '+' : ''}
          {format(diff)}）
        </span>
      )}
    </span>
  );
}

export function DryRunResult({ result, rules }: { result: DryRun; rules: Map<string, RuleInfo> }) {
  const changedRules = result.byRule.filter((r) => r.before !== r.after);
  return (
    <section className="panel dry-run" aria-labelledby="dry-run-title" aria-live="polite">
      <h2 id="dry-run-title">试运行结果（对比已发布版本）</h2>
      {result.compared === 0 ? (
        <p className="muted">最近没有可对比的会话：先导入会话再试运行。</p>
      ) : (
        <>
          <dl className="facts dry-run-facts">
            <div>
              <dt>对比会话</dt>
              <dd>{result.compared}</dd>
            </div>
            <div>
              <dt>得分变化</dt>
              <dd>{result.changedScores} 个会话</dd>
            </div>
            <div>
              <dt>平均分</dt>
              <dd>
                <Delta before={result.meanScoreBefore} after={result.meanScoreAfter} format={formatScore} />
              </dd>
            </div>
            <div>
              <dt>合格会话</dt>
              <dd>
                <Delta before={result.passedBefore} after={result.passedAfter} />
              </dd>
            </div>
            <div>
              <dt>问题总数</dt>
              <dd>
                <Delta before={result.findingsBefore} after={result.findingsAfter} better="lower" />
              </dd>
            </div>
          </dl>
          {changedRules.length > 0 && (
            <table className="data-table compact">
              <caption>各规则问题数变化</caption>
              <thead>
                <tr>
                  <th scope="col">规则</th>
                  <th scope="col">问题数</th>
                </tr>
              </thead>
              <tbody>
                {changedRules.map((r) => (
                  <tr key={r.ruleId}>
                    <th scope="row">
                      {rules.get(r.ruleId)?.description ?? r.ruleId} <code className="muted">{r.ruleId}</code>
                    </th>
                    <td>
                      <Delta before={r.before} after={r.after} better="lower" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {result.examples.length > 0 && (
            <>
              <h3>得分变化的会话（示例）</h3>
              <ul className="examples">
                {result.examples.map((e) => (
                  <li key={e.conversationId}>
                    <a href={href('/conversations/' + encodeURIComponent(e.conversationId))}>{e.conversationId}</a>：
                    <Delta before={e.before} after={e.after} format={formatScore} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
