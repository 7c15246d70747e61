import {
  CallHandler,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  NestInterceptor,
  PayloadTooLargeException,
  Type,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { catchError, from, mergeMap, Observable, throwError } from 'rxjs';
import type { Actor } from '../../auth/actor';
import { DomainException, fieldError, validationFailed } from '../../common/domain.exception';
import { StagedUpload, TaskFilesService } from './task-files.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The multipart part `file` of `POST /tasks/:id/files`: at most TASK_FILE_MAX_BYTES (413
 * FILE_TOO_LARGE, before the rest is read; the JSON body limit does not apply to multipart),
 * one file, a few short text fields, names read as UTF-8. Whether the caller may add a file to
 * the task is checked before the body is read; whatever the request's fate after that (a refused
 * field, a refused content), the staged bytes are removed before the answer goes out.
 */
@Injectable()
export class TaskFileUploadInterceptor implements NestInterceptor {
  private readonly inner: NestInterceptor;

  constructor(private readonly files: TaskFilesService) {
    const Inner: Type<NestInterceptor> = FileInterceptor('file', {
      storage: files.storage,
      defParamCharset: 'utf8',
      limits: { fileSize: files.maxBytes, files: 1, fields: 8, fieldSize: 1024, parts: 10 },
    });
    this.inner = new Inner();
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context
      .switchToHttp()
      .getRequest<{ params: { id?: string }; actor: Actor; file?: StagedUpload }>();
    // A malformed id is answered by the validation pipe (400) like on every other route.
    if (UUID.test(req.params.id ?? ''))
      await this.files.assertUploadable(req.actor, req.params.id!);
    let handled: Observable<unknown>;
    try {
      handled = (await this.inner.intercept(context, next)) as Observable<unknown>;
    } catch (error) {
      throw this.translate(error);
    }
    return handled.pipe(
      catchError((error: unknown) =>
        from(this.files.discardStaged(req.file)).pipe(mergeMap(() => throwError(() => error))),
      ),
    );
  }

  private translate(error: unknown): unknown {
    if (error instanceof PayloadTooLargeException) {
      const mb = (this.files.maxBytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '');
      return new DomainException(
        HttpStatus.PAYLOAD_TOO_LARGE,
        'FILE_TOO_LARGE',
        `Tệp vượt quá ${mb} MB`,
        [{ field: 'file', rule: 'maxSize', message: `Tệp tối đa ${this.files.maxBytes} byte` }],
      );
    }
    if (error instanceof HttpException && error.getStatus() === HttpStatus.BAD_REQUEST) {
      return validationFailed(fieldError('file', 'multipart', error.message));
    }
    return error;
  }
}
