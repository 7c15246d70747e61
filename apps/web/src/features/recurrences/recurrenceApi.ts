import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';

export type Recurrence = Schemas['RecurrenceDto'];
export type RecurrenceChange = Schemas['RecurrenceChangeDto'];
export type CreateRecurrence = Schemas['CreateRecurrenceDto'];
export type UpdateRecurrence = Schemas['UpdateRecurrenceDto'];
export type OccurrenceList = Schemas['OccurrenceListDto'];

export const recurrenceKeys = {
  all: ['recurrences'] as const,
  one: (id: string) => ['recurrences', id] as const,
  occurrences: (id: string, periods: number) =>
    ['recurrences', id, 'occurrences', periods] as const,
};

export const useRecurrences = () =>
  useQuery({
    queryKey: recurrenceKeys.all,
    queryFn: () => unwrap(api.GET('/api/v1/recurrences')),
  });

export const useRecurrence = (id: string) =>
  useQuery({
    queryKey: recurrenceKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/recurrences/{id}', { params: { path: { id } } })),
    retry: false,
  });

export const useOccurrences = (id: string, periods: number) =>
  useQuery({
    queryKey: recurrenceKeys.occurrences(id, periods),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/recurrences/{id}/occurrences', {
          params: { path: { id }, query: { periods } },
        }),
      ),
    retry: false,
  });

export type RecurrenceCommand = 'pause' | 'resume' | 'end';

/** Tạm dừng, tiếp tục, kết thúc: each answers the recurrence as it now stands. */
export function useRecurrenceCommand(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ command, reason }: { command: RecurrenceCommand; reason?: string }) => {
      const path = { params: { path: { id } } };
      if (command === 'pause') {
        return unwrap(api.POST('/api/v1/recurrences/{id}/pause', { ...path, body: { reason } }));
      }
      if (command === 'resume') return unwrap(api.POST('/api/v1/recurrences/{id}/resume', path));
      return unwrap(api.POST('/api/v1/recurrences/{id}/end', path));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recurrenceKeys.all }),
  });
}

export const RECURRENCE_STATUS_LABELS: Record<Recurrence['status'], string> = {
  active: 'Đang áp dụng',
  paused: 'Tạm dừng',
  ended: 'Đã kết thúc',
};

/** Tag colours dark enough on their background for WCAG AA; the words carry the meaning. */
export const RECURRENCE_STATUS_STYLES: Record<Recurrence['status'], React.CSSProperties> = {
  active: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  paused: { color: '#613400', background: '#fffbe6', borderColor: '#ffe58f' },
  ended: { color: '#1d1d1d', background: '#f5f5f5', borderColor: '#d9d9d9' },
};

/** "Sở Kế hoạch và Đầu tư, Sở Nội vụ" or "Tất cả Sở, ban, ngành". */
export function targetText(r: Pick<Recurrence, 'targetUnits' | 'targetUnitKind'>): string {
  if (r.targetUnitKind)
    return `Tất cả đơn vị loại “${UNIT_KIND_LABELS[r.targetUnitKind] ?? r.targetUnitKind}”`;
  return r.targetUnits.map((u) => u.name).join(', ');
}

/** Unit kinds as people name them (units carry free-text kinds; these are the demo's). */
export const UNIT_KIND_LABELS: Record<string, string> = {
  province: 'UBND tỉnh',
  provincial_office: 'Văn phòng UBND tỉnh',
  department: 'Sở, ban, ngành',
  division: 'Phòng, đơn vị thuộc Sở',
  district: 'UBND cấp huyện',
  commune: 'UBND cấp xã',
};
