import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';
import type { Actor } from '../../auth/session';
import { formatDate, todayInVietnam } from '../../shared/format';
import { isProvinceWide } from '../../shared/scope';
import type { Unit } from '../../shared/units';

export type Reorganisation = Schemas['ReorganisationDto'];
export type CreateReorganisation = Schemas['CreateReorganisationDto'];
export type ReorganisationKind = Schemas['ReorganisationKind'];
export type ReorganisationStatus = Schemas['ReorganisationStatus'];

export const reorganisationKeys = {
  all: ['reorganisations'] as const,
  one: (id: string) => ['reorganisations', id] as const,
};

export const useReorganisations = () =>
  useQuery({
    queryKey: reorganisationKeys.all,
    queryFn: () => unwrap(api.GET('/api/v1/reorganisations')),
  });

/** Polls while it waits to run or is running, so the page shows the outcome when it comes. */
export const useReorganisation = (id: string) =>
  useQuery({
    queryKey: reorganisationKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/reorganisations/{id}', { params: { path: { id } } })),
    retry: false,
    refetchInterval: (query) => {
      const data = query.state.data;
      if (data?.status === 'running') return 1_500;
      // Due today or earlier: its workflow is starting now.
      if (data?.status === 'scheduled')
        return data.effectiveOn <= todayInVietnam() ? 1_500 : 60_000;
      return false;
    },
  });

export function useCancelReorganisation(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/reorganisations/{id}/cancel', { params: { path: { id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: reorganisationKeys.all });
      // Units are renamed, created or dissolved by a reorganisation.
      void queryClient.invalidateQueries({ queryKey: ['units'] });
    },
  });
}

/** Admins and leaders of a province-wide unit (the API's mayReorganise). */
export const mayReorganise = (actor: Actor): boolean =>
  actor.roles.includes('admin') || (actor.roles.includes('leader') && isProvinceWide(actor));

export const KIND_LABELS: Record<ReorganisationKind, string> = {
  rename: 'Đổi tên',
  merge: 'Hợp nhất',
  absorb: 'Sáp nhập',
  split: 'Chia',
  dissolve: 'Giải thể',
};

export const STATUS_LABELS: Record<ReorganisationStatus, string> = {
  scheduled: 'Chờ hiệu lực',
  running: 'Đang thực hiện',
  completed: 'Đã thực hiện',
  cancelled: 'Đã hủy',
  failed: 'Không thực hiện được',
};

/** Tag colours dark enough on their background for WCAG AA; the words carry the meaning. */
export const STATUS_STYLES: Record<ReorganisationStatus, React.CSSProperties> = {
  scheduled: { color: '#613400', background: '#fffbe6', borderColor: '#ffe58f' },
  running: { color: '#003a8c', background: '#e6f4ff', borderColor: '#91caff' },
  completed: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  cancelled: { color: '#1d1d1d', background: '#f5f5f5', borderColor: '#d9d9d9' },
  failed: { color: '#820014', background: '#fff1f0', borderColor: '#ffa39e' },
};

const nameOf = (units: Map<string, Unit>, id: string | null | undefined) =>
  (id && units.get(id)?.name) || 'đơn vị không còn trong danh sách';

