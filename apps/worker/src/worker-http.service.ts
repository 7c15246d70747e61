import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../../../libs/config/environment';
import { writeMetrics } from '../../../libs/observability/http-metrics';
import { TemporalWorkerService } from './temporal-worker.service';

/**
 * The worker's small HTTP listener on WORKER_HTTP_PORT (none when unset): `/health` answers 200
 * while the Temporal worker is RUNNING and 503 otherwise (starting, draining, failed), for
 * Kubernetes probes; `/metrics` is this process's registry followed by the SDK core's temporal_*
 * metrics, behind METRICS_TOKEN when it is set.
 */
@Injectable()
export class WorkerHttpService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHttpService.name);
  private server?: Server;

  constructor(
    private readonly config: ConfigService<Environment, true>,
    private readonly worker: TemporalWorkerService,
  ) {}

  /** The bound port (tests use WORKER_HTTP_PORT=0), or undefined when there is no listener. */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.get('WORKER_HTTP_PORT', { infer: true });
    if (port === undefined) return;
    const token = this.config.get('METRICS_TOKEN', { infer: true });
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method === 'GET' && path === '/health') {
        const state = this.worker.state;
        res.writeHead(state === 'RUNNING' ? 200 : 503, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ status: state === 'RUNNING' ? 'ok' : 'unavailable', worker: state }),
        );
      } else if (req.method === 'GET' && path === '/metrics') {
        writeMetrics(req, res, token, () => this.coreMetrics()).catch((error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`${String(error)}\n`);
        });
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('Not found\n');
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.config.get('HOST'), () => resolve());
    });
    this.server = server;
    this.logger.log(`Worker /health and /metrics on port ${this.port}`);
  }

  /** Answers (503 on /health) until the worker has drained, then closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.worker.stop();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  /** The SDK core's own scrape; empty (with a comment) when it cannot be read. */
  private async coreMetrics(): Promise<string> {
    const url = this.worker.coreMetricsUrl;
    if (!url) return '';
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      return res.ok ? await res.text() : `# temporal core metrics: HTTP ${res.status}\n`;
    } catch (error) {
      return `# temporal core metrics unavailable: ${String(error).replace(/\n/g, ' ')}\n`;
    }
  }
}
