import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';

export type Unit = Schemas['UnitDto'];

/** Every unit of the organisation (a small, slowly changing list: cached for the session). */
export function useUnits() {
  return useQuery({
    queryKey: ['units'],
    queryFn: () => unwrap(api.GET('/api/v1/units')),
    staleTime: 10 * 60_000,
  });
}

/** Units by id, for names and paths. */
export function unitsById(units: readonly Unit[] | undefined): Map<string, Unit> {
  return new Map((units ?? []).map((u) => [u.id, u]));
}

/** Lower case without diacritics (đ → d), so "ke hoach" finds "Kế hoạch". */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}
