import { createContext, useContext } from 'react';

/**
 * A one-line confirmation ("Key revoked.") shown at the top of the page and announced to
 * screen readers. It is tied to the page it was made for and goes away on navigation.
 */
export const NoticeContext = createContext<(message: string, path?: string) => void>(() => {});

export const useNotice = (): ((message: string, path?: string) => void) => useContext(NoticeContext);
