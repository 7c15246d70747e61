import { ApiDate, ApiDateTime, ApiInt, ApiText, ApiUuid } from '../../common/api-schema';

export class UnitDto {
  @ApiUuid()
  id: string;

  @ApiText({ example: 'SKHDT', description: 'Abbreviation used in document symbols.' })
  code: string;

  @ApiText({ example: 'Sở Kế hoạch và Đầu tư' })
  name: string;

  @ApiText({ example: 'department', description: 'province, provincial_office, department…' })
  kind: string;

  @ApiUuid({ nullable: true, description: 'Null for the root (the province).' })
  parentId: string | null;

  @ApiText({ description: 'Materialised path of ids: /root/…/self/.' })
  path: string;

  @ApiInt({ minimum: 0, description: '0 for the root.' })
  depth: number;

  @ApiDate({
    nullable: true,
    description:
      'Day the unit stopped existing (sắp xếp tổ chức); null while it exists. A dissolved unit is no assignment target.',
  })
  dissolvedOn: string | null;

  @ApiDateTime()
  createdAt: string;
}
