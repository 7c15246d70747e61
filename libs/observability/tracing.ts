import { trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NoopSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface Tracing {
  /** Also handed to the worker's workflow span sink (workflow spans are made inside the sandbox). */
  readonly spanProcessor: SpanProcessor;
  readonly resource: Resource;
  shutdown(): Promise<void>;
}

let current: Tracing | undefined;

/** The started tracing, if any (the worker's sink exports workflow spans through it). */
export function activeTracing(): Tracing | undefined {
  return current;
}

/** What the worker's workflow span sink uses when tracing is off: spans go nowhere. */
export const NO_TRACING = { spanProcessor: new NoopSpanProcessor(), resource: Resource.empty() };

/**
 * Registers the global tracer provider (W3C propagation, AsyncLocalStorage context) and the HTTP
 * and PostgreSQL instrumentations. Must run before `http`, `express` and `pg` are loaded by the
 * app, i.e. first thing in main.ts. Tests pass their own processor (an in-memory exporter).
 */
export function startTracing(options: {
  serviceName: string;
  spanProcessor: SpanProcessor;
}): Tracing {
  if (current) return current;
  const resource = new Resource({ 'service.name': options.serviceName });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [options.spanProcessor] });
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes would be most of the traces.
        ignoreIncomingRequestHook: (req) => req.url === '/health' || req.url === '/metrics',
      }),
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  const tracing: Tracing = {
    spanProcessor: options.spanProcessor,
    resource,
    async shutdown() {
      unregister();
      await provider.shutdown();
      trace.disable();
      current = undefined;
    },
  };
  current = tracing;
  return tracing;
}

/**
 * Production switch: on when the standard `OTEL_EXPORTER_OTLP_ENDPOINT` is set (spans batched to
 * its `/v1/traces` over OTLP/HTTP), off otherwise. `OTEL_SERVICE_NAME` overrides the name.
 */
export function startTracingFromEnv(defaultServiceName: string): Tracing | undefined {
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  // Loaded only when used: the exporter pulls in its HTTP stack.
  const { OTLPTraceExporter } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  return startTracing({
    serviceName: process.env.OTEL_SERVICE_NAME || defaultServiceName,
    spanProcessor: new BatchSpanProcessor(new OTLPTraceExporter()),
  });
}
