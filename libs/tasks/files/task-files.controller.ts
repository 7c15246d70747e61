import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/auth.decorators';
import { fieldError, validationFailed } from '../../common/domain.exception';
import { TaskFileUploadInterceptor } from './task-file-upload.interceptor';
import {
  TASK_FILE_CONTENT_TYPES,
  TaskFileDto,
  UploadTaskFileBodyDto,
  UploadTaskFileDto,
} from './task-file.dto';
import { StagedUpload, TaskFilesService } from './task-files.service';

const TaskId = () => Param('id', ParseUUIDPipe);
const FileId = () =>
  Param(
    'fileId',
    new ParseUUIDPipe({
      exceptionFactory: () =>
        validationFailed(fieldError('fileId', 'isUuid', 'fileId phải là một UUID')),
    }),
  );

/** What express's response offers that this controller uses. */
interface DownloadResponse {
  attachment(filename: string): unknown;
  setHeader(name: string, value: string): unknown;
}

/** Files on a task: attachments when assigning, files with a progress report or a result. */
@ApiTags('task-files')
@ApiBearerAuth()
@Controller('tasks')
export class TaskFilesController {
  constructor(private readonly files: TaskFilesService) {}

  @Post(':id/files')
  @ApiOperation({
    operationId: 'uploadTaskFile',
    summary:
      'Tải tệp lên nhiệm vụ (ai mở được nhiệm vụ đều tải lên được khi nhiệm vụ chưa kết thúc)',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadTaskFileBodyDto })
  @ApiCreatedResponse({ type: TaskFileDto })
  @UseInterceptors(TaskFileUploadInterceptor)
  upload(
    @CurrentActor() actor: Actor,
    @TaskId() id: string,
    @UploadedFile() file: StagedUpload | undefined,
    @Body() dto: UploadTaskFileDto,
  ): Promise<TaskFileDto> {
    return this.files.upload(actor, id, file, dto);
  }

  @Get(':id/files')
  @ApiOperation({ operationId: 'listTaskFiles', summary: 'Tệp của nhiệm vụ, cũ trước' })
  @ApiOkResponse({ type: TaskFileDto, isArray: true })
  list(@CurrentActor() actor: Actor, @TaskId() id: string): Promise<TaskFileDto[]> {
    return this.files.list(actor, id);
  }

  @Get(':id/files/:fileId')
  @ApiOperation({
    operationId: 'downloadTaskFile',
    summary: 'Tải tệp về (Content-Disposition giữ tên tiếng Việt: filename*)',
  })
  @ApiProduces(...TASK_FILE_CONTENT_TYPES)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async download(
    @CurrentActor() actor: Actor,
    @TaskId() id: string,
    @FileId() fileId: string,
    @Res({ passthrough: true }) res: DownloadResponse,
  ): Promise<StreamableFile> {
    const { file, stream } = await this.files.open(actor, id, fileId);
    // Express's attachment() writes an ASCII `filename` and the RFC 5987 `filename*`.
    res.attachment(file.name);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(stream, { length: file.size });
  }

  @Delete(':id/files/:fileId')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteTaskFile',
    summary: 'Xoá tệp (chỉ người tải lên, khi nhiệm vụ chưa kết thúc)',
  })
  @ApiNoContentResponse()
  async remove(
    @CurrentActor() actor: Actor,
    @TaskId() id: string,
    @FileId() fileId: string,
  ): Promise<void> {
    await this.files.remove(actor, id, fileId);
  }
}
