import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
} from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';

export type Notice = Schemas['NotificationDto'];
type NoticePage = Schemas['NotificationPageDto'];

/** How often the bell asks for the unread count (also on focus and after every change). */
const DEFAULT_POLL_MS = 30_000;
/** Tests (and an impatient operator) may shorten the interval: localStorage key, milliseconds. */
export const POLL_MS_KEY = 'giaoviec.notificationPollMs';

function pollInterval(): number {
  const custom = Number(localStorage.getItem(POLL_MS_KEY));
  return Number.isFinite(custom) && custom >= 1_000 ? custom : DEFAULT_POLL_MS;
}

export const notificationKeys = {
  all: ['notifications'] as const,
  unreadCount: ['notifications', 'unread-count'] as const,
  list: (unreadOnly: boolean) => ['notifications', 'list', { unreadOnly }] as const,
};

/** The unread count for the bell, kept fresh by polling and on window focus. */
export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unreadCount,
    queryFn: () => unwrap(api.GET('/api/v1/notifications/unread-count')),
    refetchInterval: pollInterval(),
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: 'always',
    staleTime: 0,
  });
}

export const PAGE_SIZE = 20;

/** The inbox, newest first, one keyset page after another ("Xem thêm"). */
export function useNotificationList(unreadOnly: boolean) {
  return useInfiniteQuery({
    queryKey: notificationKeys.list(unreadOnly),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/notifications', {
          params: {
            query: {
              limit: PAGE_SIZE,
              ...(unreadOnly && { unreadOnly: true }),
              ...(pageParam && { cursor: pageParam }),
            },
          },
        }),
      ),
    getNextPageParam: (last: NoticePage) => last.nextCursor ?? undefined,
    // The list changes when the count does: follow the bell's rhythm while the page is open.
    refetchInterval: pollInterval(),
    staleTime: 0,
  });
}

/** Marks one notice read; the lists and the bell update at once, then from the server. */
export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: (updated: Notice) => {
      client.setQueriesData<InfiniteData<NoticePage>>(
        { queryKey: [...notificationKeys.all, 'list'] },
        (data) =>
          data && {
            ...data,
            pages: data.pages.map((p) => ({
              ...p,
              items: p.items.map((n) => (n.id === updated.id ? updated : n)),
            })),
          },
      );
      void client.invalidateQueries({ queryKey: notificationKeys.all });
    },
  });
}

export function useMarkAllRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/notifications/read-all')),
    onSuccess: () => client.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
