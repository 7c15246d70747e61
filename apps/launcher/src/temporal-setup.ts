import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { registerSearchAttributes } from '../../../libs/temporal/search-attributes';

const NOT_FOUND = 5;

/**
 * Registers the task workflows' search attributes on whatever Temporal the app will use (the dev
 * server, the cluster, an operator's own): starting a workflow with an unknown one fails.
 * Idempotent; run by `npm start`, `npm run start:cluster` and the `migrate` command.
 */
export async function ensureSearchAttributes(
  address: string,
  namespace: string,
  log: (message: string) => void,
): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    // A namespace just registered reaches every service's cache within seconds (NOT_FOUND meanwhile).
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const added = await registerSearchAttributes(connection, namespace);
        if (added.length) log(`Temporal: search attributes registered: ${added.join(', ')}`);
        return;
      } catch (error) {
        if ((error as { code?: number }).code !== NOT_FOUND || Date.now() > deadline) throw error;
        await sleep(1000);
      }
    }
  } finally {
    await connection.close();
  }
}
