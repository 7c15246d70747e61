import { Tag } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../auth/useSession';
import { EntryLine, ListEntry, ListScreen } from '../../shared/entries';
import { formatDate } from '../../shared/format';
import { unitsById, useUnits } from '../../shared/units';
import {
  decisionText,
  KIND_LABELS,
  mayReorganise,
  movedText,
  STATUS_LABELS,
  STATUS_STYLES,
  summary,
  useReorganisations,
  type Reorganisation,
} from './reorganisationApi';

/** Sắp xếp tổ chức (/to-chuc): every reorganisation of units, the latest effective date first. */
export function ReorganisationListPage() {
  const actor = useSession()!.actor;
  const { data, isLoading, error } = useReorganisations();
  const units = useUnits();
  const byId = useMemo(() => unitsById(units.data), [units.data]);
  const mayCreate = mayReorganise(actor);
  return (
    <ListScreen<Reorganisation>
      title="Sắp xếp tổ chức"
      intro="Đổi tên, hợp nhất, sáp nhập, chia, giải thể đơn vị theo quyết định của cấp có thẩm quyền. Từ ngày có hiệu lực, công việc đang thực hiện, người dùng và đơn vị trực thuộc chuyển sang đơn vị kế thừa; nhiệm vụ đã hoàn thành giữ nguyên."
      create={mayCreate ? { to: '/to-chuc/moi', label: 'Thêm sắp xếp tổ chức' } : undefined}
      error={error}
      loading={isLoading || units.isLoading}
      items={data}
      empty={
        mayCreate
          ? 'Chưa có phương án sắp xếp tổ chức. Bấm “Thêm sắp xếp tổ chức” để tạo.'
          : 'Chưa có phương án sắp xếp tổ chức nào.'
      }
      renderItem={(r) => (
        <ListEntry
          key={r.id}
          title={
            <Link to={`/to-chuc/${r.id}`} style={{ fontWeight: 600, overflowWrap: 'anywhere' }}>
              {summary(r, byId)}
            </Link>
          }
          tags={
            <>
              <Tag style={{ margin: 0 }}>{KIND_LABELS[r.kind]}</Tag>
              <Tag style={{ ...STATUS_STYLES[r.status], margin: 0 }}>{STATUS_LABELS[r.status]}</Tag>
            </>
          }
        >
          <EntryLine>
            Ngày có hiệu lực: {formatDate(r.effectiveOn)}
            {r.decision ? ` · ${decisionText(r.decision)}` : ''}
          </EntryLine>
          <EntryLine muted>{movedText(r)}</EntryLine>
        </ListEntry>
      )}
    />
  );
}
