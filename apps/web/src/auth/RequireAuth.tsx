import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { hasExpiredSession } from './session';
import { useSession } from './useSession';

/** Sends a visitor without a valid session to the login page, remembering where they were going. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (!session) {
    const next = encodeURIComponent(location.pathname + location.search);
    const expired = hasExpiredSession() ? 'het-han=1&' : '';
    return <Navigate to={`/dang-nhap?${expired}next=${next}`} replace />;
  }
  return children;
}
