import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startTracing, type Tracing } from '../../libs/observability/tracing';
import type { TestStack as Stack } from '../support/test-stack';

const WORKFLOW_ID = 'temporalWorkflowId';

/**
 * Tracing as production turns it on (OTEL_EXPORTER_OTLP_ENDPOINT), with an in-memory exporter
 * instead of OTLP. It must start before the app's modules load http and pg, hence the requires.
 */
describe('One trace from the API’s Temporal client through the workflow to its activities', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let stack: Stack;
  let unitIds: Record<string, string>;
  let leader: string;

  beforeAll(async () => {
    tracing = startTracing({
      serviceName: 'giaoviec-test',
      spanProcessor: new SimpleSpanProcessor(exporter),
    });
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { TestStack } =
      require('../support/test-stack') as typeof import('../support/test-stack');
    const { seedOrganization } =
      require('../../db/seeds/demo-organization') as typeof import('../../db/seeds/demo-organization');
    /* eslint-enable @typescript-eslint/no-require-imports */
    stack = await TestStack.start();
    ({ unitIds } = await seedOrganization(stack.api));
    leader = await stack.login('chutich');
  });
  afterAll(async () => {
    await stack?.close();
    await tracing?.shutdown();
  });

  const spansOf = (traceId: string) =>
    exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
  const named = (spans: ReadableSpan[], pattern: RegExp) =>
    spans.filter((s) => pattern.test(s.name));

  it('links the update-with-start of POST /tasks, the workflow run and its activity in one trace', async () => {
    exporter.reset();
    const res = await stack.http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${leader}`)
      .send({
        title: 'Theo dõi vết',
        source: 'ubnd_tinh',
        leadUnitId: unitIds.SKHDT,
        dueDate: '2030-12-31',
      })
      .expect(201);
    const workflowId = `task-${res.body.id}`;

    const start = await stack.eventually(
      async () =>
        exporter.getFinishedSpans().find(
          (s) =>
            // A task starts by update-with-start (its assignment is the update).
            /^(StartWorkflow|UpdateWithStartWorkflow):/.test(s.name) &&
            s.attributes[WORKFLOW_ID] === workflowId,
        ),
      10_000,
    );
    if (!start) console.log(exporter.getFinishedSpans().map((s) => [s.name, s.attributes]));
    expect(start).toBeDefined();
    const traceId = start!.spanContext().traceId;

    // The workflow's run span ends with the workflow: cancel the task to finish it.
    await stack.http
      .post(`/api/v1/tasks/${res.body.id}/cancel`)
      .set('Authorization', `Bearer ${leader}`)
      .send({ reason: 'Kết thúc kiểm thử vết' })
      .expect(200);
    const spans = await stack.eventually(async () => {
      const all = spansOf(traceId);
      return named(all, /^RunWorkflow:taskLifecycle$/).length > 0 &&
        named(all, /^RunActivity:/).length > 0
        ? all
        : null;
    }, 30_000);
    expect(spans).toBeTruthy();
    // The client's span is the root here: under jest, instrumentation-http and -pg cannot patch
    // modules (jest loads them past require hooks), so the HTTP and SQL spans are checked with
    // the built API in shutdown.e2e-spec.ts instead.
    expect(start!.parentSpanId).toBeUndefined();
    const run = named(spans!, /^RunWorkflow:taskLifecycle$/)[0];
    expect(run.parentSpanId).toBe(start!.spanContext().spanId);
    const activity = named(spans!, /^RunActivity:recordAssignment$/)[0];
    expect(activity).toBeDefined();
    const scheduled = spans!.find((s) => s.spanContext().spanId === activity.parentSpanId);
    expect(scheduled?.name).toBe('StartActivity:recordAssignment');
    expect(scheduled!.parentSpanId).toBe(run.spanContext().spanId);
    expect(activity.resource.attributes['service.name']).toBe('giaoviec-test');
  });
});
