import { CliError } from './command.js';

/** An error answer of the native API: `{error: {code, message, field?}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | undefined,
    readonly requestId: string | undefined,
  ) {
    super(message);
  }
}

export interface ApiRequest {
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
}

export interface ApiClient {
  /** Resolves to the parsed JSON body, or undefined for a 204. Throws ApiError or CliError. */
  call(method: string, path: string, request?: ApiRequest): Promise<unknown>;
}

/**
 * The server's root from KEYWARD_URL: trailing slashes dropped, and a trailing `/v1` too,
 * since every path the commands call starts with `/v1` (people paste the API's base URL).
 */
export function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

/** The running server the remote commands talk to, from KEYWARD_URL and KEYWARD_API_KEY. */
export function apiClient(baseUrl: string, apiKey: string): ApiClient {
  // Concatenate rather than `new URL(path, base)`, which would drop a path prefix such as
  // https://example.com/keyward behind a reverse proxy.
  const base = serverRoot(baseUrl);
  return {
    async call(method, path, request = {}) {
      const url = new URL(base + path);
      for (const [name, value] of Object.entries(request.query ?? {})) {
        if (value !== undefined) url.searchParams.set(name, String(value));
      }
      const headers: Record<string, string> = { authorization: `Bearer ${apiKey}`, accept: 'application/json' };
      if (request.body !== undefined) headers['content-type'] = 'application/json';
      let res: Response;
      try {
        res = await fetch(url, {
          method,
          headers,
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
        });
      } catch (err) {
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        throw new CliError(`cannot reach ${base}: ${cause?.code ?? cause?.message ?? String(err)}`, 'UNREACHABLE');
      }
      if (res.status === 204) return undefined;
      const text = await res.text();
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        throw new CliError(`${method} ${path} answered ${res.status} with a body that is not JSON`, 'BAD_RESPONSE');
      }
      if (!res.ok) throw toApiError(res.status, body);
      return body;
    },
  };
}

function toApiError(status: number, body: unknown): ApiError {
  const e = (body as { error?: { code?: unknown; message?: unknown; field?: unknown; request_id?: unknown } } | undefined)?.error;
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  if (e && typeof e.code === 'string') return new ApiError(status, e.code, String(e.message ?? ''), text(e.field), text(e.request_id));
  return new ApiError(status, `HTTP_${status}`, 'the server answered with an unexpected error body', undefined, undefined);
}
