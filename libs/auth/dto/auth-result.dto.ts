import { ApiProperty } from '@nestjs/swagger';
import { ApiText, ApiUuid } from '../../common/api-schema';
import { ApiRoles } from '../../organization/dto/user.dto';
import type { Role } from '../../organization/user.entity';

/** The signed-in user as the API sees it (GET /auth/me). */
export class ActorDto {
  @ApiUuid()
  id: string;

  @ApiText()
  username: string;

  @ApiText()
  fullName: string;

  @ApiUuid()
  unitId: string;

  @ApiText({ description: "The unit's materialised path: /root/…/unit/." })
  unitPath: string;

  @ApiText({ description: "The unit's kind: province, provincial_office, department…" })
  unitKind: string;

  @ApiRoles()
  roles: Role[];
}

export class TokenDto {
  @ApiText({ description: 'A JWT: send it as `Authorization: Bearer <token>`.' })
  accessToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';
}

export class LoginResultDto extends TokenDto {
  @ApiProperty({ type: ActorDto })
  actor: ActorDto;
}
