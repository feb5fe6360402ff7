/**
 * A tiny hash router: `#/conversations/abc?agentId=kf-1`. Hash routes need no server fallback and
 * never collide with API paths (`/conversations` is also an API route).
 */
import { useSyncExternalStore } from 'react';

export interface Location {
  /** Path without the leading `#`, always starting with `/`. */
  path: string;
  /** The query string without `?` (stable: use it as a dependency). */
  search: string;
  query: URLSearchParams;
}

export function parseHash(hash: string): Location {
  const raw = hash.replace(/^#/, '') || '/';
  const [pathPart = '/', queryPart = ''] = raw.split('?', 2);
  const path = pathPart.startsWith('/') ? pathPart : '/' + pathPart;
  return { path: path.length > 1 ? path.replace(/\/+$/, '') : path, search: queryPart, query: new URLSearchParams(queryPart) };
}

/** `#/path?query` from a path and defined, non-empty query values. */
export function href(path: string, query?: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const s = params.toString();
  return '#' + path + (s ? '?' + s : '');
}

export function navigate(target: string): void {
  window.location.hash = target.startsWith('#') ? target.slice(1) : target;
}

/**
 * Match `path` against a pattern with `:params` (`/conversations/:id`); returns the decoded
 * params or null.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(':')) {
      if (!g) return null;
      params[w.slice(1)] = decodeURIComponent(g);
    } else if (w !== g) return null;
  }
  return params;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The current location; re-renders on every hash change. */
export function useLocation(): Location {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash, () => '');
  return parseHash(hash);
}
