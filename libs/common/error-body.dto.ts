import { ApiProperty } from '@nestjs/swagger';
import { ApiInt, ApiText } from './api-schema';
import { ERROR_CODES, ErrorCode } from './error-codes';

export class ErrorDetailDto {
  @ApiText({
    required: false,
    description: 'The input field, dotted for nested ones: tasks.3.dueDate.',
  })
  field?: string;

  @ApiText({ required: false, description: 'The rule it broke: isUuid, maxLength, exists…' })
  rule?: string;

  @ApiText()
  message: string;
}

/** The one error shape every endpoint answers with (libs/common/domain.exception.ts). */
export class ErrorBodyDto {
  @ApiInt({ minimum: 400, maximum: 599, example: 409 })
  statusCode: number;

  @ApiProperty({ enum: ERROR_CODES, enumName: 'ErrorCode' })
  code: ErrorCode;

  @ApiText()
  message: string;

  @ApiProperty({ type: [ErrorDetailDto] })
  details: ErrorDetailDto[];
}
