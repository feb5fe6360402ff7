/** Loading, empty, error and "coming soon" states, used by every page. */
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';

export function Loading({ label = '加载中…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children}
    </div>
  );
}

/** An error with the server's message (and code), plus an optional retry. */
export function ErrorBox({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">出错了：{error.message}</p>
      {code && code !== 'error' && <p className="muted">错误代码 {code}</p>}
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          重试
        </button>
      )}
    </div>
  );
}

/** Inline error under a form or button. */
export function InlineError({ error }: { error: Error | undefined }) {
  if (!error) return null;
  return (
    <p className="inline-error" role="alert">
      {error.message}
    </p>
  );
}

export function ComingSoon({ title, description }: { title: string; description: string }) {
  return (
    <div className="state state-soon">
      <p className="state-title">{title} · 即将推出</p>
      <p>{description}</p>
      <p className="muted">Coming in a later release: the server does not offer this API yet.</p>
    </div>
  );
}
