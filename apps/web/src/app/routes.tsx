import { createBrowserRouter, Navigate, type RouteObject } from 'react-router-dom';
import { setUnauthorizedHandler } from '../api/client';
import { RequireAuth } from '../auth/RequireAuth';
import { hasRole, readSession } from '../auth/session';
import { RouteError } from './RouteError';

/** Each screen is its own chunk, loaded when first visited (the login page ships alone). */
const screen =
  <K extends string>(load: () => Promise<Record<K, React.ComponentType>>, name: K) =>
  async () => ({ Component: (await load())[name] });

/** Leaders and the office start on the overview; units start on their own work. */
function Home() {
  const actor = readSession()?.actor;
  const overview = hasRole(actor, 'leader', 'monitor', 'admin');
  return <Navigate to={overview ? '/tong-quan' : '/viec-cua-toi'} replace />;
}

const routes: RouteObject[] = [
  {
    path: '/dang-nhap',
    lazy: screen(() => import('../auth/LoginPage'), 'LoginPage'),
    errorElement: <RouteError />,
  },
  {
    path: '/',
    // The shell (menu, header, bell) is a chunk of its own: the login page does not load it.
    lazy: async () => {
      const { AppLayout } = await import('./AppLayout');
      return {
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
      };
    },
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Home /> },
      {
        path: 'tong-quan',
        lazy: screen(() => import('../features/dashboard/DashboardPage'), 'DashboardPage'),
      },
      {
        path: 'viec-cua-toi',
        lazy: screen(() => import('../features/tasks/MyWorkPage'), 'MyWorkPage'),
      },
      {
        path: 'nhiem-vu',
        lazy: screen(() => import('../features/tasks/TaskListPage'), 'TaskListPage'),
      },
      {
        path: 'nhiem-vu/giao-moi',
        lazy: screen(() => import('../features/tasks/AssignTaskPage'), 'AssignTaskPage'),
      },
      {
        path: 'nhiem-vu/:id',
        lazy: screen(() => import('../features/tasks/TaskDetailPage'), 'TaskDetailPage'),
      },
      {
        path: 'dinh-ky',
        lazy: screen(
          () => import('../features/recurrences/RecurrenceListPage'),
          'RecurrenceListPage',
        ),
      },
      {
        path: 'dinh-ky/moi',
        lazy: screen(
          () => import('../features/recurrences/RecurrenceFormPage'),
          'RecurrenceFormPage',
        ),
      },
      {
        path: 'dinh-ky/:id',
        lazy: screen(
          () => import('../features/recurrences/RecurrenceDetailPage'),
          'RecurrenceDetailPage',
        ),
      },
      {
        path: 'dinh-ky/:id/sua',
        lazy: screen(
          () => import('../features/recurrences/RecurrenceFormPage'),
          'RecurrenceFormPage',
        ),
      },
      {
        path: 'to-chuc',
        lazy: screen(
          () => import('../features/reorganisation/ReorganisationListPage'),
          'ReorganisationListPage',
        ),
      },
      {
        path: 'to-chuc/moi',
        lazy: screen(
          () => import('../features/reorganisation/ReorganisationFormPage'),
          'ReorganisationFormPage',
        ),
      },
      {
        path: 'to-chuc/:id',
        lazy: screen(
          () => import('../features/reorganisation/ReorganisationDetailPage'),
          'ReorganisationDetailPage',
        ),
      },
      {
        path: 'thong-bao',
        lazy: screen(
          () => import('../features/notifications/NotificationsPage'),
          'NotificationsPage',
        ),
      },
      {
        path: 'doi-mat-khau',
        lazy: screen(() => import('../auth/ChangePasswordPage'), 'ChangePasswordPage'),
      },
      { path: '*', lazy: screen(() => import('./NotFoundPage'), 'NotFoundPage') },
    ],
  },
];

export const router = createBrowserRouter(routes);

/** An expired or revoked token: back to the login page, which returns here afterwards. */
setUnauthorizedHandler(() => {
  const { pathname, search } = window.location;
  if (pathname === '/dang-nhap') return;
  const next = encodeURIComponent(pathname + search);
  void router.navigate(`/dang-nhap?het-han=1&next=${next}`, { replace: true });
});
