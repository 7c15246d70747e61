import { HttpStatus, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainException, ErrorDetail } from './domain.exception';

function flatten(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule: rule === 'whitelistValidation' ? 'unknownField' : rule,
      message,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** The global pipe: unknown fields are rejected, payloads are transformed to DTO instances. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new DomainException(
        HttpStatus.BAD_REQUEST,
        'VALIDATION_FAILED',
        `Invalid input: ${[...new Set(details.map((d) => d.field))].join(', ')}`,
        details,
      );
    },
  });
}
