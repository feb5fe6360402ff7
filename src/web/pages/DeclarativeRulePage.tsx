/**
 * Write a declarative rule in a form (keywords any/all, role, position, detect/require, message,
 * citation); the JSON spec appears beside it and can be added to a draft rule set.
 */
import { useMemo, useState } from 'react';
import { api } from '../api/client';
import { useAuth } from '../app/auth';
import { InlineError } from '../components/States';
import { buildSpec, CATEGORY_OPTIONS, EMPTY_FORM, formProblems, ROLE_OPTIONS, type DeclarativeForm } from '../lib/declarative';
import { CHANNEL_NAMES } from '../lib/format';
import { href, navigate } from '../lib/router';
import { withDeclarativeRule, type Config } from '../lib/ruleSetConfig';
import { useAction, useAsync } from '../lib/useAsync';

function AddToRuleSet({ spec, ready }: { spec: Record<string, unknown>; ready: boolean }) {
  const sets = useAsync(api.ruleSets, []);
  const drafts = (sets.state.data?.items ?? []).filter((s) => s.status === 'draft');
  const [target, setTarget] = useState('');
  const { run: add, busy, error } = useAction(async () => {
    const set = drafts.find((s) => s.id === target);
    if (!set) return;
    const saved = await api.updateRuleSet(set.id, set.name, withDeclarativeRule(set.config as Config, spec));
    navigate(href('/rule-sets/' + encodeURIComponent(saved.id)));
  });
  return (
    <div className="add-to-set">
      <label className="field">
        <span>加入规则集草稿</span>
        <select value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="">{drafts.length ? '选择草稿…' : '没有草稿：先在“规则集”新建'}</option>
          {drafts.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} v{s.version}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn btn-primary" disabled={!ready || !target || busy} onClick={() => void add()}>
        加入并打开草稿
      </button>
      <InlineError error={error ?? (sets.state.status === 'error' ? sets.state.error : undefined)} />
    </div>
  );
}

