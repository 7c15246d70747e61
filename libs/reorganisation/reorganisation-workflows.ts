import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { reorganisationWorkflowId } from '../../workflows/reorganisation/reorganisation.messages';
import type { reorganisation } from '../../workflows/reorganisation/reorganisation.workflow';
import { TEMPORAL_CLIENT, TemporalSettings } from '../temporal/temporal-client.module';

/** Starts a reorganisation's workflow, or finds it running (one per reorganisation). */
@Injectable()
export class ReorganisationWorkflows {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly settings: TemporalSettings,
  ) {}

  async ensure(reorganisationId: string, effectiveOn: string): Promise<void> {
    await this.temporal.workflow.start<typeof reorganisation>('reorganisation', {
      taskQueue: this.settings.taskQueue,
      workflowId: reorganisationWorkflowId(reorganisationId),
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [{ reorganisationId, effectiveOn }],
    });
  }
}

/**
 * At API boot, every reorganisation still scheduled or running gets its workflow back if the
 * Temporal server lost it (its steps are idempotent, so a second run finishes the first's work).
 */
@Injectable()
export class ReorganisationWorkflowsAtBoot
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(ReorganisationWorkflowsAtBoot.name);
  private readonly shutdown = new AbortController();
  ready: Promise<void> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workflows: ReorganisationWorkflows,
  ) {}

  onApplicationBootstrap(): void {
    this.ready = this.ensureAll();
  }

  onApplicationShutdown(): void {
    this.shutdown.abort();
  }

  private async ensureAll(): Promise<void> {
    const signal = this.shutdown.signal;
    for (let delay = 1000; !signal.aborted; delay = Math.min(delay * 2, 60_000)) {
      try {
        const rows: { id: string; effectiveOn: string }[] = await this.db.query(
          `SELECT id, effective_on::text AS "effectiveOn" FROM reorganisations
           WHERE status IN ('scheduled', 'running') ORDER BY effective_on`,
        );
        for (const row of rows) {
          if (signal.aborted) return;
          await this.workflows.ensure(row.id, row.effectiveOn);
        }
        return;
      } catch (error) {
        if (signal.aborted) return;
        this.logger.warn(`Reorganisation workflows not ensured yet: ${String(error)}`);
        await sleep(delay, undefined, { signal }).catch(() => undefined);
      }
    }
  }
}
