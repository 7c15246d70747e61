import { Client, Connection } from '@temporalio/client';
import ExcelJS from 'exceljs';
import type { scheduledDigest } from '../../workflows/digest/scheduled-digest.workflow';
import { seedOrganization } from '../../db/seeds/demo-organization';
import { WorkingCalendar } from '../../libs/calendar/working-calendar';
import { DigestActivities } from '../../libs/digest/digest.activities';
import { TASK_COLUMNS } from '../../libs/tasks/transfer/task-columns';
import { addDays } from '../../libs/domain/task-clock';
import { dayFromToday } from '../support/dates';
import { replayFinished } from '../support/workflow-histories';
import { TestStack } from '../support/test-stack';

const calendar = new WorkingCalendar();
/** The working day before `date` (1 day before, moved back off a weekend or holiday). */
function previousWorkingDay(date: string): string {
  let d = addDays(date, -1);
  while (!calendar.isWorkingDay(d)) d = addDays(d, -1);
  return d;
}

/** Days from `dayFromToday(n)` to `date`. */
const daysBetween = (n: number, date: string) =>
  (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${dayFromToday(n)}T00:00:00Z`)) / 86_400_000;

/**
 * Bộ luật Dân sự 2015, Điều 148: a deadline on a weekend or holiday ends at the end of the next
 * working day (docs/domain.md §3, "Effective deadline"). The task keeps its written date; the
 * effective one is what timeliness, reminders and reports count from.
 */
// The import sheet's columns, in the product's order (task-sheets.e2e-spec checks them by name).
const HEADERS = TASK_COLUMNS.map((c) => c.header);
const row = (code: string, due: string, completed: string) => [
  code,
  `Báo cáo ${code}`,
  'SKHDT',
  '',
  'ubnd_tinh',
  '',
  '',
  '01/03/2024',
  due,
  completed,
  'Đã báo cáo',
  '',
];
// Due Saturday 9 March 2024: completed Monday 11 (the effective day) and Tuesday 12; and a task
// due Tuesday 12 completed that day.
const HISTORY = [
  row('SAT-MON', '09/03/2024', '11/03/2024'),
  row('SAT-TUE', '09/03/2024', '12/03/2024'),
  row('TUE-TUE', '12/03/2024', '12/03/2024'),
];

async function sheet(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Nhiệm vụ');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const DAY_MS = 1000;

type Totals = { completedEarly: number; completedOnTime: number; completedLate: number };

async function startWith(rule: string, env: Record<string, string> = {}) {
  const stack = await TestStack.start({ env: { DEADLINE_ON_NON_WORKING_DAY: rule, ...env } });
  const { unitIds } = await seedOrganization(stack.api);
  const [leader, manager, admin] = await Promise.all([
    stack.login('chutich'),
    stack.login('skhdt.giamdoc'),
    stack.login('admin'),
  ]);
  await stack.http
    .post('/api/v1/task-sheets/import')
    .set('Authorization', `Bearer ${leader}`)
    .attach('file', await sheet(HISTORY), 'lich-su.xlsx')
    .expect(201);
  /** On time (early or on the day) and late, by the cells (half-months) and by the rows. */
  const counts = async () => {
    const out: string[] = [];
    // 15 Feb – 14 Mar is served by report_cells; 1–31 Mar reads the tasks.
    for (const [from, to] of [
      ['2024-02-15', '2024-03-14'],
      ['2024-03-01', '2024-03-31'],
    ]) {
      const res = await stack.http
        .get(`/api/v1/reports/completion?scope=UBND&from=${from}&to=${to}`)
        .set('Authorization', `Bearer ${leader}`)
        .expect(200);
      const t: Totals = res.body.window.totals;
      out.push(
        `${from} đúng hạn ${t.completedEarly + t.completedOnTime}, quá hạn ${t.completedLate}`,
      );
      out.push(`${from} ${res.body.deadlineRule.rule}`);
    }
    return out;
  };
  return { stack, unitIds, leader, manager, admin, counts };
}

describe('Deadlines on a weekend or holiday under Điều 148 (the default)', () => {
  let ctx: Awaited<ReturnType<typeof startWith>>;
  beforeAll(async () => {
    // One calendar day lasts DAY_MS, for the reminders below.
    ctx = await startWith('next_working_day', {
      TASK_DAY_LENGTH_MS: String(DAY_MS),
      TASK_REMINDER_HOUR: '8',
      TASK_REMINDERS_ON_WORKING_DAYS: 'true',
    });
  });
  afterAll(() => ctx.stack.close());

  const stored = async (code: string) =>
    (
      await ctx.stack.db.query(
        `SELECT written_due_date::text AS written, due_date::text AS effective FROM tasks
         WHERE code = $1`,
        [code],
      )
    )[0];

  it('keeps the written date and counts from the end of the next working day', async () => {
    const { stack, leader, manager, unitIds } = ctx;
    const { body: task } = await stack.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${leader}`)
      .send({
        code: 'SAT-OPEN',
        title: 'Báo cáo kết quả CCHC quý I/2027',
        source: 'ubnd_tinh',
        leadUnitId: unitIds.SKHDT,
        dueDate: '2027-03-06',
      })
      .expect(201);
    expect([task.dueDate, task.effectiveDueDate]).toEqual(['2027-03-06', '2027-03-08']);
    expect(await stored('SAT-OPEN')).toEqual({ written: '2027-03-06', effective: '2027-03-08' });

    // An extension to Saturday 10 April 2027 is counted to Monday 12 April once approved.
    const asked = await stack.http
      .post(`/api/v1/tasks/${task.id}/extension-requests`)
      .set('Authorization', `Bearer ${manager}`)
      .send({ newDueDate: '2027-04-10', reason: 'Chờ số liệu quý' })
      .expect(200);
    expect(asked.body.pendingExtension).toMatchObject({
      newDueDate: '2027-04-10',
      newEffectiveDueDate: '2027-04-12',
    });
    const approved = await stack.http
      .post(`/api/v1/tasks/${task.id}/extension-decision`)
      .set('Authorization', `Bearer ${leader}`)
      .send({ approve: true })
      .expect(200);
    expect([approved.body.dueDate, approved.body.effectiveDueDate]).toEqual([
      '2027-04-10',
      '2027-04-12',
    ]);
    expect(await stored('SAT-OPEN')).toEqual({ written: '2027-04-10', effective: '2027-04-12' });

    // The run replays against today's bundle (and is kept as a fixture for later bundles).
    await stack.http
      .post(`/api/v1/tasks/${task.id}/cancel`)
      .set('Authorization', `Bearer ${leader}`)
      .send({ reason: 'Kết thúc kiểm thử' })
      .expect(200);
    await replayFinished(stack, task.workflow.workflowId, 'task-lifecycle-effective-deadline');
  });

  it('reminds from the effective deadline on working days: the day before is the Friday, the due day the Monday', async () => {
    const { stack, leader, unitIds } = ctx;
    let ahead = 1;
    while (new Date(`${dayFromToday(ahead)}T00:00:00Z`).getUTCDay() !== 6) ahead++;
    const { body: task } = await stack.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${leader}`)
      .send({
        title: 'Báo cáo tuần',
        source: 'ubnd_tinh',
        leadUnitId: unitIds.SKHDT,
        dueDate: dayFromToday(ahead),
        reminderDaysBefore: [1],
      })
      .expect(201);
    // Monday, or later when that Monday is a holiday.
    const effective: string = task.effectiveDueDate;
    expect(daysBetween(ahead, effective)).toBeGreaterThanOrEqual(2);
    const rows = await stack.eventually(async () => {
      const r: { kind: string; due: string; at: Date; assigned: Date }[] = await stack.db.query(
        `SELECT r.kind, r.due_date::text AS due, r.scheduled_at AS at, t.assigned_at AS assigned
         FROM task_reminders r JOIN tasks t ON t.id = r.task_id
         WHERE r.task_id = $1 ORDER BY r.scheduled_at`,
        [task.id],
      );
      return r.length >= 2 ? r : null;
    }, 60_000);
    const dayOf = (at: Date) =>
      dayFromToday(Math.floor((at.getTime() - rows![0].assigned.getTime()) / DAY_MS));
    expect(rows!.slice(0, 2).map((r) => [r.kind, r.due, dayOf(r.at)])).toEqual([
      ['before_1', dayFromToday(ahead), previousWorkingDay(effective)],
      ['due_day', dayFromToday(ahead), effective],
    ]);
    await stack.http
      .post(`/api/v1/tasks/${task.id}/cancel`)
      .set('Authorization', `Bearer ${leader}`)
      .send({ reason: 'Kết thúc kiểm thử' })
      .expect(200);
  });

  it('counts a Saturday deadline met on Monday as on time, in the cells and in the rows', async () => {
    expect(await stored('SAT-MON')).toEqual({ written: '2024-03-09', effective: '2024-03-11' });
    expect(await ctx.counts()).toEqual([
      '2024-02-15 đúng hạn 2, quá hạn 1',
      '2024-02-15 next_working_day',
      '2024-03-01 đúng hạn 2, quá hạn 1',
      '2024-03-01 next_working_day',
    ]);
  });

  it('moves the effective deadlines when the calendar changes, and back', async () => {
    const { stack, admin } = ctx;
    // Monday 11 March 2024 declared a day off: the Saturday deadline runs to Tuesday 12.
    await stack.http
      .put('/api/v1/calendar/overrides/2024-03-11')
      .set('Authorization', `Bearer ${admin}`)
      .send({ kind: 'holiday', name: 'Nghỉ bù' })
      .expect(200);
    expect(await stored('SAT-TUE')).toEqual({ written: '2024-03-09', effective: '2024-03-12' });
    expect(await ctx.counts()).toEqual([
      '2024-02-15 đúng hạn 3, quá hạn 0',
      '2024-02-15 next_working_day',
      '2024-03-01 đúng hạn 3, quá hạn 0',
      '2024-03-01 next_working_day',
    ]);
    await stack.http
      .delete('/api/v1/calendar/overrides/2024-03-11')
      .set('Authorization', `Bearer ${admin}`)
      .expect(204);
    expect(await stored('SAT-TUE')).toEqual({ written: '2024-03-09', effective: '2024-03-11' });
    expect((await ctx.counts())[0]).toBe('2024-02-15 đúng hạn 2, quá hạn 1');
  });

  it('sends no scheduled digest on a day off, and would on a working day', async () => {
    const { stack, admin } = ctx;
    const today = dayFromToday(0);
    const override = (kind: 'holiday' | 'workday') =>
      stack.http
        .put(`/api/v1/calendar/overrides/${today}`)
        .set('Authorization', `Bearer ${admin}`)
        .send({ kind, name: kind === 'holiday' ? 'Nghỉ lễ' : 'Làm bù' })
        .expect(200);
    const connection = await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS });
    try {
      await override('holiday');
      const result = await new Client({ connection }).workflow.execute<typeof scheduledDigest>(
        'scheduledDigest',
        {
          taskQueue: stack.env.TEMPORAL_TASK_QUEUE,
          workflowId: `scheduled-digest-test-${stack.env.TEMPORAL_TASK_QUEUE}`,
        },
      );
      expect(result).toEqual({ date: today, started: false, stale: false, dayOff: true });
      // The same decision on a working day says yes. (Not run through the workflow: it would
      // start the day's one digest, which is another suite's to start on the shared server.)
      const digests = stack.worker!.get(DigestActivities);
      expect(await digests.digestGoesOut(today)).toBe(false);
      await override('workday');
      expect(await digests.digestGoesOut(today)).toBe(true);
    } finally {
      await stack.http
        .delete(`/api/v1/calendar/overrides/${today}`)
        .set('Authorization', `Bearer ${admin}`);
      await connection.close();
    }
  });

  it('re-derives at worker start-up a deadline stored under another rule or loaded in SQL', async () => {
    const { stack } = ctx;
    await stack.db.query(`UPDATE tasks SET due_date = written_due_date WHERE code = 'SAT-MON'`);
    expect((await ctx.counts())[0]).toBe('2024-02-15 đúng hạn 1, quá hạn 2');
    await stack.stopWorker();
    await stack.startWorker();
    expect(await stored('SAT-MON')).toEqual({ written: '2024-03-09', effective: '2024-03-11' });
    expect((await ctx.counts())[0]).toBe('2024-02-15 đúng hạn 2, quá hạn 1');
  });
});

describe('Deadlines kept as written (DEADLINE_ON_NON_WORKING_DAY=as_written)', () => {
  let ctx: Awaited<ReturnType<typeof startWith>>;
  beforeAll(async () => {
    ctx = await startWith('as_written');
  });
  afterAll(() => ctx.stack.close());

  it('counts a Saturday deadline met on Monday as late, and says so', async () => {
    const { stack, leader, unitIds } = ctx;
    expect(await ctx.counts()).toEqual([
      '2024-02-15 đúng hạn 1, quá hạn 2',
      '2024-02-15 as_written',
      '2024-03-01 đúng hạn 1, quá hạn 2',
      '2024-03-01 as_written',
    ]);
    const { body: task } = await stack.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${leader}`)
      .send({
        title: 'Báo cáo kết quả CCHC quý I/2027',
        source: 'ubnd_tinh',
        leadUnitId: unitIds.SKHDT,
        dueDate: '2027-03-06',
      })
      .expect(201);
    expect([task.dueDate, task.effectiveDueDate]).toEqual(['2027-03-06', '2027-03-06']);
  });
});
