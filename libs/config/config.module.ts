import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule as NestConfigModule } from '@nestjs/config';
import { validateEnvironment } from './environment';

/**
 * Validated configuration, global: inject `ConfigService<Environment, true>`.
 * `overrides` win over process.env and `.env`; the launcher and tests use them to point an app
 * at the servers they started without touching the process environment.
 */
@Module({})
export class AppConfigModule {
  static forRoot(overrides: Record<string, string> = {}): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      imports: [
        NestConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: process.env.NODE_ENV === 'test',
          // A loaded (not `validate`d) configuration: Nest copies a validated one into
          // process.env, where one app's overrides would leak into the next app built in the
          // same process (tests build several). Loaded values win over process.env in `get`.
          load: [() => validateEnvironment({ ...process.env, ...overrides })],
        }),
      ],
    };
  }
}
