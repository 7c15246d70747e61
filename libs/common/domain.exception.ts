import { HttpStatus } from '@nestjs/common';
import { notFoundCode } from './error-codes';

export interface ErrorDetail {
  field?: string;
  rule?: string;
  message: string;
}

/** The one error shape every endpoint returns. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details: ErrorDetail[];
}

/**
 * A business error with a stable string code; the global filter maps it to HTTP.
 * Services throw these (or the helpers below), never raw HttpExceptions.
 */
export class DomainException extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'DomainException';
  }

  toBody(): ErrorBody {
    return {
      statusCode: this.status,
      code: this.code,
      message: this.message,
      details: this.details,
    };
  }
}

/**
 * Whether a failure type is one of the product's stable codes (UPPER_SNAKE), as opposed to
 * Temporal's own failure types (`UnprocessedUpdate`, `AcceptedUpdateCompletedWorkflow`…).
 */
export const isProductCode = (type: string | null | undefined): boolean =>
  /^[A-Z][A-Z0-9_]+$/.test(type ?? '');

export const notFound = (entity: string, id: string) =>
  new DomainException(HttpStatus.NOT_FOUND, notFoundCode(entity), `${entity} ${id} not found`);

export const forbidden = (code: string, message: string) =>
  new DomainException(HttpStatus.FORBIDDEN, code, message);

export const conflict = (code: string, message: string, details: ErrorDetail[] = []) =>
  new DomainException(HttpStatus.CONFLICT, code, message, details);

export const badRequest = (code: string, message: string, details: ErrorDetail[] = []) =>
  new DomainException(HttpStatus.BAD_REQUEST, code, message, details);

/** One field error: the field, the rule it broke, and a message a person can act on. */
export const fieldError = (field: string, rule: string, message: string): ErrorDetail => ({
  field,
  rule,
  message,
});

/**
 * The one way to refuse input: 400 `VALIDATION_FAILED`, its message naming the fields, the same
 * shape the validation pipe returns for DTO errors.
 */
export const validationFailed = (...details: ErrorDetail[]) =>
  badRequest(
    'VALIDATION_FAILED',
    `Invalid input: ${[...new Set(details.map((d) => d.field ?? '(body)'))].join(', ')}`,
    details,
  );
