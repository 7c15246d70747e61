import { UnorderedListOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Flex, Grid, Segmented, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/errors';
import { hasRole } from '../../auth/session';
import { useSession } from '../../auth/useSession';
import { dayjs, todayInVietnam } from '../../shared/format';
import { DUE_SOON_DAYS, TONE_STYLE } from '../../shared/TimelinessTag';
import { searchFromFilter, type TaskFilter } from './taskFilters';
import { MUTED, TaskTable } from './TaskTable';
import { useUnits } from '../../shared/units';
import { useTaskCounts, useTaskList, useTaskSources } from './useTaskList';

type Scope = 'toi' | 'don-vi';
type TabKey = 'moi-giao' | 'dang-thuc-hien' | 'sap-den-han' | 'qua-han' | 'cho-duyet';

/** "Của tôi": tasks given to me by name; "của đơn vị": tasks my unit or a unit below it leads. */
const SCOPE_FILTER: Record<Scope, TaskFilter> = {
  toi: { myRole: 'assignee' },
  'don-vi': { myRole: 'lead' },
};

/** Submitted results that the caller may approve or return. */
const REVIEW_FILTER: TaskFilter = { myRole: 'approver', status: 'submitted', sort: 'dueDate' };

interface TabDef {
  key: TabKey;
  label: string;
  /** The list behind the tab: what GET /tasks is asked. */
  filter: TaskFilter;
  /** What an empty tab says. */
  empty: string;
}

function tabDefs(scope: Scope): TabDef[] {
  const base = SCOPE_FILTER[scope];
  const today = todayInVietnam();
  const soon = dayjs(today).add(DUE_SOON_DAYS, 'day').format('YYYY-MM-DD');
  const whose = scope === 'toi' ? 'được giao cho bạn' : 'của đơn vị';
  return [
    {
      key: 'moi-giao',
      label: 'Mới giao',
      filter: { ...base, status: 'assigned', sort: 'assignedAt' },
      empty: `Không có nhiệm vụ mới ${whose} đang chờ tiếp nhận.`,
    },
    {
      key: 'dang-thuc-hien',
      label: 'Đang thực hiện',
      filter: { ...base, status: 'in_progress', sort: 'dueDate' },
      empty: `Không có nhiệm vụ ${whose} đang thực hiện.`,
    },
    {
      key: 'sap-den-han',
      label: 'Sắp đến hạn',
      // Open (not completed, not cancelled) and due from today to DUE_SOON_DAYS days ahead.
      filter: { ...base, timeliness: 'in_progress', dueFrom: today, dueTo: soon, sort: 'dueDate' },
      empty: `Không có nhiệm vụ ${whose} đến hạn trong ${DUE_SOON_DAYS} ngày tới.`,
    },
    {
      key: 'qua-han',
      label: 'Quá hạn',
      filter: { ...base, timeliness: 'overdue', sort: 'dueDate' },
      empty: `Không có nhiệm vụ ${whose} bị quá hạn.`,
    },
    {
      key: 'cho-duyet',
      label: 'Chờ duyệt',
      // Results awaiting my decision (as the assigner, a reviewer, a leader of the assigning unit
      // or of the province), whatever the scope.
      filter: REVIEW_FILTER,
      empty: 'Không có kết quả nào đang chờ bạn phê duyệt.',
    },
  ];
}

function CountPill({ n, tone }: { n: number | undefined; tone?: 'overdue' | 'due_soon' }) {
  const style =
    tone && n
      ? TONE_STYLE[tone]
      : { color: '#0b3d78', background: '#e6f0fa', borderColor: '#b3cde8' };
  return (
    <span
      style={{
        ...style,
        display: 'inline-block',
        minWidth: 24,
        padding: '0 7px',
        marginInlineStart: 2,
        borderRadius: 12,
        border: `1px solid ${style.borderColor}`,
        fontSize: 13,
        lineHeight: '20px',
        textAlign: 'center',
        fontWeight: 600,
      }}
    >
      {n ?? '…'}
    </span>
  );
}

/** Desktop: a row of tabs over the list. Phone: two columns of tiles, none hidden. */
const TAB_ROW: React.CSSProperties = {
  display: 'flex',
  flexWrap: 'wrap',
  gap: 4,
  margin: 0,
  padding: 0,
  listStyle: 'none',
  borderBottom: '1px solid #e8e8e8',
};
const TILES: React.CSSProperties = {
  display: 'grid',
  gridTemplateColumns: '1fr 1fr',
  gap: 8,
  margin: 0,
  padding: 0,
  listStyle: 'none',
};
const tabStyle = (current: boolean): React.CSSProperties => ({
  display: 'flex',
  alignItems: 'center',
  gap: 4,
  padding: '10px 14px',
  marginBottom: -1,
  color: current ? '#0b5cab' : '#262626',
  fontWeight: current ? 600 : 400,
  borderBottom: `3px solid ${current ? '#0b5cab' : 'transparent'}`,
  whiteSpace: 'nowrap',
});
const tileStyle = (current: boolean): React.CSSProperties => ({
  flex: 1,
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'space-between',
  gap: 4,
  padding: '10px 12px',
  borderRadius: 8,
  border: `1px solid ${current ? '#0b5cab' : '#d9d9d9'}`,
  background: current ? '#e6f0fa' : '#fff',
  color: current ? '#0b3d78' : '#262626',
  fontWeight: current ? 600 : 400,
});

/**
 * Việc của tôi / của đơn vị: the day's work in five tabs, each with its count. Tab and scope
 * live in the URL (?tab=qua-han&pham-vi=don-vi) so a notice or the overview can link to them.
 */
export function MyWorkPage() {
  const { actor } = useSession()!;
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const phone = !Grid.useBreakpoint().md;
  const canSwitch = hasRole(actor, 'unit_manager', 'specialist');
  const assigns = hasRole(actor, 'leader', 'unit_manager');
  const defaultScope: Scope = hasRole(actor, 'unit_manager') || !canSwitch ? 'don-vi' : 'toi';
  const scope: Scope =
    canSwitch && (params.get('pham-vi') === 'toi' || params.get('pham-vi') === 'don-vi')
      ? (params.get('pham-vi') as Scope)
      : defaultScope;

  // Results submitted to me: the tab is there for those who assign, and for anyone else (a
  // reviewer) while something awaits them.
  const toReview = useTaskCounts({ myRole: 'approver', status: 'submitted' });
  const reviews = assigns || (toReview.data?.total ?? 0) > 0;
  const tabs = useMemo(
    () => tabDefs(scope).filter((t) => t.key !== 'cho-duyet' || reviews),
    [scope, reviews],
  );
  const defaultTab: TabKey =
    hasRole(actor, 'leader') && !hasRole(actor, 'unit_manager') ? 'cho-duyet' : 'moi-giao';
  const tab =
    tabs.find((t) => t.key === params.get('tab')) ?? tabs.find((t) => t.key === defaultTab)!;

  // Three calls give every count: the scope's counts (by status and timeliness), the due-soon
  // window's total, and the results submitted to me (above).
  const base = useTaskCounts(SCOPE_FILTER[scope]);
  const dueSoon = useTaskCounts(tabs.find((t) => t.key === 'sap-den-han')!.filter);
  const counts: Record<TabKey, number | undefined> = {
    'moi-giao': base.data && (base.data.byStatus.assigned ?? 0),
    'dang-thuc-hien': base.data && (base.data.byStatus.in_progress ?? 0),
    'sap-den-han': dueSoon.data?.total,
    'qua-han': base.data && (base.data.byTimeliness.overdue ?? 0),
    'cho-duyet': toReview.data && (toReview.data.byStatus.submitted ?? 0),
  };

  // Another tab's rows must never show under this tab's name while it loads.
  const list = useTaskList(tab.filter, { keepPrevious: false });
  const sources = useTaskSources();
  const units = useUnits();
  const unitName = units.data?.find((u) => u.id === actor.unitId)?.name;

  const hrefOf = (next: { tab?: TabKey; scope?: Scope }) => {
    const search = new URLSearchParams(params);
    if (next.tab) search.set('tab', next.tab);
    if (next.scope) search.set('pham-vi', next.scope);
    return `?${search.toString()}`;
  };
  const go = (next: { tab?: TabKey; scope?: Scope }) => void navigate(hrefOf(next));

  const title = scope === 'toi' ? 'Việc của tôi' : 'Việc của đơn vị';
  const error = list.error ?? base.error;
  const { sort: _sort, ...listLink } = tab.filter;

  const empty = (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <Flex vertical gap={4} align="center">
          <span>{tab.empty}</span>
          {scope === 'toi' && canSwitch && tab.key !== 'cho-duyet' && (
            <span style={MUTED}>
              Nhiệm vụ giao cho đơn vị mà chưa giao riêng cho bạn nằm ở mục “Việc của đơn vị”.
            </span>
          )}
        </Flex>
      }
    >
      {scope === 'toi' && canSwitch && tab.key !== 'cho-duyet' && (
        <Button onClick={() => go({ scope: 'don-vi' })}>Xem việc của đơn vị</Button>
      )}
    </Empty>
  );

  const moreLink = (
    <Link to={`/nhiem-vu?${searchFromFilter(listLink).toString()}`}>
      <UnorderedListOutlined aria-hidden /> Lọc thêm trong Danh sách nhiệm vụ
    </Link>
  );
  const table = (
    <Flex vertical gap={12}>
      <TaskTable
        caption={`${title}: ${tab.label}`}
        items={list.items}
        loading={list.isPending}
        sourceLabel={sources.labelOf}
        empty={empty}
        hasMore={list.hasNextPage}
        loadingMore={list.isFetchingNextPage}
        onLoadMore={() => void list.fetchNextPage()}
        total={counts[tab.key]}
      />
      {phone && <div style={{ textAlign: 'center' }}>{moreLink}</div>}
    </Flex>
  );

  return (
    <Flex vertical gap={16}>
      <Flex wrap justify="space-between" align="flex-end" gap={12}>
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={1} style={{ margin: 0, fontSize: 26 }}>
            {title}
          </Typography.Title>
          <span style={MUTED}>
            {scope === 'toi'
              ? `Nhiệm vụ được giao trực tiếp cho ${actor.fullName}`
              : `Nhiệm vụ do ${unitName ?? 'đơn vị'} và các đơn vị trực thuộc chủ trì`}
          </span>
        </div>
        {canSwitch && (
          <Segmented<Scope>
            aria-label="Phạm vi công việc"
            value={scope}
            onChange={(value) => go({ scope: value })}
            options={[
              { label: 'Của tôi', value: 'toi' },
              { label: 'Của đơn vị', value: 'don-vi' },
            ]}
          />
        )}
      </Flex>

      {error && <Alert type="error" showIcon title={errorMessage(error)} />}

      <nav aria-label="Nhóm nhiệm vụ">
        <ul style={phone ? TILES : TAB_ROW}>
          {tabs.map((t) => {
            const current = t.key === tab.key;
            const tone =
              t.key === 'qua-han' ? 'overdue' : t.key === 'sap-den-han' ? 'due_soon' : undefined;
            return (
              <li key={t.key} style={{ display: 'flex' }}>
                <Link
                  to={hrefOf({ tab: t.key })}
                  aria-current={current ? 'page' : undefined}
                  style={phone ? tileStyle(current) : tabStyle(current)}
                >
                  <span>{t.label}</span> <CountPill n={counts[t.key]} tone={tone} />
                </Link>
              </li>
            );
          })}
          {!phone && <li style={{ marginInlineStart: 'auto', alignSelf: 'center' }}>{moreLink}</li>}
        </ul>
      </nav>

      <section aria-label={`${title}: ${tab.label}`}>{table}</section>
    </Flex>
  );
}
