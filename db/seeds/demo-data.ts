import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthService } from '../../libs/auth/auth.service';
import { CalendarService } from '../../libs/calendar/calendar.service';
import { VN_2025_ANNOUNCED, VN_2026_ANNOUNCED } from '../../libs/calendar/working-calendar';
import { PlanService } from '../../libs/plans/plan.service';
import { RecurrenceService } from '../../libs/recurrences/recurrence.service';
import { TaskCommandsService } from '../../libs/tasks/task-commands.service';
import { seedOrganization } from './demo-organization';

const isoDate = (daysFromToday: number) =>
  new Date(Date.now() + daysFromToday * 86_400_000).toISOString().slice(0, 10);

/**
 * Loads the demo province once: when the database already has units it does nothing.
 * Tasks are assigned through TaskCommandsService, so each one has its workflow like any real task.
 */
export async function seedDemoData(app: INestApplicationContext): Promise<boolean> {
  const [{ count }] = await app.get(DataSource).query('SELECT count(*)::int AS count FROM units');
  if (count > 0) return false;

  const { unitIds, userIds } = await seedOrganization(app);
  const calendar = app.get(CalendarService);
  for (const o of [...VN_2025_ANNOUNCED, ...VN_2026_ANNOUNCED]) await calendar.setOverride(o);
  const auth = app.get(AuthService);
  const tasks = app.get(TaskCommandsService);
  const chutich = (await auth.loadActor(userIds['chutich']))!;
  const giamdoc = (await auth.loadActor(userIds['skhdt.giamdoc']))!;

  const assigned = [
    { title: 'Ban hành Kế hoạch cải cách hành chính năm 2025 của Sở', lead: 'SKHDT', due: 14 },
    { title: 'Rà soát, đánh giá thủ tục hành chính năm 2025', lead: 'SKHDT', due: 5 },
    { title: 'Báo cáo kết quả tự kiểm tra công tác CCHC', lead: 'SNV', due: -2 },
    { title: 'Số hóa hồ sơ, kết quả giải quyết TTHC lĩnh vực tư pháp', lead: 'STP', due: 30 },
    { title: 'Cập nhật danh mục TTHC trên Cổng dịch vụ công', lead: 'STTTT', due: null },
  ];
  for (const t of assigned) {
    await tasks.assign(chutich, {
      title: t.title,
      source: 'chu_tich_ubnd_tinh',
      leadUnitId: unitIds[t.lead],
      dueDate: t.due === null ? undefined : isoDate(t.due),
    });
  }
  const own = await tasks.assign(giamdoc, {
    title: 'Đăng tải tin, bài về CCHC trên Trang thông tin điện tử của Sở',
    source: 'noi_bo',
    leadUnitId: unitIds['SKHDT-TH'],
    dueDate: isoDate(10),
  });
  await tasks.perform(giamdoc, own.id, 'accept', {});

  // The chain: the province's plan, and Sở KH&ĐT's implementing plan (Sở Nội vụ's is still due).
  const plans = app.get(PlanService);
  const year = isoDate(0).slice(0, 4);
  const province = await plans.create(chutich, {
    symbol: '389/KH-UBND',
    issueDate: isoDate(-20),
    title: `Kế hoạch cải cách hành chính tỉnh Đồng Tháp năm ${year}`,
    areas: ['tthc', 'chinh_quyen_so'],
  });
  await plans.addItem(chutich, province.id, {
    title: 'Rà soát, đơn giản hóa thủ tục hành chính',
    source: 'ubnd_tinh',
    leadUnitId: unitIds.STP,
    dueDate: isoDate(60),
  });
  await plans.issue(chutich, province.id, {
    implementingUnits: [
      { unitId: unitIds.SKHDT, dueDate: isoDate(10) },
      { unitId: unitIds.SNV, dueDate: isoDate(5) },
    ],
  });
  const skhdt = await plans.create(giamdoc, {
    symbol: '102/KH-SKHDT',
    issueDate: isoDate(-1),
    title: `Kế hoạch cải cách hành chính năm ${year} của Sở Kế hoạch và Đầu tư`,
    parentPlanId: province.id,
  });
  await plans.addItem(giamdoc, skhdt.id, {
    title: 'Niêm yết công khai thủ tục hành chính lĩnh vực đầu tư',
    source: 'noi_bo',
    leadUnitId: unitIds['SKHDT-TH'],
    dueDate: isoDate(45),
  });
  await plans.issue(giamdoc, skhdt.id, {});

  // Every Sở reports on administrative reform each quarter (issue 13 §1).
  await app.get(RecurrenceService).create(chutich, {
    title: 'Báo cáo kết quả thực hiện cải cách hành chính',
    source: 'ubnd_tinh',
    sourceDocument: '389/KH-UBND',
    rule: { kind: 'period', periodType: 'quarter', dueAfterWorkingDays: 4 },
    targetUnitKind: 'department',
  });
  return true;
}
