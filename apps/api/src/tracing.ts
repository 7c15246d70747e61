import { startTracingFromEnv } from '../../../libs/observability/tracing';

/** Imported first by main.ts: tracing must patch http, express and pg before they load. */
export const tracing = startTracingFromEnv('giaoviec-api');
