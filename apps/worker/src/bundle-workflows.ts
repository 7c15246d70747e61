import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import {
  WORKFLOW_BUNDLE_PATH,
  WORKFLOW_INTERCEPTOR_MODULES,
  WORKFLOWS_PATH,
} from './workflow-bundle';

/**
 * Part of `npm run build`: bundles `workflows/` once, so a worker starts without webpack
 * (faster, and its memory peak is not the bundler's).
 */
async function main() {
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    logger: {
      info() {},
      debug() {},
      trace() {},
      log() {},
      warn: console.warn,
      error: console.error,
    },
  });
  writeFileSync(WORKFLOW_BUNDLE_PATH, code);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
