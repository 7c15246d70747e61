import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';

/** Paths the web app's index.html fallback must never answer: they belong to the API. */
const API_PATHS = ['/api/{*rest}', '/docs', '/docs/{*rest}', '/docs-json', '/health'];

/**
 * Serves the built web app (apps/web, `npm run build:web`) at `/`: hashed assets cached for a
 * year, index.html never cached, and every other non-API path answered with index.html so that
 * the app's own routes (/nhiem-vu/…) survive a reload or a shared link.
 */
@Module({})
export class WebAppModule {
  static forRoot(distDir: string): DynamicModule {
    const rootPath = distDir ? resolve(distDir) : '';
    if (!rootPath || !existsSync(join(rootPath, 'index.html'))) {
      if (rootPath) {
        new Logger('WebApp').warn(`No web app at ${rootPath} (run npm run build:web)`);
      }
      return { module: WebAppModule };
    }
    return {
      module: WebAppModule,
      imports: [
        ServeStaticModule.forRoot({
          rootPath,
          exclude: API_PATHS,
          serveStaticOptions: {
            index: false,
            setHeaders: (res, path) => {
              res.setHeader(
                'Cache-Control',
                path.includes(`${join(rootPath, 'assets')}`)
                  ? 'public, max-age=31536000, immutable'
                  : 'no-cache',
              );
            },
          },
        }),
      ],
    };
  }
}