export function DeclarativeRulePage() {
  const { can } = useAuth();
  const [form, setForm] = useState<DeclarativeForm>(EMPTY_FORM);
  const spec = useMemo(() => buildSpec(form), [form]);
  const problems = formProblems(form);
  const json = JSON.stringify(spec, null, 2);
  const [copied, setCopied] = useState(false);

  const set =
    <K extends keyof DeclarativeForm>(key: K) =>
    (value: DeclarativeForm[K]) =>
      setForm((f) => ({ ...f, [key]: value }));
  const text = (key: 'id' | 'description' | 'message' | 'suggestion' | 'sourceFile' | 'sourceQuote' | 'kefuAddition' | 'keywords' | 'exclude') => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => set(key)(e.target.value),
  });
  const toggleChannel = (channel: string) =>
    set('channels')(form.channels.includes(channel) ? form.channels.filter((c) => c !== channel) : [...form.channels, channel]);

  return (
    <section aria-labelledby="page-title">
      <p>
        <a href="#/rules">← 规则库</a>
      </p>
      <h1 id="page-title">编写声明式规则</h1>
      <div className="declarative-layout">
        <form className="panel declarative-form" onSubmit={(e) => e.preventDefault()} aria-label="规则内容">
          <fieldset>
            <legend>基本信息</legend>
            <label className="field">
              <span>规则 id</span>
              <input {...text('id')} placeholder="例：org/no-unknown-answer" />
            </label>
            <label className="field">
              <span>规则说明</span>
              <input {...text('description')} placeholder="例：禁止以“不知道”答复客户" />
            </label>
            <label className="field">
              <span>分类</span>
              <select value={form.category} onChange={(e) => set('category')(e.target.value)}>
                {CATEGORY_OPTIONS.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>
            <div className="field" role="radiogroup" aria-label="级别">
              <span>级别</span>
              <div className="segmented">
                {(['warn', 'error'] as const).map((s) => (
                  <label key={s} className={`segment segment-${s}`}>
                    <input type="radio" name="severity" checked={form.severity === s} onChange={() => set('severity')(s)} />
                    <span>{s === 'warn' ? '提醒' : '严重'}</span>
                  </label>
                ))}
              </div>
            </div>
            <div className="field">
              <span>适用渠道（不选为全部）</span>
              <div className="checks">
                {Object.entries(CHANNEL_NAMES).map(([value, label]) => (
                  <label key={value}>
                    <input type="checkbox" checked={form.channels.includes(value)} onChange={() => toggleChannel(value)} /> {label}
                  </label>
                ))}
              </div>
            </div>
          </fieldset>
          <fieldset>
            <legend>条件</legend>
            <div className="field" role="radiogroup" aria-label="判定方式">
              <span>判定方式</span>
              <label>
                <input type="radio" name="mode" checked={form.mode === 'detect'} onChange={() => set('mode')('detect')} /> 出现即违规（detect）
              </label>
              <label>
                <input type="radio" name="mode" checked={form.mode === 'require'} onChange={() => set('mode')('require')} /> 必须出现，缺少即违规（require）
              </label>
            </div>
            <label className="field">
              <span>说话人</span>
              <select value={form.role} onChange={(e) => set('role')(e.target.value)}>
                {ROLE_OPTIONS.map((r) => (
                  <option key={r.value} value={r.value}>
                    {r.label}
                  </option>
                ))}
              </select>
            </label>
            <div className="field">
              <span>位置</span>
              <div className="position-row">
                <select value={form.position} onChange={(e) => set('position')(e.target.value as DeclarativeForm['position'])} aria-label="位置">
                  <option value="all">整通会话</option>
                  <option value="first">前 N 句</option>
                  <option value="last">后 N 句</option>
                </select>
                {form.position !== 'all' && (
                  <input type="number" min={1} value={form.positionCount} onChange={(e) => set('positionCount')(Number(e.target.value))} aria-label="句数 N" />
                )}
              </div>
            </div>
            <div className="field" role="radiogroup" aria-label="关键词匹配">
              <span>关键词匹配</span>
              <label>
                <input type="radio" name="match" checked={form.match === 'any'} onChange={() => set('match')('any')} /> 任一出现（any）
              </label>
              <label>
                <input type="radio" name="match" checked={form.match === 'all'} onChange={() => set('match')('all')} /> 全部出现在同一句（all）
              </label>
            </div>
            <label className="field">
              <span>关键词（每行一个；同义词写在一行，用 | 分隔）</span>
              <textarea rows={3} {...text('keywords')} placeholder={'例：\n不知道|不清楚\n不行的哦'} />
            </label>
            <label className="field">
              <span>排除（命中处含这些短语则不算）</span>
              <textarea rows={2} {...text('exclude')} placeholder="例：如果重启后依然不行" />
            </label>
          </fieldset>
          <fieldset>
            <legend>提示与出处</legend>
            <label className="field">
              <span>违规提示</span>
              <input {...text('message')} placeholder="例：不能以“不知道”答复客户" />
            </label>
            <label className="field">
              <span>建议话术（可选）</span>
              <input {...text('suggestion')} placeholder="例：对不起，我不太清楚，但我可以帮您问一问" />
            </label>
            <label className="field">
              <span>规范文件</span>
              <input {...text('sourceFile')} placeholder="例：001-服务规范.md" />
            </label>
            <label className="field">
              <span>规范原文</span>
              <textarea rows={2} {...text('sourceQuote')} />
            </label>
            <label className="field">
              <span>或：本组织补充的理由</span>
              <input {...text('kefuAddition')} />
            </label>
          </fieldset>
        </form>
        <div className="panel spec-preview">
          <h2>规则 JSON</h2>
          <pre className="code" tabIndex={0} aria-label="生成的规则 JSON">
            {json}
          </pre>
          {problems.length > 0 && (
            <ul className="problems" aria-label="尚需填写">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          <div className="button-row">
            <button
              type="button"
              className="btn"
              onClick={() => void navigator.clipboard?.writeText(json).then(() => setCopied(true), () => setCopied(false))}
            >
              {copied ? '已复制' : '复制 JSON'}
            </button>
          </div>
          {can('rulesets:write') && <AddToRuleSet spec={spec} ready={problems.length === 0} />}
        </div>
      </div>
    </section>
  );
}
