/**
 * The API client: one function per route of docs/api.md. Requests carry the session cookie
 * (same origin); errors become `ApiError` with the server's own message, and a 401 anywhere
 * notifies the app (which then shows the login page).
 */
import type {
  Appeal,
  AssistContext,
  Coach,
  ConversationDetail,
  ConversationQuery,
  ConversationSummary,
  Decision,
  DryRun,
  Import,
  ImportFormat,
  Inspection,
  Me,
  Overview,
  OverviewFilters,
  Page,
  PresetInfo,
  Problem,
  QueueMode,
  RecordError,
  RuleInfo,
  RuleSet,
  Suggestion,
  User,
  Validation,
} from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called whenever the server answers 401 (session missing or expired). Returns an unsubscribe. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/**
 * CSRF protection of cookie sessions: state-changing requests echo the `kefu_csrf` token in the
 * `X-CSRF-Token` header. The server sends it with login and /auth/me, and as a readable cookie.
 */
let csrfToken: string | undefined;

function currentCsrf(): string | undefined {
  if (csrfToken) return csrfToken;
  const match = /(?:^|;\s*)kefu_csrf=([^;]+)/.exec(typeof document === 'undefined' ? '' : document.cookie);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

function rememberCsrf(body: unknown): void {
  if (body && typeof body === 'object' && typeof (body as { csrfToken?: unknown }).csrfToken === 'string') {
    csrfToken = (body as { csrfToken: string }).csrfToken;
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

/** `?a=1&b=x` from the defined, non-empty values. */
export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

interface RequestOptions {
  method?: string;
  query?: Query;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

async function errorFrom(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string; details?: unknown }; message?: string };
    const message = body.error?.message ?? body.message;
    if (message) return new ApiError(response.status, body.error?.code ?? 'error', message, body.error?.details);
  } catch {
    // not JSON: fall through to the status line
  }
  return new ApiError(response.status, 'http_' + response.status, `${response.status} ${response.statusText || '请求失败'}`.trim());
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const method = options.method ?? (body === undefined ? 'GET' : 'POST');
  // CSRF (docs/security.md): state changes echo the kefu_csrf token in X-CSRF-Token.
  const csrf = method === 'GET' || method === 'HEAD' ? undefined : currentCsrf();
  if (csrf) headers['X-CSRF-Token'] = csrf;
  let response: Response;
  try {
    response = await fetch(path + queryString(options.query), {
      method,
      headers,
      body: body ?? null,
      credentials: 'same-origin',
      signal: options.signal ?? null,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络或服务是否运行');
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (response.status === 401 && !path.startsWith('/auth/')) unauthorizedListeners.forEach((l) => l());
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const result = (await response.json()) as T;
  if (path.startsWith('/auth/')) rememberCsrf(result);
  return result;
}

const post = <T>(path: string, json: unknown = {}) => request<T>(path, { method: 'POST', json });

/** Rule-set routes answer with the set itself or wrapped as `{ruleSet}`: accept both. */
async function ruleSetFrom(pending: Promise<RuleSet | { ruleSet: RuleSet }>): Promise<RuleSet> {
  const body = await pending;
  return 'ruleSet' in body ? body.ruleSet : body;
}

export const api = {
  rules: () => request<{ items: RuleInfo[] }>('/meta/rules'),
  presets: () => request<{ items: PresetInfo[] }>('/meta/presets'),

  me: () => request<Me>('/auth/me'),
  login: (username: string, password: string) => post<{ user: User }>('/auth/login', { username, password }),
  logout: () =>
    post<unknown>('/auth/logout').finally(() => {
      csrfToken = undefined;
    }),

  uploadImport(file: Blob, fileName: string, format: ImportFormat, channel: string | undefined) {
    const form = new FormData();
    form.append('file', file, fileName);
    return request<{ import: Import }>('/imports', { method: 'POST', query: { format, channel }, body: form });
  },
  imports: (query?: Query) => request<Page<Import>>('/imports', { query }),
  importStatus: (id: string) => request<{ import: Import; errors: RecordError[] }>(`/imports/${encodeURIComponent(id)}`),

  conversations: (query: ConversationQuery) => request<Page<ConversationSummary>>('/conversations', { query: { ...query } }),
  conversation: (id: string) => request<ConversationDetail>(`/conversations/${encodeURIComponent(id)}`),
  reviewQueue: (mode: QueueMode, query: Query) => request<Page<ConversationSummary>>('/review-queue', { query: { mode, ...query } }),

  reviewFinding: (findingId: string, decision: 'confirm' | 'reject', comment: string) =>
    post<{ inspection: Inspection }>(`/findings/${encodeURIComponent(findingId)}/review`, { decision, comment: comment || undefined }),
  addManualItem: (inspectionId: string, item: { dimensionId: string; points: number; reason: string }) =>
    post<{ inspection: Inspection }>(`/inspections/${encodeURIComponent(inspectionId)}/manual-items`, item),
  completeReview: (inspectionId: string) => post<unknown>(`/inspections/${encodeURIComponent(inspectionId)}/complete-review`),

  appeal: (findingId: string, reason: string) => post<{ appeal: Appeal }>(`/findings/${encodeURIComponent(findingId)}/appeals`, { reason }),
  decideAppeal: (appealId: string, decision: Decision, comment: string) =>
    post<{ appeal: Appeal }>(`/appeals/${encodeURIComponent(appealId)}/decision`, { decision, comment }),
  finalAppeal: (appealId: string, decision: Decision, comment: string) =>
    post<{ appeal: Appeal }>(`/appeals/${encodeURIComponent(appealId)}/final`, { decision, comment }),
  appeals: (query: Query) => request<Page<Appeal>>('/appeals', { query }),

  ruleSets: () => request<Page<RuleSet>>('/rule-sets', { query: { limit: 500 } }),
  ruleSet: (id: string) => ruleSetFrom(request(`/rule-sets/${encodeURIComponent(id)}`)),
  createRuleSet: (name: string, config: unknown) => ruleSetFrom(post('/rule-sets', { name, config })),
  updateRuleSet: (id: string, name: string, config: unknown) =>
    ruleSetFrom(request(`/rule-sets/${encodeURIComponent(id)}`, { method: 'PUT', json: { name, config } })),
  validateRuleSet: (id: string) => post<Validation>(`/rule-sets/${encodeURIComponent(id)}/validate`),
  dryRunRuleSet: (id: string, limit: number) => post<DryRun>(`/rule-sets/${encodeURIComponent(id)}/dry-run`, { limit }),
  publishRuleSet: (id: string) => ruleSetFrom(post(`/rule-sets/${encodeURIComponent(id)}/publish`)),

  overview: (filters: OverviewFilters) => request<Overview>('/stats/overview', { query: { ...filters } }),

  assistCheck: (draft: string, context: AssistContext, signal?: AbortSignal) =>
    request<{ problems: Problem[]; coach?: Coach }>('/assist/check', { method: 'POST', json: { draft, context }, ...(signal ? { signal } : {}) }),
  assistSuggest: (context: AssistContext, draft: string, signal?: AbortSignal) =>
    request<{ suggestions: Suggestion[]; coach?: Coach }>('/assist/suggest', { method: 'POST', json: { context, draft }, ...(signal ? { signal } : {}) }),

  /** Routes of later issues: the page asks, and shows "coming soon" while the server answers 404. */
  probe: (path: string) => request<unknown>(path, { query: { limit: 1 } }),
};
