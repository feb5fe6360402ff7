/** Sign in (POST /auth/login); the session cookie is set by the server. */
import { useState, type FormEvent } from 'react';
import { useAuth } from '../app/auth';
import { InlineError } from '../components/States';
import { useAction } from '../lib/useAsync';

export function LoginPage() {
  const { login } = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { run, busy, error } = useAction(login);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(username, password);
  };

  return (
    <main id="main" className="login-page">
      <form className="panel login-form" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">
          Kefu <span className="brand-sub">客服质检</span>
        </h1>
        <p className="muted">请登录后继续</p>
        <label className="field">
          <span>用户名</span>
          <input name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
        </label>
        <label className="field">
          <span>密码</span>
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <InlineError error={error} />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? '登录中…' : '登录'}
        </button>
      </form>
    </main>
  );
}
