/**
 * Assist playground (话术助手): anyone types as an agent in a short conversation and sees hints
 * appear (POST /assist/check and /assist/suggest, debounced), applies a standard phrase with one
 * click, and watches the response-time coach count down from the customer's last message.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/client';
import type { AssistContext, Channel, Coach, Problem, Suggestion, Turn } from '../api/types';
import { SlaClock } from '../components/SlaClock';
import { ErrorBox } from '../components/States';
import { applyReplacement, segmentText } from '../lib/highlight';
import { formatClock, TURN_ROLE_NAMES } from '../lib/format';
import { useAsync, useDebounced } from '../lib/useAsync';

const DEBOUNCE_MS = 250;

/** Customer openings to start a practice conversation from (the customer's words, typed by the trainer). */
const SITUATIONS: { label: string; text: string }[] = [
  { label: '查询物流', text: '我的快递三天没动了，怎么回事？' },
  { label: '客户致谢', text: '好的，谢谢你啊' },
  { label: '客户投诉', text: '我要投诉！你们乱扣费，已经扣了半年了！' },
  { label: '客户追问', text: '在吗？怎么还不回复？' },
];

interface Hints {
  draft: string;
  problems: Problem[];
  suggestions: Suggestion[];
  coach: Coach | undefined;
  /** When the coach numbers were computed (ms since epoch). */
  at: number;
}

function useHints(draft: string, context: AssistContext) {
  const debounced = useDebounced(draft, DEBOUNCE_MS);
  const [hints, setHints] = useState<Hints | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [pending, setPending] = useState(false);
  const contextKey = JSON.stringify(context);

  useEffect(() => {
    const controller = new AbortController();
    setPending(true);
    Promise.all([
      debounced.trim() ? api.assistCheck(debounced, context, controller.signal) : Promise.resolve({ problems: [] as Problem[], coach: undefined }),
      api.assistSuggest(context, debounced, controller.signal),
    ]).then(
      ([check, suggest]) => {
        setHints({ draft: debounced, problems: check.problems, suggestions: suggest.suggestions, coach: suggest.coach ?? check.coach, at: Date.now() });
        setError(undefined);
        setPending(false);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setError(err instanceof Error ? err : new Error(String(err)));
        setPending(false);
      },
    );
    return () => controller.abort();
  }, [debounced, contextKey]); // context is compared by value through contextKey

  return { hints, error, pending: pending || debounced !== draft };
}

function DraftPreview({ draft, problems }: { draft: string; problems: Problem[] }) {
  const segments = segmentText(
    draft,
    problems.map((p) => ({ start: p.start, end: p.end, value: p })),
  );
  return (
    <p className="draft-preview" aria-label="草稿中的问题位置">
      {segments.map((s) =>
        s.marks.length ? (
          <mark key={s.start} className={`evidence evidence-${s.marks.some((m) => m.severity === 'error') ? 'error' : 'warn'}`} title={s.marks.map((m) => m.message).join('；')}>
            {s.text}
          </mark>
        ) : (
          <span key={s.start}>{s.text}</span>
        ),
      )}
    </p>
  );
}

function ProblemList({ problems, stale, onApply }: { problems: Problem[]; stale: boolean; onApply: (p: Problem) => void }) {
  return (
    <ul className="hints" aria-label="草稿提示">
      {problems.map((p, i) => (
        <li key={`${p.ruleId}-${p.start}-${i}`} className={`hint hint-${p.severity}`}>
          <p className="hint-message">
            <strong>「{p.text}」</strong> {p.message}
          </p>
          {p.suggestion && <p className="suggestion">建议：{p.suggestion}</p>}
          {p.replacement && (
            <button type="button" className="btn btn-small btn-primary" disabled={stale} onClick={() => onApply(p)}>
              替换为「{p.replacement.text}」
            </button>
          )}
          <p className="muted hint-source">
            {p.ruleId}
            {p.source.file && ` · ${p.source.file}`}
            {p.source.quote && `：${p.source.quote}`}
            {p.source.kefuAddition && p.source.reason && ` · Kefu 补充：${p.source.reason}`}
          </p>
        </li>
      ))}
    </ul>
  );
}

function Coaching({ coach, at }: { coach: Coach; at: number }) {
  if (!coach.applicable || coach.seconds <= 0) return <p className="muted">没有等待回复的客户消息。</p>;
  return (
    <div className={`coach coach-${coach.level}`}>
      <SlaClock label="回复时限" dueAt={at + coach.remainingSeconds * 1000} windowSeconds={coach.limitSeconds} thresholds={{ warnFraction: 0.25, dueFraction: 0.1, warnMs: 15_000, dueMs: 5_000 }} />
      <p>{coach.message}</p>
    </div>
  );
}

