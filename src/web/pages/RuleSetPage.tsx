/**
 * Edit a rule-set draft: its config as JSON or YAML text, per-rule severity toggles, then save,
 * validate, dry-run (score impact against the published version) and publish. Publishing is
 * offered once the saved draft has been dry-run, so nobody publishes blind.
 */
import { useMemo, useState } from 'react';
import { api } from '../api/client';
import type { DryRun, PresetInfo, RuleSet, RuleSetting, Validation } from '../api/types';
import { useAuth } from '../app/auth';
import { DryRunResult } from '../components/DryRunResult';
import { SeverityToggles } from '../components/SeverityToggles';
import { ErrorBox, InlineError, Loading } from '../components/States';
import { formatDateTime } from '../lib/format';
import { useRuleInfo } from '../lib/rules';
import { parseConfig, stringifyConfig, type ConfigFormat } from '../lib/configText';
import { entrySetting, withRuleSetting, type Config } from '../lib/ruleSetConfig';
import { href, navigate } from '../lib/router';
import { useAsync } from '../lib/useAsync';
import { RULE_SET_STATUS_NAMES } from './RuleSetsPage';

function inheritedSettings(config: Config, presets: PresetInfo[]): Record<string, RuleSetting | undefined> {
  const names = config.extends === undefined ? [] : Array.isArray(config.extends) ? config.extends : [config.extends];
  const out: Record<string, RuleSetting | undefined> = {};
  for (const name of names) {
    const preset = presets.find((p) => p.name === name);
    for (const [id, entry] of Object.entries(preset?.rules ?? {})) out[id] = entrySetting(entry);
  }
  return out;
}

