import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks } from '@temporalio/worker';
import type { OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry';
import { activeTracing, NO_TRACING } from '../../../libs/observability/tracing';

/**
 * The sink through which the workflow interceptors (compiled into every bundle) hand their spans
 * out of the sandbox: to the tracing's span processor, or nowhere when tracing is off. Replay
 * workers need it too, else the SDK logs every call to an unregistered sink.
 */
export function workflowSpanSinks(): InjectedSinks<OpenTelemetrySinks> {
  const { spanProcessor, resource } = activeTracing() ?? NO_TRACING;
  return { exporter: makeWorkflowExporter(spanProcessor, resource) };
}
