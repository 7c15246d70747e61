import { useSyncExternalStore } from 'react';
import { onSessionChange, readSession, SESSION_KEY, type Session } from './session';

let last: { raw: string | null; valid: boolean; session: Session | null } | undefined;

/** A stable snapshot: the same object until the stored session or its validity changes. */
function snapshot(): Session | null {
  const raw = localStorage.getItem(SESSION_KEY);
  const session = readSession();
  if (!last || last.raw !== raw || last.valid !== (session !== null)) {
    last = { raw, valid: session !== null, session };
  }
  return last.session;
}

function subscribe(notify: () => void): () => void {
  const off = onSessionChange(notify);
  window.addEventListener('storage', notify);
  return () => {
    off();
    window.removeEventListener('storage', notify);
  };
}

/** The current session, re-rendering when it is saved or cleared (also in another tab). */
export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, snapshot);
}
