/** Loading / error / empty / "load more" around a paginated list. */
import type { ReactNode } from 'react';
import type { PagedState } from '../lib/usePaged';
import { Empty, ErrorBox, Loading } from './States';

export function PagedList<T>({
  state,
  onMore,
  onRetry,
  empty,
  children,
}: {
  state: PagedState<T>;
  onMore: () => void;
  onRetry: () => void;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  if (state.initial && state.loading) return <Loading />;
  if (state.initial && state.error) return <ErrorBox error={state.error} onRetry={onRetry} />;
  if (state.items.length === 0) return <>{empty}</>;
  return (
    <>
      <p className="muted list-count">
        共 {state.total} 条，已显示 {state.items.length} 条
      </p>
      {children(state.items)}
      {state.error && <ErrorBox error={state.error} onRetry={onMore} />}
      {state.nextCursor && (
        <button type="button" className="btn load-more" onClick={onMore} disabled={state.loading}>
          {state.loading ? '加载中…' : '加载更多'}
        </button>
      )}
    </>
  );
}

export function NoResults({ title = '没有符合条件的记录' }: { title?: string }) {
  return <Empty title={title} />;
}
