/** Rule sets: versions with their status, and a new draft from a preset. */
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { RuleSet } from '../api/types';
import { useAuth } from '../app/auth';
import { Empty, ErrorBox, InlineError, Loading } from '../components/States';
import { formatDateTime } from '../lib/format';
import { href, navigate } from '../lib/router';
import { useAction, useAsync } from '../lib/useAsync';

export const RULE_SET_STATUS_NAMES: Record<RuleSet['status'], string> = { draft: '草稿', published: '已发布', archived: '已归档' };

function NewRuleSetForm() {
  const presets = useAsync(api.presets, []);
  const [name, setName] = useState('');
  const [preset, setPreset] = useState('');
  const { run, busy, error } = useAction(async () => {
    const created = await api.createRuleSet(name.trim(), preset ? { extends: preset } : {});
    navigate(href('/rule-sets/' + encodeURIComponent(created.id)));
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run();
  };
  return (
    <form className="panel inline-form" onSubmit={submit} aria-labelledby="new-set-title">
      <h2 id="new-set-title">新建规则集草稿</h2>
      <label className="field">
        <span>名称</span>
        <input required value={name} onChange={(e) => setName(e.target.value)} placeholder="如：售后客服标准 2026" />
      </label>
      <label className="field">
        <span>基于预设</span>
        <select value={preset} onChange={(e) => setPreset(e.target.value)}>
          <option value="">（空白）</option>
          {presets.state.data?.items.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name} · {p.description}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        创建
      </button>
      <InlineError error={error ?? (presets.state.status === 'error' ? presets.state.error : undefined)} />
    </form>
  );
}

export function RuleSetsPage() {
  const { can } = useAuth();
  const { state, reload } = useAsync(api.ruleSets, []);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">规则集</h1>
      {can('rulesets:write') && <NewRuleSetForm />}
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorBox error={state.error} onRetry={reload} />}
      {state.status === 'ok' && state.data.items.length === 0 && <Empty title="还没有规则集：质检使用内置的推荐预设" />}
      {state.status === 'ok' && state.data.items.length > 0 && (
        <table className="data-table responsive-table">
          <caption className="visually-hidden">规则集列表</caption>
          <thead>
            <tr>
              <th scope="col">名称</th>
              <th scope="col">版本</th>
              <th scope="col">状态</th>
              <th scope="col">创建</th>
              <th scope="col">发布</th>
            </tr>
          </thead>
          <tbody>
            {state.data.items.map((rs) => (
              <tr key={`${rs.id}-${rs.version}`}>
                <td data-label="名称">
                  <a href={href('/rule-sets/' + encodeURIComponent(rs.id))}>{rs.name}</a>
                </td>
                <td data-label="版本">v{rs.version}</td>
                <td data-label="状态">
                  <span className={`tag tag-set-${rs.status}`}>{RULE_SET_STATUS_NAMES[rs.status]}</span>
                </td>
                <td data-label="创建">{formatDateTime(rs.createdAt)}</td>
                <td data-label="发布">{formatDateTime(rs.publishedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