const list = (names: string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} và ${names.at(-1)}`;

/**
 * What it does, in a sentence: "Sở Nội vụ sáp nhập vào Sở Kế hoạch và Đầu tư". A renamed
 * unit keeps its id, so once done its old name is no longer in the unit list: then only the new.
 */
export function summary(r: Reorganisation, units: Map<string, Unit>): string {
  const sources = list(r.sourceUnitIds.map((id) => nameOf(units, id)));
  const successors = list(r.successorUnitIds.map((id) => nameOf(units, id)));
  switch (r.kind) {
    case 'rename':
      return r.status === 'completed'
        ? `Đổi tên thành ${r.newName ?? ''}${r.newCode ? ` (ký hiệu ${r.newCode})` : ''}`
        : `${sources} đổi tên thành ${r.newName ?? ''}${r.newCode ? ` (ký hiệu ${r.newCode})` : ''}`;
    case 'merge':
      return `${sources} hợp nhất thành ${r.newUnit?.name ?? successors}`;
    case 'absorb':
      return `${sources} sáp nhập vào ${successors}`;
    case 'split':
      return `${sources} chia thành ${successors}; mặc định chuyển sang ${nameOf(units, r.defaultSuccessorUnitId)}`;
    case 'dissolve':
      return r.defaultSuccessorUnitId
        ? `Giải thể ${sources}; công việc chuyển sang ${nameOf(units, r.defaultSuccessorUnitId)}`
        : `Giải thể ${sources}`;
  }
}

type MovedKey = {
  [K in keyof Reorganisation]: K extends `${string}Moved` ? K : never;
}[keyof Reorganisation];

/**
 * What a reorganisation moves, as counted on its record: open tasks, users and sub-units always
 * shown; the unfinished work the successor takes over besides them only where there was some.
 */
export const MOVED: { key: MovedKey; label: string; short?: string; always?: true }[] = [
  { key: 'tasksMoved', label: 'nhiệm vụ đang thực hiện', short: 'nhiệm vụ', always: true },
  { key: 'usersMoved', label: 'người dùng', always: true },
  { key: 'unitsMoved', label: 'đơn vị trực thuộc', always: true },
  { key: 'plansMoved', label: 'kế hoạch' },
  { key: 'obligationsMoved', label: 'kế hoạch triển khai phải ban hành' },
  { key: 'recurrencesMoved', label: 'nhiệm vụ định kỳ' },
  { key: 'inspectionRoundsMoved', label: 'đợt kiểm tra' },
  { key: 'findingsMoved', label: 'tồn tại, hạn chế' },
];

/** The counts of MOVED that apply to this reorganisation. */
export const movedCounts = (r: Reorganisation) =>
  MOVED.filter((m) => m.always || r[m.key] > 0).map((m) => ({ ...m, value: r[m.key] }));

/** "Có hiệu lực từ 01/03/2025" or, once done, what moved. */
export function movedText(r: Reorganisation): string {
  if (r.status === 'scheduled') return `Sẽ thực hiện từ ngày ${formatDate(r.effectiveOn)}`;
  if (r.status === 'cancelled') return 'Đã hủy, không thực hiện';
  if (r.status === 'failed') return r.failure ?? 'Không thực hiện được';
  if (r.kind === 'rename') {
    return r.status === 'running'
      ? 'Đang đổi tên'
      : 'Đã đổi tên; người dùng và nhiệm vụ giữ nguyên';
  }
  const prefix = r.status === 'running' ? 'Đang chuyển: ' : 'Đã chuyển: ';
  return (
    prefix +
    movedCounts(r)
      .map((m) => `${m.value} ${m.short ?? m.label}`)
      .join(', ')
  );
}

/** What a scheduled reorganisation will do on its date (the detail page, before it runs). */
export function pendingText(r: Reorganisation): string {
  const from = `Từ ngày ${formatDate(r.effectiveOn)}`;
  if (r.kind === 'rename') {
    return `Chưa đổi tên. ${from}, đơn vị mang tên mới “${r.newName ?? ''}”; người dùng và nhiệm vụ giữ nguyên.`;
  }
  if (r.kind === 'dissolve' && r.successorUnitIds.length === 0) {
    return `Chưa thực hiện. ${from}, đơn vị thôi hoạt động; không có đơn vị kế thừa.`;
  }
  return `Chưa chuyển giao. ${from}, các nhiệm vụ đang thực hiện, người dùng, đơn vị trực thuộc và các kế hoạch, nhiệm vụ định kỳ, đợt kiểm tra chưa kết thúc sẽ chuyển sang đơn vị kế thừa; nhiệm vụ đã hoàn thành giữ nguyên.`;
}

const DOCUMENT_WORDS =
  /^(quyết định|nghị quyết|nghị định|công văn|thông báo|kế hoạch|văn bản|tờ trình)/i;

/**
 * The decision as a reader says it: "Quyết định số 120/QĐ-UBND" as typed, a bare number
 * "120/QĐ-UBND" as "Quyết định 120/QĐ-UBND" (never "Quyết định: Quyết định số …").
 */
export const decisionText = (decision: string) =>
  DOCUMENT_WORDS.test(decision.trim()) ? decision.trim() : `Quyết định ${decision.trim()}`;
