import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';
import { IsQueryBoolean } from '../../common/validation.decorators';

export class ListNotificationsDto extends PageQueryDto {
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @IsQueryBoolean()
  unreadOnly?: boolean;
}
