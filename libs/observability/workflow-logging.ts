import type { WorkflowClientInterceptor } from '@temporalio/client';
import type {
  ActivityInboundCallsInterceptor,
  ActivityInterceptorsFactory,
} from '@temporalio/worker';
import type { PinoLogger } from 'nestjs-pino';

/**
 * Client side: once a request starts or messages a workflow, every later log line of that request
 * (including pino-http's "request completed") carries `workflowId`, and one debug line says what
 * was sent. Outside a request (schedules, the worker's own client) there is nothing to bind to.
 */
export function workflowLoggingInterceptor(logger: PinoLogger): WorkflowClientInterceptor {
  const bind = (workflowId: string, what: string) => {
    try {
      logger.assign({ workflowId });
    } catch {
      // Not inside a request: the line below still names the workflow.
    }
    logger.debug({ workflowId }, what);
  };
  return {
    async startWithDetails(input, next) {
      bind(input.options.workflowId, `start workflow ${input.workflowType}`);
      return next(input);
    },
    async signalWithStart(input, next) {
      bind(input.options.workflowId, `signal-with-start ${input.signalName}`);
      return next(input);
    },
    async signal(input, next) {
      bind(input.workflowExecution.workflowId, `signal ${input.signalName}`);
      return next(input);
    },
    async startUpdate(input, next) {
      bind(input.workflowExecution.workflowId, `update ${input.updateName}`);
      return next(input);
    },
    async startUpdateWithStart(input, next) {
      bind(input.workflowStartOptions.workflowId, `update-with-start ${input.updateName}`);
      return next(input);
    },
  };
}

/** Worker side: every log line of an activity carries its workflow, run and activity type. */
export function activityLoggingInterceptor(logger: PinoLogger): ActivityInterceptorsFactory {
  return (ctx) => {
    const inbound: ActivityInboundCallsInterceptor = {
      execute: (input, next) => {
        const { workflowExecution, activityType } = ctx.info;
        return logger.runInContext(
          async () => {
            const started = Date.now();
            try {
              const result = await next(input);
              logger.debug(`activity ${activityType} done in ${Date.now() - started} ms`);
              return result;
            } catch (error) {
              logger.debug({ err: error }, `activity ${activityType} failed`);
              throw error;
            }
          },
          {
            bindings: {
              workflowId: workflowExecution?.workflowId,
              runId: workflowExecution?.runId,
              activityType,
            },
          },
        );
      },
    };
    return { inbound };
  };
}
