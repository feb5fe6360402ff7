/** One import: progress (polled while running) and every rejected record with line, field and reason. */
import { useEffect } from 'react';
import { api } from '../api/client';
import type { Import } from '../api/types';
import { ErrorBox, Loading } from '../components/States';
import { formatDateTime } from '../lib/format';
import { href } from '../lib/router';
import { useAsync } from '../lib/useAsync';

export const IMPORT_STATUS_NAMES: Record<Import['status'], string> = { running: '进行中', done: '已完成', failed: '失败' };
const POLL_MS = 1000;

function Progress({ value, max, label }: { value: number; max: number; label: string }) {
  return (
    <div className="progress-row">
      <span>{label}</span>
      <progress value={value} max={Math.max(max, 1)} aria-label={label} />
      <span>
        {value} / {max}
      </span>
    </div>
  );
}

export function ImportDetailPage({ id }: { id: string }) {
  const { state, reload } = useAsync(() => api.importStatus(id), [id]);
  const running = state.data?.import.status === 'running';

  useEffect(() => {
    if (!running || state.status === 'loading') return;
    const timer = window.setTimeout(reload, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [running, state, reload]);

  if (!state.data) return state.status === 'error' ? <ErrorBox error={state.error} onRetry={reload} /> : <Loading />;
  const { import: imp, errors } = state.data;
  const total = imp.accepted + imp.rejected + imp.duplicates;

  return (
    <section aria-labelledby="page-title">
      <p>
        <a href="#/imports">← 导入</a>
      </p>
      <h1 id="page-title">导入 {imp.fileName || imp.id}</h1>
      {state.status === 'error' && <ErrorBox error={state.error} onRetry={reload} />}
      <div className="panel import-status" aria-live="polite">
        <p>
          <span className={`tag tag-import-${imp.status}`}>{IMPORT_STATUS_NAMES[imp.status]}</span> 格式 {imp.format} · 开始于 {formatDateTime(imp.createdAt)}
          {imp.finishedAt && <> · 完成于 {formatDateTime(imp.finishedAt)}</>}
        </p>
        <dl className="facts">
          <div>
            <dt>已接收</dt>
            <dd className="import-accepted">{imp.accepted}</dd>
          </div>
          <div>
            <dt>已拒绝</dt>
            <dd className="import-rejected">{imp.rejected}</dd>
          </div>
          <div>
            <dt>重复</dt>
            <dd>{imp.duplicates}</dd>
          </div>
          <div>
            <dt>已质检</dt>
            <dd>{imp.inspected}</dd>
          </div>
        </dl>
        {total > 0 && <Progress label="质检进度" value={imp.inspected} max={imp.accepted} />}
        {imp.status === 'done' && imp.accepted > 0 && (
          <p className="button-row">
            <a className="btn btn-primary" href={href('/review', { mode: 'worst' })}>
              查看最低分会话
            </a>
            <a className="btn" href="#/">
              质检概览
            </a>
          </p>
        )}
      </div>
      <h2>被拒绝的记录 {errors.length}</h2>
      {errors.length === 0 ? (
        <p className="muted">{running ? '暂无' : '没有被拒绝的记录。'}</p>
      ) : (
        <table className="data-table responsive-table record-errors">
          <caption className="visually-hidden">被拒绝的记录</caption>
          <thead>
            <tr>
              <th scope="col">行</th>
              <th scope="col">会话</th>
              <th scope="col">字段</th>
              <th scope="col">原因</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e, i) => (
              <tr key={i}>
                <td data-label="行">{e.line ?? '—'}</td>
                <td data-label="会话">{e.conversationId ?? '—'}</td>
                <td data-label="字段">{e.field ? <code>{e.field}</code> : '—'}</td>
                <td data-label="原因">{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
