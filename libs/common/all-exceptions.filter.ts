import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { QueryFailedError } from 'typeorm';
import { DomainException, ErrorBody } from './domain.exception';

type HttpResponse = { status(code: number): { json(body: unknown): void } };

const PG_UNIQUE_VIOLATION = '23505';
const PG_FOREIGN_KEY_VIOLATION = '23503';

/** The single place where errors become HTTP responses, all in the `ErrorBody` shape. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception);
    host.switchToHttp().getResponse<HttpResponse>().status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainException) return exception.toBody();
    if (exception instanceof WorkflowUpdateFailedError) {
      return fromApplicationFailure(exception.cause) ?? internal();
    }
    if (exception instanceof WorkflowNotFoundError) {
      return body(HttpStatus.CONFLICT, 'WORKFLOW_NOT_RUNNING', exception.message);
    }
    if (exception instanceof QueryFailedError) {
      const code = (exception.driverError as { code?: string } | undefined)?.code;
      const detail = (exception.driverError as { detail?: string } | undefined)?.detail ?? '';
      if (code === PG_UNIQUE_VIOLATION) return body(HttpStatus.CONFLICT, 'ALREADY_EXISTS', detail);
      if (code === PG_FOREIGN_KEY_VIOLATION) {
        return body(HttpStatus.CONFLICT, 'REFERENCE_CONSTRAINT', detail);
      }
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // body-parser's SyntaxError, mapped to a 400 by Nest's Express adapter.
      if (exception.cause instanceof SyntaxError) {
        return {
          ...body(status, 'MALFORMED_JSON', 'The request body is not valid JSON'),
          details: [{ field: 'body', rule: 'json', message: exception.cause.message }],
        };
      }
      return body(status, HttpStatus[status] ?? 'HTTP_ERROR', exception.message);
    }
    return internal();
  }
}

function fromApplicationFailure(cause: unknown): ErrorBody | undefined {
  if (!(cause instanceof ApplicationFailure)) return undefined;
  const [details] = (cause.details ?? []) as [{ status?: number } | undefined];
  const status = details?.status ?? HttpStatus.CONFLICT;
  return body(status, cause.type ?? 'WORKFLOW_REJECTED', cause.message);
}

const body = (statusCode: number, code: string, message: string): ErrorBody => ({
  statusCode,
  code,
  message,
  details: [],
});

const internal = () =>
  body(HttpStatus.INTERNAL_SERVER_ERROR, 'INTERNAL_ERROR', 'Internal server error');
