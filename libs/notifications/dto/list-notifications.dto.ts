import { IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';
import { IsQueryBoolean } from '../../common/validation.decorators';

export class ListNotificationsDto extends PageQueryDto {
  @IsOptional()
  @IsQueryBoolean()
  unreadOnly?: boolean;
}
