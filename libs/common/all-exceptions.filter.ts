import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { ActivityFailure, ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { QueryFailedError } from 'typeorm';
import { JsonTooDeepError } from './body-limits';
import { DomainException, ErrorBody, isProductCode } from './domain.exception';
import { InputRangeError } from './limits';

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
    if (exception instanceof InputRangeError) {
      return {
        ...body(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', `Invalid input: ${exception.field}`),
        details: [{ field: exception.field, rule: exception.rule, message: exception.message }],
      };
    }
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
      const parserError = fromBodyParser(exception.cause);
      if (parserError) return parserError;
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

/** Limits enforced by the body parsers (see body-limits.ts) and Express's URL decoding. */
function fromBodyParser(cause: unknown): ErrorBody | undefined {
  if (cause instanceof JsonTooDeepError) {
    return {
      ...body(HttpStatus.BAD_REQUEST, 'MALFORMED_JSON', 'Dữ liệu JSON lồng nhau quá sâu'),
      details: [{ field: 'body', rule: 'depth', message: cause.message }],
    };
  }
  if (cause instanceof URIError) {
    return {
      ...body(HttpStatus.BAD_REQUEST, 'MALFORMED_URL', 'Đường dẫn yêu cầu không đúng mã hóa URL'),
      details: [{ field: 'path', rule: 'uriEncoding', message: cause.message }],
    };
  }
  const type = (cause as { type?: unknown } | undefined)?.type;
  if (type === 'entity.too.large') {
    const limit = (cause as { limit?: number }).limit;
    return {
      ...body(HttpStatus.PAYLOAD_TOO_LARGE, 'PAYLOAD_TOO_LARGE', 'Dữ liệu gửi lên quá lớn'),
      details: [
        {
          field: 'body',
          rule: 'maxBytes',
          message: `Nội dung yêu cầu vượt quá giới hạn ${limit ?? ''} byte`.replace('  ', ' '),
        },
      ],
    };
  }
  if (type === 'parameters.too.many' || type === 'querystring.parse.rangeError') {
    return {
      ...body(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Quá nhiều tham số trong nội dung'),
      details: [{ field: 'body', rule: 'parameters', message: String((cause as Error).message) }],
    };
  }
  return undefined;
}

function fromApplicationFailure(cause: unknown): ErrorBody | undefined {
  // A workflow that let an activity's permanent failure through: answer with the activity's.
  if (cause instanceof ActivityFailure) return fromApplicationFailure(cause.cause);
  if (!(cause instanceof ApplicationFailure)) return undefined;
  const [details] = (cause.details ?? []) as [{ status?: number } | undefined];
  const status = details?.status ?? HttpStatus.CONFLICT;
  // Temporal's own failure types (e.g. an update left unprocessed when the workflow closed)
  // are not the product's codes: callers get one stable code to retry on.
  if (!isProductCode(cause.type)) {
    return body(HttpStatus.CONFLICT, 'WORKFLOW_BUSY', 'The item changed meanwhile; try again');
  }
  return body(status, cause.type!, cause.message);
}

const body = (statusCode: number, code: string, message: string): ErrorBody => ({
  statusCode,
  code,
  message,
  details: [],
});

const internal = () =>
  body(HttpStatus.INTERNAL_SERVER_ERROR, 'INTERNAL_ERROR', 'Internal server error');
