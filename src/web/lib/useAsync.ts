/**
 * Load data for a component: `{status, data, error, reload}`. A newer call supersedes an older
 * one (no stale responses after the filters change).
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export type AsyncState<T> =
  | { status: 'loading'; data: T | undefined; error: undefined }
  | { status: 'ok'; data: T; error: undefined }
  | { status: 'error'; data: T | undefined; error: Error };

export interface AsyncResult<T> {
  state: AsyncState<T>;
  reload: () => void;
  /** Replace the data after a mutation that returned the new value. */
  setData: (data: T) => void;
}

export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncResult<T> {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading', data: undefined, error: undefined });
  const [nonce, setNonce] = useState(0);
  const generation = useRef(0);

  useEffect(() => {
    const mine = ++generation.current;
    setState((s) => ({ status: 'loading', data: s.data, error: undefined }));
    load().then(
      (data) => {
        if (mine === generation.current) setState({ status: 'ok', data, error: undefined });
      },
      (error: unknown) => {
        if (mine === generation.current) {
          setState((s) => ({ status: 'error', data: s.data, error: error instanceof Error ? error : new Error(String(error)) }));
        }
      },
    );
  }, [...deps, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const setData = useCallback((data: T) => setState({ status: 'ok', data, error: undefined }), []);
  return { state, reload, setData };
}

/** The value after it has stopped changing for `ms` milliseconds. */
export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * Run a mutation from a form or button: `busy` while it runs, `error` (the server's message) when
 * it fails. `run` resolves to whether it succeeded.
 */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const run = async (...args: A): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    try {
      await action(...args);
      return true;
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error, setError };
}
