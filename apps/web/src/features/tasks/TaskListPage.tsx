import { DownloadOutlined, FilterOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  ConfigProvider,
  DatePicker,
  Drawer,
  Empty,
  Flex,
  Form,
  Grid,
  Input,
  Row,
  Select,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { download } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { hasRole } from '../../auth/session';
import { useSession } from '../../auth/useSession';
import { dayjs } from '../../shared/format';
import { STATUS_LABELS, TIMELINESS_LABELS } from '../../shared/labels';
import { UnitTreeSelect } from '../../shared/UnitTreeSelect';
import {
  activeFilterCount,
  exportSearch,
  filterFromSearch,
  MY_ROLE_LABELS,
  searchFromFilter,
  SORT_LABELS,
  type TaskFilter,
} from './taskFilters';
import { TaskTable } from './TaskTable';
import { foldVietnamese } from '../../shared/units';
import { useTaskCounts, useTaskList, useTaskSources } from './useTaskList';

const DATE_FORMAT = 'DD/MM/YYYY';
const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

/**
 * Danh sách nhiệm vụ: every filter GET /tasks has, all kept in the URL (a link can be shared,
 * Back undoes a change), "Xem thêm" keyset paging with the total from GET /tasks/counts, and
 * the export to .xlsx.
 */
export function TaskListPage() {
  const { actor } = useSession()!;
  const { message } = App.useApp();
  const phone = !Grid.useBreakpoint().md;
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const filter = useMemo(() => filterFromSearch(params), [params]);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [exporting, setExporting] = useState(false);

  const list = useTaskList(filter);
  const counts = useTaskCounts(filter);
  const sources = useTaskSources();

  // From the address bar, not this render: two quick changes (a filter, then Enter in the
  // search box before the first has re-rendered) must both stay.
  const update = (change: Partial<TaskFilter>) =>
    setParams(
      searchFromFilter({
        ...filterFromSearch(new URLSearchParams(window.location.search)),
        ...change,
      }),
    );
  const clear = () => setParams(searchFromFilter({ sort: filter.sort, limit: filter.limit }));
  const active = activeFilterCount(filter);

  // The export holds the rows of this list (its filters and order, every page).
  const exportXlsx = async () => {
    setExporting(true);
    try {
      const query = exportSearch(filter).toString();
      await download(`/api/v1/task-sheets/export.xlsx${query ? `?${query}` : ''}`, 'nhiem-vu.xlsx');
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setExporting(false);
    }
  };

  const empty = (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        active
          ? 'Không có nhiệm vụ nào khớp với điều kiện lọc. Hãy bỏ bớt điều kiện hoặc xoá bộ lọc.'
          : 'Chưa có nhiệm vụ nào trong phạm vi bạn được xem.'
      }
    >
      {active > 0 && <Button onClick={clear}>Xoá bộ lọc</Button>}
    </Empty>
  );

  return (
    // antd's placeholder grey fails WCAG AA contrast: a darker one on this page.
    <ConfigProvider theme={{ token: { colorTextPlaceholder: '#6e6e6e' } }}>
      <Flex vertical gap={16}>
        <Flex wrap justify="space-between" align="center" gap={12}>
          <Typography.Title level={1} style={{ margin: 0, fontSize: 26 }}>
            Danh sách nhiệm vụ
          </Typography.Title>
          <Flex wrap gap={8}>
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={() => void exportXlsx()}
            >
              Xuất Excel
            </Button>
            {hasRole(actor, 'leader', 'unit_manager') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => void navigate('/nhiem-vu/giao-moi')}
              >
                Giao nhiệm vụ
              </Button>
            )}
          </Flex>
        </Flex>

        <SearchBox
          key={filter.q ?? ''}
          value={filter.q}
          onSearch={(q) => update({ q })}
          compact={phone}
        />
        {phone ? (
          <Drawer
            title="Bộ lọc"
            placement="bottom"
            size="85%"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            footer={
              <Flex justify="space-between" gap={8}>
                <Button onClick={clear} disabled={!active}>
                  Xoá bộ lọc
                </Button>
                <Button type="primary" onClick={() => setDrawerOpen(false)}>
                  Xem {counts.data ? `${counts.data.total} ` : ''}kết quả
                </Button>
              </Flex>
            }
          >
            <Filters filter={filter} update={update} sources={sources.data ?? []} columns={1} />
          </Drawer>
        ) : (
          <Card size="small" styles={{ body: { paddingBottom: 0 } }}>
            <Filters filter={filter} update={update} sources={sources.data ?? []} columns={4} />
          </Card>
        )}

        <Flex wrap justify="space-between" align="center" gap={8}>
          <Typography.Text aria-live="polite">
            {counts.data ? (
              <>
                Tìm thấy <strong>{counts.data.total}</strong> nhiệm vụ
              </>
            ) : (
              'Đang đếm…'
            )}
          </Typography.Text>
          <Flex gap={8} align="center">
            {active > 0 && (
              <Button type="link" onClick={clear} style={{ paddingInline: 0 }}>
                Xoá bộ lọc ({active})
              </Button>
            )}
            {phone && (
              <Button icon={<FilterOutlined />} onClick={() => setDrawerOpen(true)}>
                {active ? `Bộ lọc (${active})` : 'Bộ lọc'}
              </Button>
            )}
          </Flex>
        </Flex>
        <FixedFilterTags filter={filter} update={update} />

        {(list.error || counts.error) && (
          <Alert type="error" showIcon title={errorMessage(list.error ?? counts.error)} />
        )}

        <TaskTable
          caption="Danh sách nhiệm vụ"
          items={list.items}
          loading={list.isPending || (list.isPlaceholderData && list.isFetching)}
          sourceLabel={sources.labelOf}
          empty={empty}
          hasMore={list.hasNextPage}
          loadingMore={list.isFetchingNextPage}
          onLoadMore={() => void list.fetchNextPage()}
          total={counts.data?.total}
        />
      </Flex>
    </ConfigProvider>
  );
}

