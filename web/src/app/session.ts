/**
 * Who is signed in. The key lives in sessionStorage only: it dies with the tab, is never
 * written to localStorage or a cookie, and sign-out removes it.
 */
export type Session =
  | { readonly kind: 'root'; readonly apiKey: string }
  | {
      readonly kind: 'org';
      readonly apiKey: string;
      readonly keyId: string | null;
      readonly orgId: string;
      readonly orgName: string;
      readonly roles: readonly string[];
    };

const STORAGE_KEY = 'keyward.session';

export function loadSession(): Session | null {
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Session;
    return typeof parsed?.apiKey === 'string' && (parsed.kind === 'root' || parsed.kind === 'org') ? parsed : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  window.sessionStorage.removeItem(STORAGE_KEY);
}

/** Org roles: `admin` holds every other one (src/core/roles.ts). */
export function sessionCan(session: Session | null, role: string): boolean {
  if (!session || session.kind !== 'org') return false;
  return session.roles.includes('admin') || session.roles.includes(role);
}
