import { DataSource } from 'typeorm';
import { ENTITIES } from '../libs/database/entities';
import { InitialSchema1763800000000 } from './migrations/1763800000000-initial-schema';
import { Notifications1763800000002 } from './migrations/1763800000002-notifications';
import { Reporting1763900000000 } from './migrations/1763900000000-reporting';
import { Inspections1764000000000 } from './migrations/1764000000000-inspections';
import { Plans1764100000000 } from './migrations/1764100000000-plans';
import { UserTokenVersion1764200000000 } from './migrations/1764200000000-user-token-version';
import { SingleRootAndDocumentSymbols1764200000100 } from './migrations/1764200000100-single-root-and-document-symbols';
import { TaskCodes1764200000300 } from './migrations/1764200000300-task-codes';
import { ListIndexes1764300000000 } from './migrations/1764300000000-list-indexes';
import { TaskFilesAndComments1764400000000 } from './migrations/1764400000000-task-files-and-comments';
import { TaskCountsAndVisibility1764500000000 } from './migrations/1764500000000-task-counts-and-visibility';
import { TaskSearchKey1764650000000 } from './migrations/1764650000000-task-search-key';
import { ReportCells1764700000000 } from './migrations/1764700000000-report-cells';
import { LiveSettings1764800000000 } from './migrations/1764800000000-live-settings';
import { WrittenDueDate1764900000000 } from './migrations/1764900000000-written-due-date';
import { Recurrences1765000000000 } from './migrations/1765000000000-recurrences';
import { Reorganisation1765100000000 } from './migrations/1765100000000-reorganisation';
import { ReorganisationUnitMoves1765200000000 } from './migrations/1765200000000-reorganisation-unit-moves';
import { ReorganisationFollowOn1765300000000 } from './migrations/1765300000000-reorganisation-follow-on';

/** Every migration, in order. Adding one means adding it here too (reviewed, with a working down()). */
export const MIGRATIONS = [
  InitialSchema1763800000000,
  Notifications1763800000002,
  Reporting1763900000000,
  Inspections1764000000000,
  Plans1764100000000,
  UserTokenVersion1764200000000,
  SingleRootAndDocumentSymbols1764200000100,
  TaskCodes1764200000300,
  ListIndexes1764300000000,
  TaskFilesAndComments1764400000000,
  TaskCountsAndVisibility1764500000000,
  TaskSearchKey1764650000000,
  ReportCells1764700000000,
  LiveSettings1764800000000,
  WrittenDueDate1764900000000,
  Recurrences1765000000000,
  Reorganisation1765100000000,
  ReorganisationUnitMoves1765200000000,
  ReorganisationFollowOn1765300000000,
];

export function createDataSource(url: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsTransactionMode: 'each',
  });
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(url: string): Promise<string[]> {
  const dataSource = await createDataSource(url).initialize();
  try {
    const applied = await dataSource.runMigrations();
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
