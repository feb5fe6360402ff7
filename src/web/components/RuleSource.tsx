/** A rule's seed citation(s) — file, section and the quoted passage — or the reason Kefu adds it. */
import type { RuleSource as Source, SeedCitation } from '../api/types';

function Citation({ c }: { c: SeedCitation }) {
  return (
    <figure className="citation">
      <blockquote>{c.quote}</blockquote>
      <figcaption>
        <code>{c.file}</code>
        {c.section && <> · {c.section}</>}
      </figcaption>
    </figure>
  );
}

export function RuleSource({ source }: { source: Source }) {
  if ('kefuAddition' in source) return <p className="citation kefu-addition">Kefu 补充：{source.reason}</p>;
  const [first, ...rest] = Array.isArray(source) ? source : [source];
  if (!first) return null;
  return (
    <>
      <Citation c={first} />
      {rest.length > 0 && (
        <details className="more-citations">
          <summary>更多出处（{rest.length}）</summary>
          {rest.map((c, i) => (
            <Citation key={i} c={c} />
          ))}
        </details>
      )}
    </>
  );
}
