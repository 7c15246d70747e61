import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpRequestSeconds, registry } from './metrics';

type ExpressRequest = IncomingMessage & { baseUrl?: string; route?: { path?: unknown } };

/**
 * Express middleware timing every request until its answer is sent, labelled by the route
 * *pattern* Express matched (`/api/v1/tasks/:id`): a raw path would make one series per id.
 * Requests no route matched (static files of the web app, 404s) share `route="unmatched"`.
 */
export function httpMetricsMiddleware() {
  return (req: ExpressRequest, res: ServerResponse, next: () => void): void => {
    const stop = httpRequestSeconds.startTimer();
    res.once('finish', () => {
      const path = req.route?.path;
      stop({
        method: req.method ?? 'GET',
        route: typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : 'unmatched',
        status: String(res.statusCode),
      });
    });
    next();
  };
}

/** True when METRICS_TOKEN is unset, or the request carries `Authorization: Bearer <it>`. */
export function metricsAuthorized(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return true;
  const given = Buffer.from(req.headers.authorization ?? '');
  const wanted = Buffer.from(`Bearer ${token}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** Writes the Prometheus scrape of this process (plus `extra` text, e.g. the Temporal core's). */
export async function writeMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  token: string | undefined,
  extra: () => Promise<string> = async () => '',
): Promise<void> {
  if (!metricsAuthorized(req, token)) {
    res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' });
    res.end('Unauthorized\n');
    return;
  }
  const [own, more] = await Promise.all([registry.metrics(), extra()]);
  res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
  res.end(more ? `${own}\n${more}` : own);
}

/** `GET /metrics` on the API's own port, before Nest's routes (so no prefix, guard or OpenAPI). */
export function metricsRoute(token: string | undefined) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || req.method !== 'GET') return next();
    writeMetrics(req, res, token).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`${String(error)}\n`);
    });
  };
}
