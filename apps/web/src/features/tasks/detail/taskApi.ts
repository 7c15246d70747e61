import { useQuery } from '@tanstack/react-query';
import type { UploadFile } from 'antd';
import { api, unwrap, type Schemas } from '../../../api/client';
import { errorMessage } from '../../../api/errors';

export type TaskDetail = Schemas['TaskDetailDto'];
export type TaskFile = Schemas['TaskFileDto'];
export type TimelineEntry = Schemas['TimelineEntryDto'];
export type TaskFileKind = TaskFile['kind'];
export type TaskReminder = Schemas['TaskReminderDto'];
/** What a user may do to a task from its page: the API lists them in `allowedActions`. */
export type TaskActionKey = Schemas['TaskAction'];

const path = (id: string) => ({ params: { path: { id } } });

/** The task, its timeline, files, comments and sub-tasks: one query each, keyed under ['task', id]. */
export const taskKeys = {
  all: (id: string) => ['task', id] as const,
  detail: (id: string) => ['task', id, 'detail'] as const,
  timeline: (id: string) => ['task', id, 'timeline'] as const,
  files: (id: string) => ['task', id, 'files'] as const,
  comments: (id: string) => ['task', id, 'comments'] as const,
  reminders: (id: string) => ['task', id, 'reminders'] as const,
  subtasks: (id: string) => ['tasks', { parentTaskId: id }] as const,
};

export const useTask = (id: string) =>
  useQuery({
    queryKey: taskKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/v1/tasks/{id}', path(id))),
  });

export const useTimeline = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: taskKeys.timeline(id),
    queryFn: () => unwrap(api.GET('/api/v1/tasks/{id}/timeline', path(id))),
    enabled,
  });

export const useTaskFiles = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: taskKeys.files(id),
    queryFn: () => unwrap(api.GET('/api/v1/tasks/{id}/files', path(id))),
    enabled,
  });

export const useComments = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: taskKeys.comments(id),
    queryFn: () => unwrap(api.GET('/api/v1/tasks/{id}/comments', path(id))),
    enabled,
  });

export const useReminders = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: taskKeys.reminders(id),
    queryFn: () => unwrap(api.GET('/api/v1/tasks/{id}/reminders', path(id))),
    enabled,
  });

/** Anyone who may open the task may add files to it while it is open (POST /tasks/:id/files). */
export const mayUploadFiles = (task: TaskDetail) =>
  task.status !== 'completed' && task.status !== 'cancelled';

export const useSubtasks = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: taskKeys.subtasks(id),
    queryFn: () =>
      unwrap(api.GET('/api/v1/tasks', { params: { query: { parentTaskId: id, limit: 100 } } })),
    enabled,
  });

/** Files the user picked in an antd Upload (kept in the browser until the task exists). */
export const pickedFiles = (list: UploadFile[] | undefined): File[] =>
  (list ?? []).flatMap((f) => (f.originFileObj ? [f.originFileObj as File] : []));

/**
 * Uploads files to a task one by one (POST /tasks/:id/files, multipart `file` + `kind`); returns
 * a Vietnamese line for each file the API refused, so the screen can say which ones.
 */
export async function uploadTaskFiles(
  taskId: string,
  files: File[],
  kind: TaskFileKind,
  eventSeq?: number,
): Promise<string[]> {
  const failures: string[] = [];
  for (const file of files) {
    try {
      await unwrap(
        api.POST('/api/v1/tasks/{id}/files', {
          ...path(taskId),
          body: { kind, eventSeq, file } as unknown as Schemas['UploadTaskFileBodyDto'],
          bodySerializer: () => {
            const form = new FormData();
            form.append('kind', kind);
            if (eventSeq) form.append('eventSeq', String(eventSeq));
            form.append('file', file, file.name);
            return form;
          },
        }),
      );
    } catch (error) {
      failures.push(`${file.name}: ${errorMessage(error)}`);
    }
  }
  return failures;
}

/** Accepted file types, as the API checks them (by content; this only guides the file dialog). */
export const FILE_ACCEPT = '.pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png';
export const FILE_HINT = 'PDF, Word, Excel, JPG hoặc PNG; tối đa 20 MB mỗi tệp.';