/**
 * Text search: the API ignores case and diacritics, and the placeholder says so. Keyed by the
 * URL's text, so Back or "Xoá bộ lọc" resets what the box shows.
 */
function SearchBox({
  value,
  onSearch,
  compact,
}: {
  value?: string;
  onSearch: (q: string) => void;
  compact: boolean;
}) {
  const [text, setText] = useState(value ?? '');
  return (
    <Input.Search
      aria-label="Tìm nhiệm vụ"
      placeholder={
        compact
          ? 'Tên, mã nhiệm vụ, số hiệu văn bản…'
          : 'Tìm theo tên, mã nhiệm vụ, số hiệu văn bản… (gõ không dấu cũng được)'
      }
      allowClear
      enterButton="Tìm"
      value={text}
      maxLength={200}
      onChange={(e) => {
        setText(e.target.value);
        if (!e.target.value) onSearch('');
      }}
      onSearch={(q) => onSearch(q.trim())}
      style={{ flex: 1, minWidth: 0 }}
    />
  );
}

interface FiltersProps {
  filter: TaskFilter;
  update: (change: Partial<TaskFilter>) => void;
  sources: { key: string; label: string; active: boolean }[];
  columns: 1 | 4;
}

function Filters({ filter, update, sources, columns }: FiltersProps) {
  const span = 24 / columns;
  const range: [dayjs.Dayjs | null, dayjs.Dayjs | null] = [
    filter.dueFrom ? dayjs(filter.dueFrom) : null,
    filter.dueTo ? dayjs(filter.dueTo) : null,
  ];
  return (
    <Form layout="vertical" component="div">
      <Row gutter={16}>
        <Col span={span * 2 > 24 ? 24 : span * 2}>
          <Form.Item label="Đơn vị chủ trì" htmlFor="loc-don-vi" style={{ marginBottom: 12 }}>
            <UnitTreeSelect
              id="loc-don-vi"
              value={filter.unitId}
              onChange={(unitId?: string) => update({ unitId })}
              placeholder="Tất cả đơn vị (gồm đơn vị cấp dưới)"
              allowClear
              popupMatchSelectWidth={false}
            />
          </Form.Item>
        </Col>
        <Col span={span}>
          <Form.Item label="Vai trò của tôi" htmlFor="loc-vai-tro" style={{ marginBottom: 12 }}>
            <Select
              id="loc-vai-tro"
              value={filter.myRole}
              onChange={(myRole?: TaskFilter['myRole']) => update({ myRole })}
              options={options(MY_ROLE_LABELS)}
              placeholder="Tất cả"
              allowClear
            />
          </Form.Item>
        </Col>
        <Col span={span}>
          <Form.Item label="Trạng thái" htmlFor="loc-trang-thai" style={{ marginBottom: 12 }}>
            <Select
              id="loc-trang-thai"
              value={filter.status}
              onChange={(status?: TaskFilter['status']) => update({ status })}
              options={options(STATUS_LABELS)}
              placeholder="Tất cả"
              allowClear
            />
          </Form.Item>
        </Col>
        <Col span={span}>
          <Form.Item label="Tình hình thực hiện" htmlFor="loc-tien-do" style={{ marginBottom: 12 }}>
            <Select
              id="loc-tien-do"
              value={filter.timeliness}
              onChange={(timeliness?: TaskFilter['timeliness']) => update({ timeliness })}
              options={options(TIMELINESS_LABELS)}
              placeholder="Tất cả"
              allowClear
            />
          </Form.Item>
        </Col>
        <Col span={span}>
          <Form.Item label="Nguồn giao" htmlFor="loc-nguon" style={{ marginBottom: 12 }}>
            <Select
              id="loc-nguon"
              value={filter.source}
              onChange={(source?: string) => update({ source })}
              options={sources.map((s) => ({
                value: s.key,
                label: s.active ? s.label : `${s.label} (ngừng sử dụng)`,
              }))}
              placeholder="Tất cả"
              allowClear
              showSearch={{
                filterOption: (input, option) =>
                  foldVietnamese(String(option?.label ?? '')).includes(foldVietnamese(input)),
              }}
            />
          </Form.Item>
        </Col>
        <Col span={span}>
          <Form.Item label="Hạn xử lý" htmlFor="loc-han" style={{ marginBottom: 12 }}>
            <DatePicker.RangePicker
              id={{ start: 'loc-han' }}
              value={range}
              format={DATE_FORMAT}
              placeholder={['Từ ngày', 'Đến ngày']}
              allowEmpty={[true, true]}
              onChange={(dates) =>
                update({
                  dueFrom: dates?.[0]?.format('YYYY-MM-DD'),
                  dueTo: dates?.[1]?.format('YYYY-MM-DD'),
                })
              }
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Col>
        <Col span={span}>
          <Form.Item label="Sắp xếp" htmlFor="loc-sap-xep" style={{ marginBottom: 12 }}>
            <Select
              id="loc-sap-xep"
              value={filter.sort ?? 'assignedAt'}
              onChange={(sort: TaskFilter['sort']) =>
                update({ sort: sort === 'assignedAt' ? undefined : sort })
              }
              options={options(SORT_LABELS)}
            />
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}

/**
 * Filters that come only from links (the overview's "quá hạn", a plan, a parent task): shown so
 * they can be removed.
 */
function FixedFilterTags({ filter, update }: Pick<FiltersProps, 'filter' | 'update'>) {
  const tags: { key: keyof TaskFilter; label: string }[] = [];
  if (filter.overdueOnly) tags.push({ key: 'overdueOnly', label: 'Chỉ nhiệm vụ quá hạn' });
  if (filter.planId) tags.push({ key: 'planId', label: 'Thuộc kế hoạch đã chọn' });
  if (filter.parentTaskId)
    tags.push({ key: 'parentTaskId', label: 'Nhiệm vụ con của nhiệm vụ đã chọn' });
  if (!tags.length) return null;
  return (
    <Flex wrap gap={8}>
      {tags.map((t) => (
        <Tag
          key={t.key}
          closable
          closeIcon={<span aria-label={`Bỏ điều kiện: ${t.label}`}>×</span>}
          onClose={() => update({ [t.key]: undefined })}
          style={{ color: '#0b3d78', background: '#e6f0fa', borderColor: '#b3cde8' }}
        >
          {t.label}
        </Tag>
      ))}
    </Flex>
  );
}
