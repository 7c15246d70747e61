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
import { ConfigService } from '@nestjs/config';
import { FileInterceptor } from '@nestjs/platform-express';
import { Observable } from 'rxjs';
import { DomainException, fieldError, validationFailed } from '../../common/domain.exception';
import type { Environment } from '../../config/environment';

/**
 * The multipart field `file`, at most IMPORT_MAX_FILE_BYTES (413 IMPORT_TOO_LARGE beyond it,
 * before the rest is read), one file per request. The limit comes from configuration, which a
 * decorator cannot read, so Nest's own FileInterceptor is built here with it.
 */
@Injectable()
export class SheetUploadInterceptor implements NestInterceptor {
  private readonly inner: NestInterceptor;
  private readonly maxBytes: number;

  constructor(config: ConfigService<Environment, true>) {
    this.maxBytes = config.get('IMPORT_MAX_FILE_BYTES');
    const Inner: Type<NestInterceptor> = FileInterceptor('file', {
      limits: { fileSize: this.maxBytes, files: 1, fields: 10 },
    });
    this.inner = new Inner();
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return (await this.inner.intercept(context, next)) as Observable<unknown>;
    } catch (error) {
      if (error instanceof PayloadTooLargeException) {
        const mb = (this.maxBytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '');
        throw new DomainException(
          HttpStatus.PAYLOAD_TOO_LARGE,
          'IMPORT_TOO_LARGE',
          `Tệp vượt quá ${mb} MB; hãy chia thành nhiều tệp nhỏ hơn`,
          [{ field: 'file', rule: 'maxSize', message: `Tệp tối đa ${this.maxBytes} byte` }],
        );
      }
      if (error instanceof HttpException && error.getStatus() === HttpStatus.BAD_REQUEST) {
        throw validationFailed(fieldError('file', 'multipart', error.message));
      }
      throw error;
    }
  }
}
