import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';

/**
 * Shorthands for the OpenAPI contract (docs/decisions/0013-api-contract.md). Properties are
 * required unless `required: false`; `nullable: true` where the value can be null.
 */
type Options = ApiPropertyOptions;
const property = (base: Options, extra: Options) => ApiProperty({ ...base, ...extra } as Options);

export const ApiUuid = (extra: Options = {}) => property({ type: String, format: 'uuid' }, extra);

/** A calendar date 'YYYY-MM-DD' (Asia/Ho_Chi_Minh). */
export const ApiDate = (extra: Options = {}) =>
  property({ type: String, format: 'date', example: '2026-12-31' }, extra);

/** An instant, ISO 8601 in UTC. */
export const ApiDateTime = (extra: Options = {}) =>
  property({ type: String, format: 'date-time' }, extra);

export const ApiText = (extra: Options = {}) => property({ type: String }, extra);

export const ApiInt = (extra: Options = {}) => property({ type: 'integer' }, extra);

export const ApiBool = (extra: Options = {}) => property({ type: Boolean }, extra);
