/** Upload a file of conversations (JSONL / JSON / CSV / call transcripts) and list recent imports. */
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { ImportFormat } from '../api/types';
import { useAuth } from '../app/auth';
import { NoResults, PagedList } from '../components/PagedList';
import { InlineError } from '../components/States';
import { formatDateTime } from '../lib/format';
import { href, navigate } from '../lib/router';
import { usePaged } from '../lib/usePaged';
import { useAction } from '../lib/useAsync';
import { IMPORT_STATUS_NAMES } from './ImportDetailPage';

const FORMATS: { value: ImportFormat; label: string }[] = [
  { value: 'jsonl', label: 'JSONL（每行一通会话）' },
  { value: 'json', label: 'JSON（会话数组）' },
  { value: 'csv', label: 'CSV（每行一句）' },
  { value: 'transcript', label: '通话转写文本 TXT' },
];

/** The format a file name suggests. */
export function formatFromName(name: string): ImportFormat | undefined {
  const ext = name.toLowerCase().split('.').pop();
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'json') return 'json';
  if (ext === 'csv') return 'csv';
  if (ext === 'txt') return 'transcript';
  return undefined;
}

function UploadForm() {
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat>('jsonl');
  const [channel, setChannel] = useState('');
  const { run, busy, error } = useAction(async (upload: File) => {
    const { import: created } = await api.uploadImport(upload, upload.name, format, channel || undefined);
    navigate(href('/imports/' + encodeURIComponent(created.id)));
  });

  const pick = (f: File | null) => {
    setFile(f);
    const guessed = f ? formatFromName(f.name) : undefined;
    if (guessed) setFormat(guessed);
    if (guessed === 'transcript') setChannel('call');
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) void run(file);
  };

  return (
    <form className="panel upload-form" onSubmit={submit} aria-labelledby="upload-title">
      <h2 id="upload-title">上传文件</h2>
      <label className="field">
        <span>文件（.jsonl / .json / .csv / .txt）</span>
        <input type="file" name="file" accept=".jsonl,.ndjson,.json,.csv,.txt" required onChange={(e) => pick(e.target.files?.[0] ?? null)} />
      </label>
      <label className="field">
        <span>格式</span>
        <select value={format} onChange={(e) => setFormat(e.target.value as ImportFormat)}>
          {FORMATS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>渠道（文件未注明时）</span>
        <select value={channel} onChange={(e) => setChannel(e.target.value)}>
          <option value="">按文件</option>
          <option value="chat">在线</option>
          <option value="call">电话</option>
        </select>
      </label>
      <p className="muted">导入后自动用已发布的规则集质检；同一会话 id 重复导入会被识别为重复。</p>
      <button type="submit" className="btn btn-primary" disabled={!file || busy}>
        {busy ? '上传中…' : '开始导入'}
      </button>
      <InlineError error={error} />
    </form>
  );
}

export function ImportPage() {
  const { can } = useAuth();
  const { state, loadMore, reload } = usePaged((cursor) => api.imports({ cursor, limit: 20 }), []);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">导入会话</h1>
      {can('conversations:import') ? <UploadForm /> : <p className="note">你的角色不能导入会话。</p>}
      <h2>最近的导入</h2>
      <PagedList state={state} onMore={loadMore} onRetry={reload} empty={<NoResults title="还没有导入记录" />}>
        {(items) => (
          <table className="data-table responsive-table">
            <caption className="visually-hidden">导入记录</caption>
            <thead>
              <tr>
                <th scope="col">文件</th>
                <th scope="col">状态</th>
                <th scope="col">接收</th>
                <th scope="col">拒绝</th>
                <th scope="col">重复</th>
                <th scope="col">时间</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id}>
                  <td data-label="文件">
                    <a href={href('/imports/' + encodeURIComponent(i.id))}>{i.fileName || i.id}</a>
                  </td>
                  <td data-label="状态">{IMPORT_STATUS_NAMES[i.status]}</td>
                  <td data-label="接收">{i.accepted}</td>
                  <td data-label="拒绝">{i.rejected}</td>
                  <td data-label="重复">{i.duplicates}</td>
                  <td data-label="时间">{formatDateTime(i.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedList>
    </section>
  );
}
