import { seedOrganization } from '../../db/seeds/demo-organization';
import { UnitsService } from '../../libs/organization/units.service';
import { UsersService } from '../../libs/organization/users.service';
import { dayFromToday } from '../support/dates';
import { TestStack } from '../support/test-stack';

const DAY_MS = 1000;
describe('A self-inspection round with findings followed to remediation', () => {
  let stack: TestStack;
  let unitIds: Record<string, string>;
  let userIds: Record<string, string>;
  const tokens: Record<string, string> = {};
  const phong: string[] = [];

  beforeAll(async () => {
    stack = await TestStack.start({
      env: { TASK_DAY_LENGTH_MS: String(DAY_MS), INSPECTION_REMEDIATION_DAYS: '3' },
    });
    ({ unitIds, userIds } = await seedOrganization(stack.api));
    const units = stack.api.get(UnitsService);
    for (const [code, name] of [
      ['SKHDT-KTDN', 'Phòng Kinh tế đối ngoại'],
      ['SKHDT-TDGS', 'Phòng Thẩm định, giám sát'],
      ['SKHDT-DNKT', 'Phòng Doanh nghiệp, kinh tế tập thể'],
      ['SKHDT-VX', 'Phòng Khoa giáo văn xã'],
    ]) {
      unitIds[code] = (
        await units.create({ code, name, kind: 'division', parentId: unitIds.SKHDT })
      ).id;
    }
    phong.push(
      'SKHDT-VP',
      'SKHDT-DKKD',
      'SKHDT-TH',
      'SKHDT-KTDN',
      'SKHDT-TDGS',
      'SKHDT-DNKT',
      'SKHDT-VX',
    );
    const users = stack.api.get(UsersService);
    for (const [username, unit] of [
      ['dkkd.truongphong', 'SKHDT-DKKD'],
      ['th.truongphong', 'SKHDT-TH'],
      ['vx.truongphong', 'SKHDT-VX'],
    ]) {
      userIds[username] = (
        await users.create({
          username,
          password: 'GiaoViec@2026',
          fullName: username,
          title: 'Trưởng phòng',
          unitId: unitIds[unit],
          roles: ['unit_manager'],
        })
      ).id;
    }
    for (const u of [
      'skhdt.giamdoc',
      'skhdt.chuyenvien',
      'snv.giamdoc',
      'dkkd.truongphong',
      'th.truongphong',
    ]) {
      tokens[u] = await stack.login(u);
    }
  });
  afterAll(() => stack.close());

  const call = (user: string, method: 'get' | 'post', path: string, body?: object) => {
    const req = stack.http[method](`/api/v1${path}`).set('Authorization', `Bearer ${tokens[user]}`);
    return body ? req.send(body) : req;
  };
  const taskAct = (user: string, taskId: string, action: string, body: object = {}) =>
    call(user, 'post', `/tasks/${taskId}/${action}`, body);

  it('runs the seed scenario: 7 phòng planned, 4 inspected, findings in 2, one rejected then accepted, one overdue and escalated', async () => {
    const created = await call('skhdt.giamdoc', 'post', '/inspections', {
      title: 'Tự kiểm tra công tác CCHC năm 2024',
      planDocument: '332/KH-SKHDT',
      noticeDocument: '38/VPUBND-KSTTHC',
      memberIds: [userIds['skhdt.chuyenvien']],
      targets: phong.map((code, i) => ({
        unitId: unitIds[code],
        plannedDate: dayFromToday(-20 + i),
      })),
      areas: ['tthc', 'chinh_quyen_so'],
    }).expect(201);
    const round = created.body;
    expect(round).toMatchObject({ status: 'planned', targets: expect.any(Array) });
    expect(round.targets).toHaveLength(7);

    await call('skhdt.chuyenvien', 'post', `/inspections/${round.id}/notify`).expect(403);
    const notified = await call('skhdt.giamdoc', 'post', `/inspections/${round.id}/notify`).expect(
      200,
    );
    expect(notified.body.status).toBe('notified');
    const notice = await stack.eventually(async () => {
      const [n] = await stack.db.query(
        `SELECT title FROM notifications WHERE user_id = $1 AND kind = 'inspection_notice'`,
        [userIds['dkkd.truongphong']],
      );
      return n ?? null;
    });
    expect(notice.title).toBe('Thông báo kiểm tra: Tự kiểm tra công tác CCHC năm 2024');

    await call('snv.giamdoc', 'post', `/inspections/${round.id}/self-reports`, {
      unitId: unitIds['SKHDT-DKKD'],
      report: 'x',
    }).expect(403);
    await call('dkkd.truongphong', 'post', `/inspections/${round.id}/self-reports`, {
      unitId: unitIds['SKHDT-DKKD'],
      report: 'Báo cáo tự kiểm tra của Phòng ĐKKD',
    }).expect(200);

    const inspect = (unit: string, findings: object[], user = 'skhdt.chuyenvien') =>
      call(user, 'post', `/inspections/${round.id}/inspections`, {
        unitId: unitIds[unit],
        inspectedOn: dayFromToday(-12),
        findings,
      });
    await inspect('SKHDT-VP', [], 'dkkd.truongphong').expect(403);
    await inspect('SKHDT-VP', []).expect(200);
    await inspect('SKHDT-DKKD', [
      {
        description: 'Chưa niêm yết công khai đầy đủ TTHC',
        area: 'tthc',
        severity: 'high',
        requiredAction: 'Niêm yết đủ 51 TTHC tại Bộ phận Một cửa',
      },
    ]).expect(200);
    await inspect(
      'SKHDT-TH',
      [
        {
          description: 'Chưa cập nhật tin bài CCHC hằng tháng',
          area: 'chinh_quyen_so',
          severity: 'medium',
          requiredAction: 'Đăng ít nhất 01 tin, bài mỗi tháng',
        },
      ],
      'skhdt.giamdoc',
    ).expect(200);
    await inspect('SKHDT-KTDN', []).expect(200);
    const again = await inspect('SKHDT-DKKD', []).expect(409);
    expect(again.body.code).toBe('TARGET_ALREADY_INSPECTED');

    // Concluded ten days ago: the remediation deadline (3 days later) has already passed.
    await call('skhdt.chuyenvien', 'post', `/inspections/${round.id}/conclusion`, {
      concludedOn: dayFromToday(-10),
    }).expect(403);
    const concluded = await call('skhdt.giamdoc', 'post', `/inspections/${round.id}/conclusion`, {
      concludedOn: dayFromToday(-10),
    }).expect(200);
    expect(concluded.body.status).toBe('concluded');
    const findings = await stack.eventually(async () => {
      const res = await call(
        'skhdt.giamdoc',
        'get',
        `/inspections/findings?roundId=${round.id}`,
      ).expect(200);
      return res.body.every((f: { remediationStatus: string | null }) => f.remediationStatus)
        ? res.body
        : null;
    });
    const byUnit = (code: string) =>
      findings.find((f: { unitCode: string }) => f.unitCode === code);
    const dkkd = byUnit('SKHDT-DKKD');
    const th = byUnit('SKHDT-TH');
    expect(dkkd).toMatchObject({
      severity: 'high',
      remediationStatus: 'assigned',
      timeliness: 'overdue',
    });

    // The worker goes away in the middle of the remediation window and comes back.
    await stack.stopWorker();
    await new Promise((resolve) => setTimeout(resolve, 2.5 * DAY_MS));
    await stack.startWorker();

    // Only the inspected unit reports remediation; the team (here a member) rejects, then accepts.
    await taskAct('th.truongphong', dkkd.taskId, 'submit', { result: 'x' }).expect(403);
    await taskAct('dkkd.truongphong', dkkd.taskId, 'submit', {
      result: 'Đã niêm yết 40/51 TTHC (ảnh kèm theo)',
    }).expect(200);
    const rejected = await taskAct('skhdt.chuyenvien', dkkd.taskId, 'return', {
      reason: 'Còn thiếu 11 TTHC',
    }).expect(200);
    expect(rejected.body.status).toBe('in_progress');
    await taskAct('dkkd.truongphong', dkkd.taskId, 'submit', {
      result: 'Đã niêm yết đủ 51/51 TTHC',
      explanation: 'Chờ in ấn',
    }).expect(200);
    await taskAct('skhdt.chuyenvien', dkkd.taskId, 'approve').expect(200);

    const escalated = await stack.eventually(async () => {
      const rows = await stack.db.query(
        `SELECT kind, escalated, recipient_ids AS recipients FROM task_reminders WHERE task_id = $1 AND escalated`,
        [th.taskId],
      );
      return rows.length ? rows : null;
    });
    expect(escalated[0].recipients).toEqual(
      expect.arrayContaining([userIds['skhdt.giamdoc'], userIds['th.truongphong']]),
    );
    const duplicates = await stack.db.query(
      `SELECT dedupe_key FROM notifications WHERE task_id = ANY($1::uuid[]) GROUP BY user_id, dedupe_key HAVING count(*) > 1`,
      [[dkkd.taskId, th.taskId]],
    );
    expect(duplicates).toEqual([]);

    const summary = await call('skhdt.giamdoc', 'get', `/inspections/${round.id}/summary`).expect(
      200,
    );
    expect(summary.body).toEqual({
      targets: { total: 7, inspected: 4, label: '04/07' },
      remediation: { findings: 2, onTime: 0, late: 1, openOverdue: 1, openInTime: 0 },
      byArea: [
        { key: 'chinh_quyen_so', n: 1 },
        { key: 'tthc', n: 1 },
      ],
      bySeverity: [
        { key: 'high', n: 1 },
        { key: 'medium', n: 1 },
      ],
    });

    await taskAct('th.truongphong', th.taskId, 'submit', { result: 'Đã đăng 03 tin, bài' }).expect(
      200,
    );
    await taskAct('skhdt.giamdoc', th.taskId, 'approve').expect(200);
    const closed = await stack.eventually(async () => {
      const res = await call('skhdt.giamdoc', 'get', `/inspections/${round.id}`).expect(200);
      return res.body.status === 'closed' ? res.body : null;
    });
    expect(closed.workflow.status).toBe('closed');

    const period = await call(
      'skhdt.giamdoc',
      'get',
      `/inspections/summary?from=${dayFromToday(-30)}&to=${dayFromToday(0)}`,
    ).expect(200);
    expect(period.body).toMatchObject({
      rounds: 1,
      targets: 7,
      inspected: 4,
      findings: 2,
      onTime: 0,
      late: 2,
      openOverdue: 0,
    });
  });

  it('carries open findings into a follow-up round when the leader closes early', async () => {
    const { body: round } = await call('skhdt.giamdoc', 'post', '/inspections', {
      title: 'Kiểm tra đột xuất',
      memberIds: [],
      targets: [{ unitId: unitIds['SKHDT-VX'], plannedDate: dayFromToday(1) }],
    }).expect(201);
    await call('skhdt.giamdoc', 'post', `/inspections/${round.id}/notify`).expect(200);
    // The inspection is tomorrow and no self-report has come: the target's manager is reminded.
    const [vxManager] = await stack.db.query(
      `SELECT u.id FROM users u WHERE u.username = 'vx.truongphong'`,
    );
    const reminder = await stack.eventually(async () => {
      const [n] = await stack.db.query(
        `SELECT title FROM notifications WHERE user_id = $1 AND kind = 'inspection_self_report_reminder'`,
        [vxManager.id],
      );
      return n ?? null;
    });
    expect(reminder.title).toBe('Nhắc gửi báo cáo tự kiểm tra: Kiểm tra đột xuất');
    await call('skhdt.giamdoc', 'post', `/inspections/${round.id}/inspections`, {
      unitId: unitIds['SKHDT-VX'],
      inspectedOn: dayFromToday(0),
      findings: [
        {
          description: 'Hồ sơ lưu trữ chưa đầy đủ',
          severity: 'low',
          requiredAction: 'Bổ sung hồ sơ',
        },
      ],
    }).expect(200);
    await call('skhdt.giamdoc', 'post', `/inspections/${round.id}/conclusion`, {
      concludedOn: dayFromToday(0),
    }).expect(200);
    const refused = await call('skhdt.giamdoc', 'post', `/inspections/${round.id}/close`, {
      carryOver: false,
    }).expect(409);
    expect(refused.body.code).toBe('FINDINGS_OPEN');
    const closed = await call('skhdt.giamdoc', 'post', `/inspections/${round.id}/close`, {
      carryOver: true,
    }).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', carriedToRoundId: expect.any(String) });
    const followUp = await stack.eventually(async () => {
      const res = await call(
        'skhdt.giamdoc',
        'get',
        `/inspections/${closed.body.carriedToRoundId}`,
      );
      return res.status === 200 && res.body.workflow ? res.body : null;
    });
    expect(followUp).toMatchObject({ carriedFromId: round.id, status: 'planned' });
    expect(followUp.findings.map((f: { description: string }) => f.description)).toEqual([
      'Hồ sơ lưu trữ chưa đầy đủ',
    ]);
    expect(followUp.workflow.findings[0].closed).toBe(false);
  });
});
