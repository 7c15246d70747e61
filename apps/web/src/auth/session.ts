import type { Schemas } from '../api/client';

/** The signed-in user as the API describes them (`POST /auth/login` → `actor`). */
export type Actor = Schemas['ActorDto'];

export interface Session {
  accessToken: string;
  actor: Actor;
}

export const SESSION_KEY = 'giaoviec.session';
const listeners = new Set<() => void>();

/** Seconds since the epoch at which a JWT stops being valid (its `exp` claim), or 0. */
function expiryOf(token: string): number {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    return Number((JSON.parse(json) as { exp?: number }).exp ?? 0);
  } catch {
    return 0;
  }
}

export function readSession(): Session | null {
  const raw = localStorage.getItem(SESSION_KEY);
  if (!raw) return null;
  try {
    const session = JSON.parse(raw) as Session;
    if (expiryOf(session.accessToken) * 1000 <= Date.now()) return null;
    return session;
  } catch {
    return null;
  }
}

/** True when a session was stored but its token has expired (the login page says so). */
export function hasExpiredSession(): boolean {
  return localStorage.getItem(SESSION_KEY) !== null && readSession() === null;
}

export function saveSession(session: Session): void {
  localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  listeners.forEach((l) => l());
}

export function clearSession(): void {
  localStorage.removeItem(SESSION_KEY);
  listeners.forEach((l) => l());
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const hasRole = (actor: Actor | undefined, ...roles: Actor['roles']) =>
  !!actor && actor.roles.some((r) => roles.includes(r));

/** Where the login page sends the user back to (`?next=`), only ever a path inside the app. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
