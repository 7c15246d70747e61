/**
 * Bundled into the workflow code (workflow-bundle.ts): OpenTelemetry's workflow interceptors, on
 * only for executions started inside a trace (their start carries a `traceparent` in the
 * `_tracer-data` header: tracing is configured, docs/decisions/0018). The decision is taken once,
 * at the start of the execution, from its start event's headers, and recorded with `patched()`:
 * histories from before tracing replay without it (the package adds yield points that would
 * reorder e.g. a plan's child starts). Untraced executions build none of the package's objects:
 * its context manager holds an AsyncLocalStorage per execution, and every cached workflow's
 * storage taxes every promise of the worker thread (sdk-typescript#1432; a 5 000-task run went
 * from ≈ 600 MB to 3 GB of worker RSS and half the throughput). Nor do they load the package:
 * the reusable V8 context gives every workflow its own copy of each module it requires, kept while
 * the workflow is cached, and the package pulls in 108 OpenTelemetry modules (≈ 220 KB of heap per
 * cached workflow; a 5 000-task run peaked at 1 090 MB with the import at the top, 708 MB with it
 * here). Imports only `@temporalio/workflow` and, when traced, the package's sandbox-safe part.
 */
import type {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import {
  defaultPayloadConverter,
  patched,
  type Payload,
  type WorkflowInterceptors,
} from '@temporalio/workflow';

const TRACING_PATCH = 'giaoviec-otel-tracing';

type TracingModule = {
  OpenTelemetryInboundInterceptor: typeof OpenTelemetryInboundInterceptor;
  OpenTelemetryOutboundInterceptor: typeof OpenTelemetryOutboundInterceptor;
  OpenTelemetryInternalsInterceptor: typeof OpenTelemetryInternalsInterceptor;
};

/** The package's workflow part, evaluated only by executions that are traced (see above). */
function loadTracing(): TracingModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@temporalio/interceptors-opentelemetry/lib/workflow') as TracingModule;
}
/** The header the package's client and outbound interceptors write (its TRACE_HEADER). */
const TRACE_HEADER = '_tracer-data';

type Method = (input: unknown, next: (input: unknown) => unknown) => unknown;

/** Interceptor methods that delegate to `target()`'s when it exists, else straight to `next`. */
function gated<T extends object>(target: () => T | undefined, methods: string[]): T {
  const gate: Record<string, Method> = {};
  for (const name of methods) {
    gate[name] = (input, next) => {
      const t = target() as Record<string, Method> | undefined;
      return t ? t[name].call(t, input, next) : next(input);
    };
  }
  return gate as T;
}

/** Whether a start's headers carry a trace context (an empty carrier when tracing is off). */
function startedInTrace(headers: Record<string, Payload> | undefined): boolean {
  const payload = headers?.[TRACE_HEADER];
  if (!payload) return false;
  const carrier = defaultPayloadConverter.fromPayload<Record<string, string>>(payload);
  return typeof carrier?.traceparent === 'string';
}

export const interceptors = (): WorkflowInterceptors => {
  // Per execution (the factory runs once per workflow; module state is shared between them).
  let otel:
    | {
        inbound: OpenTelemetryInboundInterceptor;
        outbound: OpenTelemetryOutboundInterceptor;
        internals: OpenTelemetryInternalsInterceptor;
      }
    | undefined;
  // Not queries, nor update validators: they leave nothing in the history, and a span draws its
  // ids from the workflow's random generator, so tracing them would shift every later uuid4()
  // (an inspection round's task ids) and the replay would no longer match the history.
  const inboundGate = gated(() => otel?.inbound, ['handleSignal', 'handleUpdate']);
  return {
    inbound: [
      {
        ...inboundGate,
        // The first thing an execution runs, at the same point of its history on every replay.
        execute: (input, next) => {
          if (startedInTrace(input.headers) && patched(TRACING_PATCH)) {
            const {
              OpenTelemetryInboundInterceptor,
              OpenTelemetryOutboundInterceptor,
              OpenTelemetryInternalsInterceptor,
            } = loadTracing();
            otel = {
              inbound: new OpenTelemetryInboundInterceptor(),
              outbound: new OpenTelemetryOutboundInterceptor(),
              internals: new OpenTelemetryInternalsInterceptor(),
            };
            return otel.inbound.execute(input, next);
          }
          return next(input);
        },
      },
    ],
    outbound: [
      gated(
        () => otel?.outbound,
        [
          'scheduleActivity',
          'scheduleLocalActivity',
          'startNexusOperation',
          'startChildWorkflowExecution',
          'continueAsNew',
          'signalWorkflow',
          'getLogAttributes',
          'getMetricTags',
        ],
      ),
    ],
    internals: [gated(() => otel?.internals, ['dispose'])],
  };
};
