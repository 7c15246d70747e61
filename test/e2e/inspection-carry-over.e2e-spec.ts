import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedOrganization } from '../../db/seeds/demo-organization';
import { CalendarService } from '../../libs/calendar/calendar.service';
import { locateTemporalCli } from '../../libs/infra/go-binaries';
import { dayFromToday } from '../support/dates';
import { TestStack } from '../support/test-stack';
import { replayOptions } from '../support/workflow-histories';

/**
 * Carry-over (issue 11): findings of a round closed early move to a follow-up round; whenever the
 * follow-up concludes, each carried finding without a remediation task gets one with the
 * finding's own details (they live in PostgreSQL, not only in the first round's memory).
 */
describe('Findings carried over to a follow-up round', () => {
  let stack: TestStack;
  let unitIds: Record<string, string>;
  let userIds: Record<string, string>;
  const tokens: Record<string, string> = {};
  const REMEDIATION_DAYS = 20;

  beforeAll(async () => {
    stack = await TestStack.start({
      env: { INSPECTION_REMEDIATION_DAYS: String(REMEDIATION_DAYS) },
    });
    ({ unitIds, userIds } = await seedOrganization(stack.api));
    for (const u of ['skhdt.giamdoc', 'skhdt.chuyenvien']) tokens[u] = await stack.login(u);
  });
  afterAll(() => stack.close());

  const call = (user: string, method: 'get' | 'post', path: string, body?: object) => {
    const req = stack.http[method](`/api/v1${path}`)
      .set('Authorization', `Bearer ${tokens[user]}`)
      // A conclusion that wedges the workflow never answers: fail instead of hanging.
      .timeout(45_000);
    return body ? req.send(body) : req;
  };
  const leader = 'skhdt.giamdoc';

  async function openRound(title: string, units: string[]) {
    const { body: round } = await call(leader, 'post', '/inspections', {
      title,
      memberIds: [userIds['skhdt.chuyenvien']],
      targets: units.map((code, i) => ({
        unitId: unitIds[code],
        plannedDate: dayFromToday(-5 + i),
      })),
      areas: ['tthc', 'chinh_quyen_so'],
    }).expect(201);
    await call(leader, 'post', `/inspections/${round.id}/notify`).expect(200);
    return round.id as string;
  }
  const inspect = (roundId: string, unit: string, findings: object[]) =>
    call('skhdt.chuyenvien', 'post', `/inspections/${roundId}/inspections`, {
      unitId: unitIds[unit],
      inspectedOn: dayFromToday(-1),
      findings,
    }).expect(200);
  async function carryOver(roundId: string) {
    const closed = await call(leader, 'post', `/inspections/${roundId}/close`, {
      carryOver: true,
    }).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', carriedToRoundId: expect.any(String) });
    const followUpId: string = closed.body.carriedToRoundId;
    await stack.eventually(async () => {
      const res = await call(leader, 'get', `/inspections/${followUpId}`);
      return res.status === 200 && res.body.workflow ? res.body : null;
    });
    return followUpId;
  }
  /** The remediation tasks of a round's findings, once every finding has one. */
  async function remediation(roundId: string) {
    return stack
      .eventually(async () => {
        const rows: Record<string, unknown>[] = await stack.db.query(
          `SELECT f.description AS finding, u.code AS unit, t.title, t.description, t.source,
                t.priority, t.area, t.due_date::text AS "dueDate", t.assigner_id AS "assignerId",
                t.reviewer_ids AS "reviewerIds", t.status
         FROM inspection_findings f JOIN units u ON u.id = f.unit_id
         LEFT JOIN tasks t ON t.id = f.task_id
         WHERE f.round_id = $1 ORDER BY f.description`,
          [roundId],
        );
        return rows.length && rows.every((r) => r.title) ? rows : null;
      })
      .then((rows) => rows ?? []);
  }
  async function histories(workflowIds: string[]) {
    const connection = await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS });
    try {
      const client = new Client({ connection });
      return await Promise.all(
        workflowIds.map(async (id) => ({
          id,
          history: await client.workflow.getHandle(id).fetchHistory(),
        })),
      );
    } finally {
      await connection.close();
    }
  }
  /** The fresh histories replay against today's bundle; saved as fixtures on request. */
  async function replayAndMaybeSave(name: string, workflowIds: string[]) {
    for (const { id, history } of await histories(workflowIds)) {
      await expect(Worker.runReplayHistory(replayOptions(), history, id)).resolves.toBeUndefined();
    }
    if (process.env.UPDATE_WORKFLOW_HISTORIES !== '1') return;
    const cli = await locateTemporalCli(() => undefined);
    workflowIds.forEach((id, i) => {
      const json = execFileSync(cli, [
        'workflow',
        'show',
        '-w',
        id,
        '--address',
        stack.env.TEMPORAL_ADDRESS,
        '-o',
        'json',
      ]);
      writeFileSync(
        join(
          __dirname,
          '..',
          'fixtures',
          'workflow-histories',
          `inspection-${name}-${i + 1}-${new Date().toISOString().slice(0, 10)}.json`,
        ),
        json,
      );
    });
  }
  const task = (finding: string, unit: string, extra: object) => ({
    finding,
    unit,
    title: `Khắc phục: ${finding}`,
    source: 'kiem_tra',
    assignerId: userIds[leader],
    reviewerIds: expect.arrayContaining([userIds[leader], userIds['skhdt.chuyenvien']]),
    status: 'assigned',
    ...extra,
  });

  it('closed before its conclusion: the follow-up conclusion gives every carried finding its remediation task', async () => {
    const first = await openRound('Kiểm tra CCHC (kết thúc sớm)', ['SKHDT-DKKD', 'SKHDT-TH']);
    await inspect(first, 'SKHDT-DKKD', [
      {
        description: 'A. Chưa niêm yết công khai đầy đủ TTHC',
        area: 'tthc',
        severity: 'high',
        requiredAction: 'Niêm yết đủ 51 TTHC tại Bộ phận Một cửa',
      },
      {
        description: 'B. Sổ theo dõi hồ sơ ghi chưa đủ',
        severity: 'low',
        requiredAction: 'Ghi đủ sổ theo dõi',
      },
    ]);
    await inspect(first, 'SKHDT-TH', [
      {
        description: 'C. Chưa cập nhật tin bài CCHC hằng tháng',
        area: 'chinh_quyen_so',
        severity: 'medium',
        requiredAction: 'Đăng ít nhất 01 tin, bài mỗi tháng',
      },
    ]);
    // Closed with carry-over before any conclusion: no finding has a remediation task yet.
    const followUp = await carryOver(first);
    await replayAndMaybeSave('early-close', [`inspection-${first}`]);
    const carried = await call(leader, 'get', `/inspections/${followUp}`).expect(200);
    expect(carried.body.findings).toHaveLength(3);
    expect(carried.body.workflow.findings.every((f: { taskId: unknown }) => !f.taskId)).toBe(true);

    // The follow-up round is run and concluded: the carried findings and its own new one.
    await call(leader, 'post', `/inspections/${followUp}/notify`).expect(200);
    await inspect(followUp, 'SKHDT-DKKD', [
      {
        description: 'D. Chưa lập danh mục hồ sơ điện tử',
        area: 'chinh_quyen_so',
        severity: 'medium',
        requiredAction: 'Lập danh mục',
      },
    ]);
    const concludedOn = dayFromToday(0);
    const concluded = await call(leader, 'post', `/inspections/${followUp}/conclusion`, {
      concludedOn,
    }).expect(200);
    expect(concluded.body.status).toBe('concluded');
    const due = (await stack.api.get(CalendarService).calendar()).addDaysCivil(
      concludedOn,
      REMEDIATION_DAYS,
    );

    expect(await remediation(followUp)).toEqual([
      task('A. Chưa niêm yết công khai đầy đủ TTHC', 'SKHDT-DKKD', {
        description: 'Niêm yết đủ 51 TTHC tại Bộ phận Một cửa',
        priority: 'high',
        area: 'tthc',
        dueDate: due,
      }),
      task('B. Sổ theo dõi hồ sơ ghi chưa đủ', 'SKHDT-DKKD', {
        description: 'Ghi đủ sổ theo dõi',
        priority: 'normal',
        area: null,
        dueDate: due,
      }),
      task('C. Chưa cập nhật tin bài CCHC hằng tháng', 'SKHDT-TH', {
        description: 'Đăng ít nhất 01 tin, bài mỗi tháng',
        priority: 'normal',
        area: 'chinh_quyen_so',
        dueDate: due,
      }),
      task('D. Chưa lập danh mục hồ sơ điện tử', 'SKHDT-DKKD', {
        description: 'Lập danh mục',
        priority: 'normal',
        area: 'chinh_quyen_so',
        dueDate: due,
      }),
    ]);
    // The tasks are led by the inspected unit.
    const [{ n }] = await stack.db.query(
      `SELECT count(*)::int AS n FROM inspection_findings f JOIN tasks t ON t.id = f.task_id
       WHERE f.round_id = $1 AND t.lead_unit_id = f.unit_id`,
      [followUp],
    );
    expect(n).toBe(4);
    const state = await call(leader, 'get', `/inspections/${followUp}`).expect(200);
    expect(state.body.workflow.findings.every((f: { taskId: unknown }) => f.taskId)).toBe(true);

    await replayAndMaybeSave('early-close-follow-up', [`inspection-${followUp}`]);
  });

  it('closed after its conclusion: the follow-up keeps the carried tasks and concludes its own findings', async () => {
    const first = await openRound('Kiểm tra CCHC (chuyển tiếp)', ['SKHDT-VP']);
    await inspect(first, 'SKHDT-VP', [
      {
        description: 'E. Chưa bố trí công chức đầu mối',
        severity: 'high',
        requiredAction: 'Phân công công chức đầu mối',
      },
    ]);
    await call(leader, 'post', `/inspections/${first}/conclusion`, {
      concludedOn: dayFromToday(-1),
    }).expect(200);
    const [before] = await remediation(first);
    const followUp = await carryOver(first);

    await call(leader, 'post', `/inspections/${followUp}/notify`).expect(200);
    await inspect(followUp, 'SKHDT-VP', [
      {
        description: 'F. Chưa báo cáo kết quả khắc phục',
        area: 'tthc',
        severity: 'low',
        requiredAction: 'Gửi báo cáo',
      },
    ]);
    await call(leader, 'post', `/inspections/${followUp}/conclusion`, {
      concludedOn: dayFromToday(0),
    }).expect(200);
    const after = await remediation(followUp);
    expect(after).toHaveLength(2);
    expect(after[0]).toEqual(before);
    expect(after[1]).toMatchObject({
      finding: 'F. Chưa báo cáo kết quả khắc phục',
      priority: 'normal',
    });

    await replayAndMaybeSave('carried', [`inspection-${first}`, `inspection-${followUp}`]);
  });
});
