import { Tag } from 'antd';
import { Link } from 'react-router-dom';
import { hasRole } from '../../auth/session';
import { useSession } from '../../auth/useSession';
import { EntryLine, ListEntry, ListScreen } from '../../shared/entries';
import { formatDate } from '../../shared/format';
import {
  RECURRENCE_STATUS_STYLES,
  RECURRENCE_STATUS_LABELS,
  targetText,
  useRecurrences,
  type Recurrence,
} from './recurrenceApi';

/** "Kỳ tới: quý I/2027 — giao ngày 26/02/2027, hạn 18/03/2027". */
export function nextText(r: Recurrence): string {
  if (r.status === 'ended') return 'Đã kết thúc, không giao thêm kỳ nào.';
  if (!r.nextOccurrence) return 'Không còn kỳ nào trước ngày kết thúc.';
  const { label, createOn, dueDate } = r.nextOccurrence;
  const paused = r.status === 'paused' ? ' (khi tiếp tục áp dụng)' : '';
  return `Kỳ tới: ${label} — giao ngày ${formatDate(createOn)}, hạn ${formatDate(dueDate)}${paused}`;
}

/** Nhiệm vụ định kỳ (/dinh-ky): the recurring tasks the user assigns or receives. */
export function RecurrenceListPage() {
  const actor = useSession()!.actor;
  const { data, isLoading, error } = useRecurrences();
  const mayCreate = hasRole(actor, 'leader', 'unit_manager');
  return (
    <ListScreen<Recurrence>
      title="Nhiệm vụ định kỳ"
      intro="Mỗi kỳ (tuần, tháng, quý, năm…) hệ thống tự giao một nhiệm vụ cho từng đơn vị, trước hạn theo số ngày đã chọn."
      create={mayCreate ? { to: '/dinh-ky/moi', label: 'Thêm nhiệm vụ định kỳ' } : undefined}
      error={error}
      loading={isLoading}
      items={data}
      empty={
        mayCreate
          ? 'Chưa có nhiệm vụ định kỳ. Bấm “Thêm nhiệm vụ định kỳ” để tạo.'
          : 'Đơn vị chưa được giao nhiệm vụ định kỳ nào.'
      }
      renderItem={(r) => (
        <ListEntry
          key={r.id}
          title={
            <Link to={`/dinh-ky/${r.id}`} style={{ fontWeight: 600, overflowWrap: 'anywhere' }}>
              {r.title}
            </Link>
          }
          tags={
            <Tag style={{ ...RECURRENCE_STATUS_STYLES[r.status], margin: 0 }}>
              {RECURRENCE_STATUS_LABELS[r.status]}
            </Tag>
          }
        >
          <EntryLine>{r.ruleText}</EntryLine>
          <EntryLine muted>Giao cho: {targetText(r)}</EntryLine>
          <EntryLine muted>{nextText(r)}</EntryLine>
        </ListEntry>
      )}
    />
  );
}
