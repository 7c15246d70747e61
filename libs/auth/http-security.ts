import type { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import helmet from 'helmet';
import type { Environment } from '../config/environment';

/**
 * Security headers on every answer (helmet: CSP, nosniff, frame-ancestors, no X-Powered-By…) and
 * CORS only for the origins CORS_ORIGINS names (none by default: browsers on other origins get no
 * Access-Control-Allow-Origin). The CSP is helmet's default, which Swagger UI at /docs works under
 * (its scripts and styles come from /docs itself), without `upgrade-insecure-requests` so that
 * /docs still loads over plain HTTP on a LAN address.
 */
export function applyHttpSecurity(app: INestApplication): void {
  const config = app.get(ConfigService<Environment, true>);
  const http = app.getHttpAdapter().getInstance() as {
    disable?: (setting: string) => void;
    set?: (setting: string, value: unknown) => void;
  };
  http.disable?.('x-powered-by');
  // Behind a reverse proxy the socket's peer is the proxy: the login throttle needs the client.
  const trustProxy = config.get('TRUST_PROXY', { infer: true }).trim();
  if (trustProxy) {
    http.set?.(
      'trust proxy',
      /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy === 'true' ? true : trustProxy,
    );
  }
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));

  const origins = config
    .get('CORS_ORIGINS', { infer: true })
    .split(',')
    .map((origin: string) => origin.trim())
    .filter(Boolean);
  if (origins.length > 0) {
    app.enableCors({
      origin: origins,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type'],
      exposedHeaders: ['Content-Disposition', 'Retry-After'],
      maxAge: 600,
    });
  }
}