function Editor({ initial, onSaved }: { initial: RuleSet; onSaved: (rs: RuleSet) => void }) {
  const { can } = useAuth();
  const rules = useRuleInfo();
  const presets = useAsync(api.presets, []);
  const [name, setName] = useState(initial.name);
  const [format, setFormat] = useState<ConfigFormat>('yaml');
  const [config, setConfig] = useState<Config>(initial.config as Config);
  const [text, setText] = useState(() => stringifyConfig(initial.config as Config, 'yaml'));
  const [parseError, setParseError] = useState<string | undefined>();
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [validation, setValidation] = useState<Validation | undefined>();
  const [dryRun, setDryRun] = useState<DryRun | undefined>();
  const [limit, setLimit] = useState(500);
  const writable = can('rulesets:write');

  const inherited = useMemo(() => inheritedSettings(config, presets.state.data?.items ?? []), [config, presets.state.data]);
  const explicit = useMemo(() => Object.fromEntries(Object.entries(config.rules ?? {}).map(([id, e]) => [id, entrySetting(e)])), [config]);
  const ruleList = useMemo(() => [...rules.values()], [rules]);

  const changed = () => {
    setDirty(true);
    setValidation(undefined);
    setDryRun(undefined);
  };
  const editText = (value: string) => {
    setText(value);
    const parsed = parseConfig(value);
    if ('error' in parsed) setParseError(parsed.error);
    else {
      setParseError(undefined);
      setConfig(parsed.config);
    }
    changed();
  };
  const toggle = (ruleId: string, setting: RuleSetting | undefined) => {
    const next = withRuleSetting(config, ruleId, setting);
    setConfig(next);
    setText(stringifyConfig(next, format));
    setParseError(undefined);
    changed();
  };
  const switchFormat = (f: ConfigFormat) => {
    setFormat(f);
    if (!parseError) setText(stringifyConfig(config, f));
  };

  /** Save if needed; returns the id of the saved draft (a published set gets a new draft version). */
  const save = async (): Promise<string> => {
    if (!dirty && initial.status === 'draft') return initial.id;
    const saved = await api.updateRuleSet(initial.id, name.trim(), config);
    setDirty(false);
    onSaved(saved);
    return saved.id;
  };
  const act = (label: string, action: () => Promise<void>) => async () => {
    if (parseError) {
      setError(new Error('配置文本有语法错误，请先修正'));
      return;
    }
    setBusy(label);
    setError(undefined);
    try {
      await action();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(undefined);
    }
  };

  const onSave = act('保存', async () => {
    await save();
  });
  const onValidate = act('校验', async () => setValidation(await api.validateRuleSet(await save())));
  const onDryRun = act('试运行', async () => setDryRun(await api.dryRunRuleSet(await save(), limit)));
  const onPublish = act('发布', async () => {
    const published = await api.publishRuleSet(await save());
    setDryRun(undefined);
    onSaved(published);
  });

  return (
    <>
      <div className="panel rule-set-meta">
        <label className="field">
          <span>名称</span>
          <input value={name} disabled={!writable} onChange={(e) => (setName(e.target.value), changed())} />
        </label>
        <p className="muted">
          v{initial.version} · <span className={`tag tag-set-${initial.status}`}>{RULE_SET_STATUS_NAMES[initial.status]}</span> · 创建于 {formatDateTime(initial.createdAt)}
          {initial.publishedAt && <> · 发布于 {formatDateTime(initial.publishedAt)}</>}
        </p>
        {initial.status !== 'draft' && writable && <p className="note">这是已发布的版本：保存修改会生成新的草稿版本，不影响当前质检。</p>}
      </div>

      <div className="rule-set-layout">
        <section className="panel" aria-labelledby="config-title">
          <div className="page-head">
            <h2 id="config-title">配置</h2>
            <div className="segmented" role="group" aria-label="文本格式">
              {(['yaml', 'json'] as const).map((f) => (
                <button key={f} type="button" className="btn btn-small" aria-pressed={format === f} onClick={() => switchFormat(f)}>
                  {f.toUpperCase()}
                </button>
              ))}
            </div>
          </div>
          <label className="field">
            <span className="visually-hidden">规则集配置（{format.toUpperCase()}）</span>
            <textarea className="code" rows={18} spellCheck={false} value={text} readOnly={!writable} onChange={(e) => editText(e.target.value)} aria-invalid={parseError ? true : undefined} />
          </label>
          {parseError && (
            <p className="inline-error" role="alert">
              语法错误：{parseError}
            </p>
          )}
        </section>
        <section className="panel" aria-labelledby="toggles-title">
          <h2 id="toggles-title">规则开关与级别</h2>
          {rules.size === 0 ? <Loading label="加载规则…" /> : <SeverityToggles rules={ruleList} explicit={explicit} inherited={inherited} disabled={!writable || !!parseError} onChange={toggle} />}
        </section>
      </div>

      {writable && (
        <div className="action-bar">
          <button type="button" className="btn" onClick={onSave} disabled={!!busy || !dirty}>
            {busy === '保存' ? '保存中…' : dirty ? '保存草稿' : '已保存'}
          </button>
          <button type="button" className="btn" onClick={onValidate} disabled={!!busy}>
            {busy === '校验' ? '校验中…' : '校验'}
          </button>
          <label className="field field-inline">
            <span>试运行会话数</span>
            <input type="number" min={1} max={5000} value={limit} onChange={(e) => setLimit(Number(e.target.value))} />
          </label>
          <button type="button" className="btn" onClick={onDryRun} disabled={!!busy}>
            {busy === '试运行' ? '试运行中…' : '试运行'}
          </button>
          {can('rulesets:publish') && (
            <button type="button" className="btn btn-primary" onClick={onPublish} disabled={!!busy || !dryRun || dirty} title={dryRun ? undefined : '请先试运行，查看得分影响'}>
              {busy === '发布' ? '发布中…' : '发布'}
            </button>
          )}
          {!dryRun && can('rulesets:publish') && <span className="muted">发布前请先试运行，查看得分影响。</span>}
        </div>
      )}
      <InlineError error={error} />
      {validation && (
        <div className={validation.valid ? 'note note-ok' : 'note note-error'} role="status">
          {validation.valid ? '校验通过' : '校验未通过：'}
          {validation.errors.length > 0 && (
            <ul>
              {validation.errors.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {dryRun && <DryRunResult result={dryRun} rules={rules} />}
    </>
  );
}

export function RuleSetPage({ id }: { id: string }) {
  const { state, reload, setData } = useAsync(() => api.ruleSet(id), [id]);
  const onSaved = (rs: RuleSet) => {
    if (rs.id !== id) navigate(href('/rule-sets/' + encodeURIComponent(rs.id)));
    else setData(rs);
  };
  return (
    <section aria-labelledby="page-title">
      <p>
        <a href="#/rule-sets">← 规则集</a>
      </p>
      <h1 id="page-title">规则集 {state.data?.name ?? ''}</h1>
      {state.status === 'loading' && !state.data && <Loading />}
      {state.status === 'error' && <ErrorBox error={state.error} onRetry={reload} />}
      {state.data && <Editor key={`${state.data.id}-${state.data.version}-${state.data.status}`} initial={state.data} onSaved={onSaved} />}
    </section>
  );
}
