import type { ApiError } from '../api/client.js';

/** The server's own message, inline where the action was taken, with its request id for the logs. */
export function ErrorMessage({ error, context }: { readonly error: ApiError | null; readonly context?: string }) {
  if (!error) return null;
  return (
    <div className="alert alert-error" role="alert">
      <p>
        {context ? <strong>{context}: </strong> : null}
        {error.message}
      </p>
      {error.code !== 'NETWORK' && (
        <p className="alert-meta">
          {error.status > 0 ? `${error.status} ${error.code}` : error.code}
          {error.requestId ? ` · request ${error.requestId}` : ''}
        </p>
      )}
    </div>
  );
}

/** Is this error about the form field `name` (the server names `name`, `rate_limit.limit`, `allowed_ips[2]`, …)? */
export const isFieldError = (error: ApiError | null, name: string): boolean =>
  !!error?.field && (error.field === name || error.field.startsWith(`${name}.`) || error.field.startsWith(`${name}[`));
