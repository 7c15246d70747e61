import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthService } from '../../libs/auth/auth.service';
import { CalendarService } from '../../libs/calendar/calendar.service';
import { VN_2025_ANNOUNCED, VN_2026_ANNOUNCED } from '../../libs/calendar/working-calendar';
import { TaskService } from '../../libs/tasks/task.service';
import { seedOrganization } from './demo-organization';

const isoDate = (daysFromToday: number) =>
  new Date(Date.now() + daysFromToday * 86_400_000).toISOString().slice(0, 10);

/**
 * Loads the demo province once: when the database already has units it does nothing.
 * Tasks are assigned through TaskService, so each one has its workflow like any real task.
 */
export async function seedDemoData(app: INestApplicationContext): Promise<boolean> {
  const [{ count }] = await app.get(DataSource).query('SELECT count(*)::int AS count FROM units');
  if (count > 0) return false;

  const { unitIds, userIds } = await seedOrganization(app);
  const calendar = app.get(CalendarService);
  for (const o of [...VN_2025_ANNOUNCED, ...VN_2026_ANNOUNCED]) await calendar.setOverride(o);
  const auth = app.get(AuthService);
  const tasks = app.get(TaskService);
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
  return true;
}
