/**
 * The headers every page served on Keyward's origin sends, next to its own
 * Content-Security-Policy. The dashboard keeps an admin key in sessionStorage on this origin,
 * so no page here (the dashboard, the API docs) may be framed (clickjacking), have its
 * responses sniffed into another type, or leak its URL in a Referer. One set, shared by
 * web-ui.ts, openapi.ts and the ops routes, so the pages cannot drift apart.
 */
export const PAGE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const;

/** Directives every policy here ends with: no plugins, no `<base>` redirection, no framing. */
const LOCKED = "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** `PAGE_HEADERS` with a Content-Security-Policy of `directives` and the locked ones. */
export function pageHeaders(directives: string): Readonly<Record<string, string>> {
  return { 'content-security-policy': `${directives}; ${LOCKED}`, ...PAGE_HEADERS };
}

/** A document nothing should run or render in (JSON, say): no sources at all. */
export const DATA_HEADERS = pageHeaders("default-src 'none'");
