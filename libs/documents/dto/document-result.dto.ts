import { ApiDate, ApiInt, ApiText, ApiUuid } from '../../common/api-schema';

/** Response shapes of the documents API (DocumentService). */

export class DocumentDto {
  @ApiUuid()
  id: string;

  @ApiText({ example: '102/KH-SKHDT', description: 'Canonical số/ký hiệu.' })
  symbol: string;

  @ApiText({ nullable: true, example: 'KH', description: 'Loại văn bản from the symbol.' })
  type: string | null;

  @ApiDate()
  issueDate: string;

  @ApiInt()
  year: number;
}

export class DocumentMatchDto extends DocumentDto {
  @ApiText({ nullable: true, description: 'Trích yếu.' })
  summary: string | null;

  @ApiText()
  issuingUnitCode: string;

  @ApiUuid({ nullable: true, description: 'The plan this document is, if it is one.' })
  planId: string | null;
}
