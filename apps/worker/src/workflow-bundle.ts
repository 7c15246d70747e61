import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The workflow sources, and where `npm run build` writes their bundle (next to them in dist/). */
export const WORKFLOWS_PATH = require.resolve('../../../workflows');
export const WORKFLOW_BUNDLE_PATH = join(__dirname, '..', '..', '..', 'workflow-bundle.js');

/**
 * Workflow interceptors compiled into every bundle (a prebuilt bundle cannot gain them at start):
 * OpenTelemetry's, which make the workflow's spans and pass the trace on to its activities, gated
 * per execution so that older histories replay unchanged (workflow-tracing.interceptors.ts). An
 * execution that is not traced neither loads nor builds them.
 */
export const WORKFLOW_INTERCEPTOR_MODULES = [require.resolve('./workflow-tracing.interceptors')];

/** The prebuilt bundle to load: configured, else the build's, else none (bundle at start). */
export function workflowBundlePath(configured?: string): string | undefined {
  if (configured) return configured;
  return existsSync(WORKFLOW_BUNDLE_PATH) ? WORKFLOW_BUNDLE_PATH : undefined;
}
