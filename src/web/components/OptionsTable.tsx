/** A rule's options, rendered from its JSON Schema. */
import type { JsonSchema } from '../api/types';
import { schemaFields } from '../lib/schema';

export function OptionsTable({ schema }: { schema: JsonSchema | undefined }) {
  const fields = schemaFields(schema);
  if (fields.length === 0) return <p className="muted">无可配置选项</p>;
  return (
    <table className="data-table compact options-table">
      <caption className="visually-hidden">规则选项</caption>
      <thead>
        <tr>
          <th scope="col">选项</th>
          <th scope="col">类型</th>
          <th scope="col">说明</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <tr key={f.name}>
            <th scope="row">
              <code>{f.name}</code>
              {f.required && <span className="tag">必填</span>}
            </th>
            <td>
              {f.type}
              {f.values && <div className="muted">可选值：{f.values.join(' / ')}</div>}
              {(f.minimum !== undefined || f.maximum !== undefined) && (
                <div className="muted">
                  范围：{f.minimum ?? '−∞'} ~ {f.maximum ?? '+∞'}
                </div>
              )}
            </td>
            <td>
              {f.description ?? '—'}
              {f.default !== undefined && <div className="muted">默认：{JSON.stringify(f.default)}</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
