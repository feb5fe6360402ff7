/** A paginated list (`{items, nextCursor, total}`) with "load more" that follows the cursor. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../api/types';

export interface PagedState<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
  loading: boolean;
  error: Error | undefined;
  /** True until the first page has arrived. */
  initial: boolean;
}

export function usePaged<T>(load: (cursor: string | undefined) => Promise<Page<T>>, deps: readonly unknown[]) {
  const [state, setState] = useState<PagedState<T>>({ items: [], total: 0, nextCursor: null, loading: true, error: undefined, initial: true });
  const generation = useRef(0);
  const loader = useRef(load);
  loader.current = load;

  const fetchPage = useCallback((cursor: string | undefined, append: boolean) => {
    const mine = append ? generation.current : ++generation.current;
    setState((s) => ({ ...s, loading: true, error: undefined, ...(append ? {} : { initial: true }) }));
    loader.current(cursor).then(
      (page) => {
        if (mine !== generation.current) return;
        setState((s) => ({
          items: append ? [...s.items, ...page.items] : page.items,
          total: page.total,
          nextCursor: page.nextCursor,
          loading: false,
          error: undefined,
          initial: false,
        }));
      },
      (err: unknown) => {
        if (mine !== generation.current) return;
        setState((s) => ({ ...s, loading: false, error: err instanceof Error ? err : new Error(String(err)) }));
      },
    );
  }, []);

  useEffect(() => {
    fetchPage(undefined, false);
  }, deps);

  return {
    state,
    loadMore: () => state.nextCursor && fetchPage(state.nextCursor, true),
    reload: () => fetchPage(undefined, false),
  };
}
