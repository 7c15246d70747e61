import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import { dayjs, todayInVietnam } from '../../shared/format';
import type { OrganisationMode } from './useDashboard';

export type PeriodWindow = Schemas['PeriodWindowDto'];

/** The organisation choices (docs/domain.md §5 "Which organisation"); the first is the API's default. */
export const ORGANISATION_CHOICES: { value: OrganisationMode; label: string }[] = [
  { value: 'asOfPeriod', label: 'Tại kỳ báo cáo' },
  { value: 'current', label: 'Hiện nay (tính lại số liệu trước sắp xếp)' },
];

/** The picker's choices (Nghị định 09/2019: quý, 6 tháng, 9 tháng, năm) and their URL words. */
export const PERIOD_CHOICES = [
  { slug: 'quy', type: 'quarter', label: 'Quý' },
  { slug: '6-thang', type: 'half', label: '6 tháng' },
  { slug: '9-thang', type: 'nine_months', label: '9 tháng' },
  { slug: 'nam', type: 'year', label: 'Năm' },
] as const;
export type PeriodSlug = (typeof PERIOD_CHOICES)[number]['slug'];
export type PeriodType = (typeof PERIOD_CHOICES)[number]['type'];

export const ROMAN = ['I', 'II', 'III', 'IV'];

/**
 * Which report year and quarter today falls in. Only used to pre-select the picker and to grey
 * out periods that have not begun: the window itself (dates, label) always comes from the API.
 * A report year Y runs from 15/12 of Y-1 to 14/12 of Y; quarter q closes on the 14th of month 3q.
 */
export function currentPeriodOf(today: string): { year: number; quarter: number } {
  const d = dayjs(today);
  const year = d.month() === 11 && d.date() >= 15 ? d.year() + 1 : d.year();
  if (year > d.year()) return { year, quarter: 1 };
  const month = d.month() + 1 + (d.date() >= 15 ? 1 : 0);
  return { year, quarter: Math.min(4, Math.ceil(month / 3)) };
}

/** Whether a period has begun by `today` (the picker offers only those). */
export function hasBegun(type: PeriodType, year: number, quarter: number, today: string) {
  const now = currentPeriodOf(today);
  if (year !== now.year) return year < now.year;
  return type !== 'quarter' || quarter <= now.quarter;
}

export interface PeriodChoice {
  slug: PeriodSlug;
  type: PeriodType;
  year: number;
  /** 1–4 for a quarter, 1 otherwise. */
  number: number;
}

/** The chosen period, kept in the URL (?ky=quy&nam=2026&quy=4) so a link shows the same figures. */
export function usePeriodChoice(): [PeriodChoice, (next: Partial<PeriodChoice>) => void] {
  const [params, setParams] = useSearchParams();
  const today = todayInVietnam();
  const now = currentPeriodOf(today);
  const slug = (PERIOD_CHOICES.find((c) => c.slug === params.get('ky'))?.slug ??
    'quy') as PeriodSlug;
  const type = PERIOD_CHOICES.find((c) => c.slug === slug)!.type;
  const yearParam = Number(params.get('nam'));
  const year =
    Number.isInteger(yearParam) && yearParam >= 2000 && yearParam <= now.year
      ? yearParam
      : now.year;
  const quarterParam = Number(params.get('quy'));
  const quarter =
    type !== 'quarter'
      ? 1
      : [1, 2, 3, 4].includes(quarterParam) && hasBegun(type, year, quarterParam, today)
        ? quarterParam
        : year === now.year
          ? now.quarter
          : 4;
  const choice: PeriodChoice = { slug, type, year, number: quarter };

  const set = (next: Partial<PeriodChoice>) => {
    const merged = { ...choice, ...next };
    const search = new URLSearchParams(params);
    search.set('ky', merged.slug);
    search.set('nam', String(merged.year));
    if (merged.slug === 'quy') {
      const mergedType = 'quarter';
      const q = hasBegun(mergedType, merged.year, merged.number, today)
        ? merged.number
        : merged.year === now.year
          ? now.quarter
          : 4;
      search.set('quy', String(q));
    } else search.delete('quy');
    setParams(search, { replace: true });
  };
  return [choice, set];
}

/**
 * Which organisation the units are counted by, kept in the URL beside the period
 * (?to-chuc=hien-nay; absent: as it stood at the period's start).
 */
export function useOrganisationMode(): [OrganisationMode, (mode: OrganisationMode) => void] {
  const [params, setParams] = useSearchParams();
  const mode: OrganisationMode = params.get('to-chuc') === 'hien-nay' ? 'current' : 'asOfPeriod';
  const set = (next: OrganisationMode) => {
    const search = new URLSearchParams(params);
    if (next === 'current') search.set('to-chuc', 'hien-nay');
    else search.delete('to-chuc');
    setParams(search, { replace: true });
  };
  return [mode, set];
}

/** The period's data window (thời gian chốt số liệu) from the API. */
export function usePeriodWindow(choice: PeriodChoice) {
  return useQuery({
    queryKey: ['report', 'period', choice.type, choice.year, choice.number],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/reports/periods/{type}/{year}', {
          params: {
            path: { type: choice.type, year: choice.year },
            query: choice.type === 'quarter' ? { number: choice.number } : {},
          },
        }),
      ),
    staleTime: Infinity,
  });
}

/**
 * The dates the figures are computed over: the window, cut at today while it is still open (a
 * task due tomorrow is not overdue today), so the figures match the task lists of today.
 */
export function reportRange(window: PeriodWindow, today = todayInVietnam()) {
  const open = window.to > today;
  return { from: window.from, to: open ? today : window.to, open };
}
