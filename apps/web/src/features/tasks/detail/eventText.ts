import { formatDate } from '../../../shared/format';
import { STATUS_LABELS } from '../../../shared/labels';
import type { Unit } from '../../../shared/units';
import type { TimelineEntry } from './taskApi';

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : undefined;

/** The lines a history event shows under its title: what was reported, asked or decided. */
export function eventLines(
  event: NonNullable<TimelineEntry['event']>,
  units: ReadonlyMap<string, Unit>,
): string[] {
  const d = event.data ?? {};
  const unit = (id: unknown) => (typeof id === 'string' ? (units.get(id)?.name ?? '') : '');
  const lines: (string | undefined)[] = [];
  switch (event.action) {
    case 'assign':
      lines.push(`Đơn vị chủ trì: ${unit(d.leadUnitId)}`);
      lines.push(d.dueDate ? `Hạn xử lý: ${formatDate(String(d.dueDate))}` : 'Không thời hạn');
      break;
    case 'reportProgress':
      lines.push(`Tỷ lệ hoàn thành: ${Number(d.percent ?? 0)}%`, str(d.note));
      break;
    case 'submitResult':
      lines.push(str(d.result) && `Kết quả: ${str(d.result)}`);
      lines.push(str(d.outputDocument) && `Văn bản kết quả: ${str(d.outputDocument)}`);
      lines.push(str(d.explanation) && `Giải trình: ${str(d.explanation)}`);
      break;
    case 'requestExtension':
      lines.push(`Đề nghị gia hạn đến ${formatDate(String(d.newDueDate ?? ''))}`);
      lines.push(str(d.reason) && `Lý do: ${str(d.reason)}`);
      break;
    case 'decideExtension':
      lines.push(d.approve ? 'Đồng ý gia hạn' : 'Không đồng ý gia hạn', str(d.note));
      break;
    case 'reassign':
      lines.push(`Đơn vị chủ trì mới: ${unit(d.leadUnitId)}`);
      lines.push(str(d.reason) && `Lý do: ${str(d.reason)}`);
      break;
    case 'returnForRework':
    case 'cancel':
      lines.push(str(d.reason) && `Lý do: ${str(d.reason)}`);
      break;
    case 'recordExplanation':
      lines.push(str(d.explanation));
      break;
    case 'fulfil':
      lines.push(str(d.evidence));
      break;
    default:
      lines.push(str(d.note));
  }
  if (event.fromStatus && event.fromStatus !== event.toStatus) {
    lines.push(
      `Trạng thái: ${STATUS_LABELS[event.fromStatus] ?? event.fromStatus} → ${STATUS_LABELS[event.toStatus] ?? event.toStatus}`,
    );
  }
  return lines.filter((l): l is string => !!l);
}
