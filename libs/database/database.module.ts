import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Environment } from '../config/environment';
import { ENTITIES } from './entities';

/** PostgreSQL through TypeORM. The schema comes only from reviewed migrations (`db/migrations`). */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => ({
        type: 'postgres',
        url: config.get('DATABASE_URL'),
        entities: ENTITIES,
        synchronize: false,
        migrationsRun: false,
        extra: { max: 10 },
      }),
    }),
  ],
})
export class DatabaseModule {}
