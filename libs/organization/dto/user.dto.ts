import { ApiProperty } from '@nestjs/swagger';
import { ApiBool, ApiDateTime, ApiText, ApiUuid } from '../../common/api-schema';
import { Role, ROLES } from '../user.entity';

export const ApiRoles = () => ApiProperty({ enum: ROLES, enumName: 'Role', isArray: true });

export class UserDto {
  @ApiUuid()
  id: string;

  @ApiText({ example: 'skhdt.giamdoc' })
  username: string;

  @ApiText()
  fullName: string;

  @ApiText({ description: 'Chức vụ: "Giám đốc Sở", "Chuyên viên"…' })
  title: string;

  @ApiText({ nullable: true, format: 'email' })
  email: string | null;

  @ApiUuid()
  unitId: string;

  @ApiRoles()
  roles: Role[];

  @ApiBool()
  active: boolean;

  @ApiDateTime()
  createdAt: string;
}
