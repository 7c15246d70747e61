import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * One Prometheus registry per process: the API and the worker each expose their own on /metrics
 * (task transitions and reminders are counted where the worker records them, report queries where
 * the API runs them). Module-level because activities and services count without injection.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const httpRequestSeconds = new Histogram({
  name: 'giaoviec_http_request_duration_seconds',
  help: 'HTTP request duration by route pattern (never raw ids), method and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const taskTransitions = new Counter({
  name: 'giaoviec_task_transitions_total',
  help: 'Task events recorded by the worker, by action (assign, submit, approve, …); retries count once',
  labelNames: ['action'] as const,
  registers: [registry],
});

export const remindersSent = new Counter({
  name: 'giaoviec_reminders_sent_total',
  help: 'Reminders delivered by the worker, by kind (before, due_day, overdue); retries count once',
  labelNames: ['kind'] as const,
  registers: [registry],
});

export const reminderLagSeconds = new Histogram({
  name: 'giaoviec_reminder_lag_seconds',
  help: 'Delivery time of a reminder minus the instant it was due',
  buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 14400, 86400],
  registers: [registry],
});

export const reportQuerySeconds = new Histogram({
  name: 'giaoviec_report_query_seconds',
  help: 'Time to compute a completion report, by report (completion, drill_down)',
  labelNames: ['report'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

/** Times `work` into `histogram` (also when it throws). */
export async function timed<T>(
  histogram: Histogram<'report'>,
  labels: { report: string },
  work: () => Promise<T>,
): Promise<T> {
  const stop = histogram.startTimer(labels);
  try {
    return await work();
  } finally {
    stop();
  }
}
