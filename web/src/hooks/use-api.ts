import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client.js';

export interface ApiState<T> {
  readonly data: T | undefined;
  readonly error: ApiError | null;
  readonly loading: boolean;
  reload(): void;
  /** Replace the data in place after a change the server already confirmed. */
  setData(update: (current: T | undefined) => T | undefined): void;
}

export const toApiError = (err: unknown): ApiError =>
  err instanceof ApiError ? err : new ApiError(0, 'INTERNAL', err instanceof Error ? err.message : String(err));

/**
 * Loads once per change of `deps` and on reload(). An answer that arrives after a newer
 * request started is dropped, so a fast click through pages never shows stale data.
 */
export function useApi<T>(load: () => Promise<T>, deps: readonly unknown[]): ApiState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const ticket = ++latest.current;
    setLoading(true);
    setError(null);
    load().then(
      (value) => {
        if (ticket !== latest.current) return;
        setData(value);
        setLoading(false);
      },
      (err: unknown) => {
        if (ticket !== latest.current) return;
        setError(toApiError(err));
        setLoading(false);
      },
    );
    // `load` is a new closure each render; `deps` (and reload's generation) say when to call it again.
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload, setData };
}

export type ActionResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

/** Runs one user action at a time, keeping its error for the form that started it. */
export function useAction(): {
  readonly busy: boolean;
  readonly error: ApiError | null;
  run<T>(action: () => Promise<T>): Promise<ActionResult<T>>;
  clear(): void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async <T>(action: () => Promise<T>): Promise<ActionResult<T>> => {
    setBusy(true);
    setError(null);
    try {
      return { ok: true, value: await action() };
    } catch (err) {
      setError(toApiError(err));
      return { ok: false };
    } finally {
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(null), []);
  return { busy, error, run, clear };
}
