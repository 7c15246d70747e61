import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { PG_INT_MAX } from '../../common/limits';
import { FILE_FORMATS } from './file-kinds';

/** What a file is for: given when assigning, with a progress report, or with the result. */
export const TASK_FILE_KINDS = ['attachment', 'progress', 'result'] as const;
export type TaskFileKind = (typeof TASK_FILE_KINDS)[number];

export const TASK_FILE_CONTENT_TYPES = [...new Set(Object.values(FILE_FORMATS))];

/** The text fields of `POST /tasks/:id/files` (multipart/form-data, next to the part `file`). */
export class UploadTaskFileDto {
  @ApiProperty({
    enum: TASK_FILE_KINDS,
    description:
      'attachment: tài liệu kèm theo (khi giao); progress: kèm báo cáo tiến độ; result: kèm kết quả',
  })
  @IsIn(TASK_FILE_KINDS)
  kind: TaskFileKind;

  @ApiProperty({
    required: false,
    type: 'integer',
    minimum: 1,
    description:
      'The history event (seq of GET /tasks/:id/history, e.g. the progress report) this file belongs to',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  eventSeq?: number;
}

/** The multipart body, for the OpenAPI document only. */
export class UploadTaskFileBodyDto extends UploadTaskFileDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      'PDF, DOC/DOCX, XLS/XLSX, JPG or PNG, checked by content; at most TASK_FILE_MAX_BYTES',
  })
  file: unknown;
}

export class TaskFileUploaderDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  fullName: string;
}

export class TaskFileDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  taskId: string;

  @ApiProperty({ enum: TASK_FILE_KINDS })
  kind: TaskFileKind;

  @ApiProperty({ type: 'integer', nullable: true })
  eventSeq: number | null;

  @ApiProperty({ description: 'The file name as uploaded (sanitised), for display and download' })
  name: string;

  @ApiProperty({ type: 'integer', description: 'Bytes' })
  size: number;

  @ApiProperty({ enum: TASK_FILE_CONTENT_TYPES, description: 'Detected from the content' })
  contentType: string;

  @ApiProperty({ description: 'SHA-256 of the content, hex' })
  sha256: string;

  @ApiProperty({ type: TaskFileUploaderDto })
  uploadedBy: TaskFileUploaderDto;

  @ApiProperty({ type: 'string', format: 'date-time' })
  uploadedAt: string;
}
