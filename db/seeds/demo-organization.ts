import type { INestApplicationContext } from '@nestjs/common';
import type { Role } from '../../libs/organization/user.entity';
import { UnitsService } from '../../libs/organization/units.service';
import { UsersService } from '../../libs/organization/users.service';

/** A province as in the seed reports (Đồng Tháp): UBND tỉnh, VPUBND, four Sở, their phòng. */
export const DEMO_UNITS: { code: string; name: string; kind: string; parent?: string }[] = [
  { code: 'UBND', name: 'Ủy ban nhân dân tỉnh Đồng Tháp', kind: 'province' },
  { code: 'VPUBND', name: 'Văn phòng UBND tỉnh', kind: 'provincial_office', parent: 'UBND' },
  {
    code: 'VPUBND-KSTTHC',
    name: 'Phòng Kiểm soát thủ tục hành chính',
    kind: 'division',
    parent: 'VPUBND',
  },
  { code: 'VPUBND-HCQT', name: 'Phòng Hành chính - Quản trị', kind: 'division', parent: 'VPUBND' },
  { code: 'VPUBND-TH', name: 'Phòng Tổng hợp', kind: 'division', parent: 'VPUBND' },
  { code: 'SKHDT', name: 'Sở Kế hoạch và Đầu tư', kind: 'department', parent: 'UBND' },
  { code: 'SKHDT-VP', name: 'Văn phòng Sở Kế hoạch và Đầu tư', kind: 'division', parent: 'SKHDT' },
  { code: 'SKHDT-DKKD', name: 'Phòng Đăng ký kinh doanh', kind: 'division', parent: 'SKHDT' },
  { code: 'SKHDT-TH', name: 'Phòng Tổng hợp, Quy hoạch', kind: 'division', parent: 'SKHDT' },
  { code: 'SNV', name: 'Sở Nội vụ', kind: 'department', parent: 'UBND' },
  { code: 'SNV-CCHC', name: 'Phòng Cải cách hành chính', kind: 'division', parent: 'SNV' },
  { code: 'SNV-TCBC', name: 'Phòng Tổ chức, biên chế', kind: 'division', parent: 'SNV' },
  { code: 'STP', name: 'Sở Tư pháp', kind: 'department', parent: 'UBND' },
  { code: 'STP-XDKT', name: 'Phòng Xây dựng và kiểm tra văn bản', kind: 'division', parent: 'STP' },
  { code: 'STTTT', name: 'Sở Thông tin và Truyền thông', kind: 'department', parent: 'UBND' },
];

export const DEMO_PASSWORD = 'GiaoViec@2026';

export const DEMO_USERS: {
  username: string;
  fullName: string;
  title: string;
  unit: string;
  roles: Role[];
}[] = [
  {
    username: 'admin',
    fullName: 'Quản trị hệ thống',
    title: 'Quản trị viên',
    unit: 'VPUBND',
    roles: ['admin'],
  },
  {
    username: 'chutich',
    fullName: 'Phạm Thiện Nghĩa',
    title: 'Chủ tịch UBND tỉnh',
    unit: 'UBND',
    roles: ['leader'],
  },
  {
    username: 'vp.theodoi',
    fullName: 'Huỳnh Thanh Sơn',
    title: 'Phó Chánh Văn phòng',
    unit: 'VPUBND',
    roles: ['monitor'],
  },
  {
    username: 'skhdt.giamdoc',
    fullName: 'Nguyễn Văn Dũng',
    title: 'Giám đốc Sở',
    unit: 'SKHDT',
    roles: ['unit_manager'],
  },
  {
    username: 'skhdt.chuyenvien',
    fullName: 'Lê Thị Hồng',
    title: 'Chuyên viên',
    unit: 'SKHDT-TH',
    roles: ['specialist'],
  },
  {
    username: 'snv.giamdoc',
    fullName: 'Trần Minh Tâm',
    title: 'Giám đốc Sở',
    unit: 'SNV',
    roles: ['unit_manager'],
  },
];

/** Creates the demo units and users; returns unit ids by code and user ids by username. */
export async function seedOrganization(app: INestApplicationContext) {
  const units = app.get(UnitsService);
  const users = app.get(UsersService);
  const unitIds: Record<string, string> = {};
  for (const u of DEMO_UNITS) {
    const created = await units.create({
      code: u.code,
      name: u.name,
      kind: u.kind,
      parentId: u.parent ? unitIds[u.parent] : undefined,
    });
    unitIds[u.code] = created.id;
  }
  const userIds: Record<string, string> = {};
  for (const u of DEMO_USERS) {
    const created = await users.create({
      username: u.username,
      password: DEMO_PASSWORD,
      fullName: u.fullName,
      title: u.title,
      unitId: unitIds[u.unit],
      roles: u.roles,
    });
    userIds[u.username] = created.id;
  }
  return { unitIds, userIds };
}
