import { createContext, useContext } from 'react';
import type { KeywardClient } from '../api/client.js';
import type { Session } from './session.js';

export interface SessionValue {
  readonly session: Session;
  readonly client: KeywardClient;
  /** May the signed-in key do this (an org role)? The server decides anyway; this hides what would fail. */
  can(role: string): boolean;
  signOut(): void;
}

export const SessionContext = createContext<SessionValue | null>(null);

/** The signed-in session; only used under the signed-in layout. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in page');
  return value;
}