export function AssistPage() {
  const presets = useAsync(api.presets, []);
  const [channel, setChannel] = useState<Channel>('chat');
  const [preset, setPreset] = useState('');
  const [turns, setTurns] = useState<Turn[]>([]);
  const [customerText, setCustomerText] = useState('');
  const [draft, setDraft] = useState('');
  const draftBox = useRef<HTMLTextAreaElement>(null);

  const context = useMemo<AssistContext>(() => ({ turns, channel, ...(preset ? { preset } : {}) }), [turns, channel, preset]);
  const { hints, error, pending } = useHints(draft, context);
  const stale = !hints || hints.draft !== draft;

  const addTurn = (role: Turn['role'], text: string) => {
    if (!text.trim()) return;
    setTurns((t) => [...t, { role, text: text.trim(), ts: new Date().toISOString() }]);
  };
  const apply = (p: Problem) => {
    if (!p.replacement || stale) return;
    setDraft(applyReplacement(draft, p.replacement));
    draftBox.current?.focus();
  };

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">话术助手</h1>
      <p className="muted">以客服身份输入回复，提示会随输入出现：服务禁语、礼貌用语、致歉、号码等，并给出可一键替换的标准话术。</p>
      <div className="assist-layout">
        <div className="panel assist-chat">
          <div className="assist-settings">
            <label className="field field-inline">
              <span>渠道</span>
              <select value={channel} onChange={(e) => setChannel(e.target.value as Channel)}>
                <option value="chat">在线</option>
                <option value="call">电话</option>
              </select>
            </label>
            <label className="field field-inline">
              <span>规范预设</span>
              <select value={preset} onChange={(e) => setPreset(e.target.value)}>
                <option value="">默认</option>
                {presets.state.data?.items.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
            {turns.length > 0 && (
              <button type="button" className="btn btn-small" onClick={() => setTurns([])}>
                清空对话
              </button>
            )}
          </div>

          {turns.length === 0 ? (
            <div className="situations">
              <p className="muted">先输入客户的话，或选一个情境：</p>
              <div className="button-row">
                {SITUATIONS.map((s) => (
                  <button key={s.label} type="button" className="btn btn-small" onClick={() => addTurn('customer', s.text)}>
                    {s.label}
                  </button>
                ))}
              </div>
            </div>
          ) : (
            <ol className="transcript transcript-compact" aria-label="对话上下文">
              {turns.map((t, i) => (
                <li key={i} className={`turn turn-${t.role}`}>
                  <div className="turn-meta">
                    <span className="turn-role">{TURN_ROLE_NAMES[t.role]}</span>
                    {t.ts && <time className="turn-time">{formatClock(t.ts)}</time>}
                  </div>
                  <div className="bubble">
                    <p className="turn-text">{t.text}</p>
                  </div>
                </li>
              ))}
            </ol>
          )}

          <form
            className="customer-input"
            onSubmit={(e) => {
              e.preventDefault();
              addTurn('customer', customerText);
              setCustomerText('');
            }}
          >
            <label className="field field-inline">
              <span>客户说</span>
              <input value={customerText} onChange={(e) => setCustomerText(e.target.value)} placeholder="输入客户消息后按 Enter" />
            </label>
            <button type="submit" className="btn btn-small" disabled={!customerText.trim()}>
              添加
            </button>
          </form>

          <form
            className="draft-form"
            onSubmit={(e) => {
              e.preventDefault();
              addTurn('agent', draft);
              setDraft('');
            }}
          >
            <label className="field">
              <span>客服回复（草稿）</span>
              <textarea
                ref={draftBox}
                className="draft-input"
                rows={4}
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                    e.preventDefault();
                    e.currentTarget.form?.requestSubmit();
                  }
                }}
                placeholder="在这里输入回复，Ctrl+Enter 发送"
              />
            </label>
            {draft && hints && !stale && hints.problems.length > 0 && <DraftPreview draft={draft} problems={hints.problems} />}
            <button type="submit" className="btn btn-primary" disabled={!draft.trim()}>
              发送
            </button>
          </form>
        </div>

        <aside className="panel assist-hints" aria-label="提示" aria-live="polite" aria-busy={pending}>
          {error && <ErrorBox error={error} />}
          <h2>草稿检查 {pending && <span className="muted">检查中…</span>}</h2>
          {!draft.trim() ? (
            <p className="muted">开始输入后，这里会显示问题和可替换的标准话术。</p>
          ) : hints && !stale && hints.problems.length === 0 ? (
            <p className="ok-line">没有发现问题 ✓</p>
          ) : (
            hints && <ProblemList problems={hints.problems} stale={stale} onApply={apply} />
          )}
          <h2>响应时效</h2>
          {hints?.coach ? <Coaching coach={hints.coach} at={hints.at} /> : <p className="muted">—</p>}
          <h2>推荐话术</h2>
          {hints && hints.suggestions.length > 0 ? (
            <ul className="suggestions">
              {hints.suggestions.map((s) => (
                <li key={s.id} className="suggestion-card">
                  <p>
                    <span className="tag">{s.situation}</span> <span className="muted">{s.reason}</span>
                  </p>
                  <p className="script">{s.say}</p>
                  <button type="button" className="btn btn-small" onClick={() => (setDraft(s.say), draftBox.current?.focus())}>
                    使用此话术
                  </button>
                  {s.source.file && (
                    <p className="muted hint-source">
                      {s.source.file}
                      {s.source.quote && `：${s.source.quote}`}
                    </p>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{turns.length ? '当前情境没有特别推荐的话术。' : '添加客户消息后显示。'}</p>
          )}
        </aside>
      </div>
    </section>
  );
}
