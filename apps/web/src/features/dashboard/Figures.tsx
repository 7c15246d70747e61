import { MUTED } from './styles';
import { Button, Col, Row, Typography } from 'antd';
import { formatCount, formatPercent } from '../../shared/format';
import { PANEL } from './styles';
import type { CompletionCounts, DrillDown, ReportClass } from './useDashboard';

/** Every class a task of the report can be in, cancelled ones aside (the 5.1 total). */
export const ALL_CLASSES: ReportClass[] = [
  'completed_early',
  'completed_on_time',
  'completed_late',
  'overdue',
  'in_progress',
  'no_deadline',
];

/** Biểu mẫu 1, indicators 5.1–5.4, labelled as the report's form labels them. */
export const INDICATORS: {
  code: '5.1' | '5.2' | '5.3' | '5.4';
  label: string;
  classes: ReportClass[];
  tone: React.CSSProperties;
}[] = [
  {
    code: '5.1',
    label: 'Tổng số nhiệm vụ được giao',
    classes: ALL_CLASSES,
    tone: { borderTop: '4px solid #1d5fb8' },
  },
  {
    code: '5.2',
    label: 'Hoàn thành đúng hạn, trước hạn',
    classes: ['completed_early', 'completed_on_time'],
    tone: { borderTop: '4px solid #237804' },
  },
  {
    code: '5.3',
    label: 'Hoàn thành nhưng quá hạn',
    classes: ['completed_late'],
    tone: { borderTop: '4px solid #d46b08' },
  },
  {
    code: '5.4',
    label: 'Quá hạn chưa hoàn thành',
    classes: ['overdue'],
    tone: { borderTop: '4px solid #a8071a' },
  },
];

/** A figure that opens the tasks behind it. */
export function Figure({
  value,
  label,
  onOpen,
  size = 28,
}: {
  value: number;
  label: string;
  onOpen: () => void;
  size?: number;
}) {
  return (
    <Button
      type="link"
      onClick={onOpen}
      aria-label={`${label}: ${formatCount(value)} nhiệm vụ. Xem danh sách`}
      style={{
        padding: 0,
        height: 'auto',
        fontSize: size,
        fontWeight: 700,
        lineHeight: 1.2,
        color: '#0b3d78',
        textDecoration: 'underline',
        textUnderlineOffset: 4,
      }}
    >
      {formatCount(value)}
    </Button>
  );
}

interface Props {
  totals: CompletionCounts;
  carriedOver: CompletionCounts;
  scopeName: string;
  onDrill: (drill: DrillDown) => void;
}

/** "183/193 nhiệm vụ hoàn thành đúng hạn, trước hạn" and the 5.1–5.4 block under it. */
export function Figures({ totals, carriedOver, scopeName, onDrill }: Props) {
  const onTime = totals.indicators['5.2'];
  return (
    <section aria-labelledby="ket-qua-chung">
      <div style={{ ...PANEL, padding: 20 }}>
        <Typography.Title level={2} id="ket-qua-chung" style={{ fontSize: 18, marginTop: 0 }}>
          Kết quả chung
        </Typography.Title>
        <p data-testid="headline" style={{ fontSize: 18, margin: 0 }}>
          <Figure
            value={onTime}
            size={36}
            label="Hoàn thành đúng hạn, trước hạn"
            onOpen={() =>
              onDrill({
                title: 'Nhiệm vụ hoàn thành đúng hạn, trước hạn',
                classes: INDICATORS[1].classes,
              })
            }
          />
          <span style={{ fontSize: 36, fontWeight: 700, color: '#0b3d78' }}>/</span>
          <Figure
            value={totals.total}
            size={36}
            label="Tổng số nhiệm vụ được giao"
            onOpen={() => onDrill({ title: 'Nhiệm vụ được giao trong kỳ', classes: ALL_CLASSES })}
          />{' '}
          nhiệm vụ hoàn thành đúng hạn, trước hạn{' '}
          <strong>({formatPercent(totals.onTimeShare)})</strong>
        </p>
        <Typography.Paragraph style={{ ...MUTED, margin: '4px 0 0' }}>
          {scopeName}. Tỷ lệ hoàn thành nhiệm vụ đến hạn: {formatPercent(totals.dueCompletionRate)};
          tỷ lệ trễ hạn: {formatPercent(totals.lateShare)}.
          {carriedOver.total > 0 &&
            ` Ngoài ra có ${formatCount(carriedOver.total)} nhiệm vụ kỳ trước chuyển sang (${formatCount(carriedOver.overdueIncomplete)} quá hạn chưa hoàn thành).`}
        </Typography.Paragraph>
      </div>

      <Typography.Title level={2} style={{ fontSize: 18, margin: '20px 0 12px' }}>
        Kết quả thực hiện nhiệm vụ được giao (mục 5.1–5.4)
      </Typography.Title>
      <Row gutter={[12, 12]}>
        {INDICATORS.map((ind) => (
          <Col key={ind.code} xs={12} lg={6}>
            <div style={{ ...PANEL, height: '100%', ...ind.tone }}>
              <div style={{ color: '#434343', fontSize: 14, minHeight: 44 }}>
                <strong>{ind.code}</strong> {ind.label}
              </div>
              <Figure
                value={totals.indicators[ind.code]}
                label={`${ind.code} ${ind.label}`}
                onOpen={() => onDrill({ title: `${ind.code} ${ind.label}`, classes: ind.classes })}
              />
            </div>
          </Col>
        ))}
      </Row>
      <Typography.Paragraph style={{ ...MUTED, marginTop: 8, fontSize: 13 }}>
        Ngoài bốn chỉ tiêu trên: {formatCount(totals.inProgressNotDue)} nhiệm vụ đang thực hiện
        trong hạn, {formatCount(totals.noDeadline)} nhiệm vụ không thời hạn
        {totals.cancelled > 0 ? `, ${formatCount(totals.cancelled)} nhiệm vụ đã hủy` : ''}.
      </Typography.Paragraph>
    </section>
  );
}
