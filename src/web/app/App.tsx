/** The shell: skip link, header with navigation (a menu button at phone width), routed pages. */
import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { AuthProvider, useAuth } from './auth';
import { matchPath, useLocation } from '../lib/router';
import { ErrorBox, Loading } from '../components/States';
import { USER_ROLE_NAMES } from '../lib/format';
import { LoginPage } from '../pages/LoginPage';
import { ConversationsPage } from '../pages/ConversationsPage';
import { ConversationPage } from '../pages/ConversationPage';
import { ReviewQueuePage } from '../pages/ReviewQueuePage';
import { AppealsPage } from '../pages/AppealsPage';
import { RulesPage } from '../pages/RulesPage';
import { RuleSetsPage } from '../pages/RuleSetsPage';
import { DeclarativeRulePage } from '../pages/DeclarativeRulePage';
import { ImportPage } from '../pages/ImportPage';
import { ImportDetailPage } from '../pages/ImportDetailPage';
import { AssistPage } from '../pages/AssistPage';
import { LaterFeaturePage } from '../pages/LaterFeaturePage';

// Pages with charts (ECharts) or the YAML editor load on demand, keeping the first load small.
const OverviewPage = lazy(() => import('../pages/OverviewPage').then((m) => ({ default: m.OverviewPage })));
const RuleSetPage = lazy(() => import('../pages/RuleSetPage').then((m) => ({ default: m.RuleSetPage })));
const ComponentsPage = lazy(() => import('../pages/ComponentsPage').then((m) => ({ default: m.ComponentsPage })));

interface NavItem {
  path: string;
  label: string;
}

const NAV: NavItem[] = [
  { path: '/', label: '质检概览' },
  { path: '/review', label: '复核队列' },
  { path: '/conversations', label: '会话' },
  { path: '/appeals', label: '申诉' },
  { path: '/rules', label: '规则库' },
  { path: '/rule-sets', label: '规则集' },
  { path: '/imports', label: '导入' },
  { path: '/assist', label: '话术助手' },
  { path: '/tickets', label: '工单' },
  { path: '/kpis', label: '指标' },
  { path: '/staffing', label: '排班' },
];

type Route = [pattern: string, render: (params: Record<string, string>) => ReactNode];

const ROUTES: Route[] = [
  ['/', () => <OverviewPage />],
  ['/review', () => <ReviewQueuePage />],
  ['/conversations', () => <ConversationsPage />],
  ['/conversations/:id', (p) => <ConversationPage id={p.id!} />],
  ['/appeals', () => <AppealsPage />],
  ['/rules', () => <RulesPage />],
  ['/rules/new', () => <DeclarativeRulePage />],
  ['/rule-sets', () => <RuleSetsPage />],
  ['/rule-sets/:id', (p) => <RuleSetPage id={p.id!} />],
  ['/imports', () => <ImportPage />],
  ['/imports/:id', (p) => <ImportDetailPage id={p.id!} />],
  ['/assist', () => <AssistPage />],
  ['/tickets', () => <LaterFeaturePage feature="tickets" />],
  ['/kpis', () => <LaterFeaturePage feature="kpis" />],
  ['/staffing', () => <LaterFeaturePage feature="staffing" />],
  ['/dev/components', () => <ComponentsPage />],
];

function isActive(item: NavItem, path: string): boolean {
  return item.path === '/' ? path === '/' : path === item.path || path.startsWith(item.path + '/');
}

function Header({ path }: { path: string }) {
  const { state, logout } = useAuth();
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  useEffect(() => setOpen(false), [path]);
  return (
    <header
      className="app-header"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false);
          toggle.current?.focus();
        }
      }}
    >
      <div className="brand">
        <a href="#/" className="brand-link">
          Kefu <span className="brand-sub">客服质检</span>
        </a>
        <button ref={toggle} type="button" className="btn menu-toggle" aria-expanded={open} aria-controls="main-nav" onClick={() => setOpen((o) => !o)}>
          {open ? '关闭菜单' : '菜单'}
        </button>
      </div>
      <nav id="main-nav" className={open ? 'main-nav open' : 'main-nav'} aria-label="主导航">
        <ul>
          {NAV.map((item) => (
            <li key={item.path}>
              <a href={'#' + item.path} aria-current={isActive(item, path) ? 'page' : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {state.status === 'signed-in' && (
        <div className="user-box">
          <span>
            {state.user.displayName || state.user.username} · {USER_ROLE_NAMES[state.user.role] ?? state.user.role}
          </span>
          <button type="button" className="btn btn-small" onClick={() => void logout()}>
            退出
          </button>
        </div>
      )}
    </header>
  );
}

function Routed({ path }: { path: string }) {
  for (const [pattern, render] of ROUTES) {
    const params = matchPath(pattern, path);
    if (params) return <>{render(params)}</>;
  }
  return (
    <section>
      <h1>页面不存在</h1>
      <p>
        没有 <code>{path}</code> 这个页面。<a href="#/">返回质检概览</a>
      </p>
    </section>
  );
}

function Shell() {
  const { state, recheck } = useAuth();
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    // Move focus to the new page for keyboard and screen-reader users (not on the first load).
    if (first.current) first.current = false;
    else main.current?.focus();
    window.scrollTo(0, 0);
  }, [path]);

  if (state.status === 'checking') return <Loading label="正在连接 Kefu…" />;
  if (state.status === 'signed-out') return <LoginPage />;
  if (state.status === 'error') return <ErrorBox error={state.error} onRetry={recheck} />;
  return (
    <>
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), main.current?.focus())}>
        跳到主要内容
      </a>
      <Header path={path} />
      <main id="main" ref={main} tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Routed path={path} />
        </Suspense>
      </main>
    </>
  );
}

export function App() {
  return (
    <AuthProvider>
      <Shell />
    </AuthProvider>
  );
}
