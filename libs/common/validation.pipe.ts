import {
  ArgumentMetadata,
  ValidationError,
  ValidationPipe,
  ValidationPipeOptions,
} from '@nestjs/common';
import { ErrorDetail, validationFailed } from './domain.exception';
import { findBadText } from './input-text';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (value: unknown) => typeof value === 'string' && UUID.test(value);

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

const invalid = (details: ErrorDetail[]) => validationFailed(...details);

/**
 * The class-validator pipe, preceded by one check of every string a request carries (body,
 * query, route params, at any depth): text with NUL or a lone surrogate is refused here, once,
 * before any DTO, service or workflow sees it.
 */
export class AppValidationPipe extends ValidationPipe {
  constructor(options: ValidationPipeOptions) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const bad = findBadText(value, metadata.data ?? '');
      if (bad) throw invalid([bad]);
    }
    // Every `:id` route parameter is a UUID (ParseUUIDPipe follows); name the field and rule here.
    if (metadata.type === 'param' && metadata.data === 'id' && !isUuid(value)) {
      throw invalid([{ field: 'id', rule: 'isUuid', message: 'id phải là một UUID' }]);
    }
    return super.transform(value, metadata);
  }
}

/** The global pipe: unknown fields are rejected, payloads are transformed to DTO instances. */
export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => invalid(flatten(errors)),
  });
}
