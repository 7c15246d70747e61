import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Client, Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { TASK_SEARCH_ATTRIBUTES } from '../../workflows/task/task.search-attributes';
import { TEMPORAL_CLIENT } from './temporal-client.module';

/** gRPC status ALREADY_EXISTS (@grpc/grpc-js is not a direct dependency). */
const ALREADY_EXISTS = 6;

/** temporal.api.enums.v1.IndexedValueType (@temporalio/proto is not a direct dependency). */
const INDEXED_VALUE_TYPES: Record<SearchAttributeType, number> = {
  TEXT: 1,
  KEYWORD: 2,
  INT: 3,
  DOUBLE: 4,
  BOOL: 5,
  DATETIME: 6,
  KEYWORD_LIST: 7,
};

/**
 * Registers the task workflows' custom search attributes in `namespace`, idempotently: those
 * already registered with the same type are left alone, one registered with another type is an
 * error (the cluster's operator must resolve it). The dev server that `npm start` and the tests
 * run gets them as `--search-attribute` flags instead (libs/infra/temporal-server.ts), but only
 * when it creates its database: call this for a production cluster, or for a dev server whose
 * `.data` predates the attributes. Returns the names it added.
 */
export async function registerSearchAttributes(
  connection: Connection,
  namespace: string,
): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({
    namespace,
  });
  const missing: Record<string, number> = {};
  for (const { name, type } of TASK_SEARCH_ATTRIBUTES) {
    const wanted = INDEXED_VALUE_TYPES[type];
    const existing = customAttributes?.[name];
    if (existing === undefined || existing === null) missing[name] = wanted;
    else if (existing !== wanted) {
      throw new Error(`Search attribute ${name} exists in ${namespace} with another type`);
    }
  }
  if (Object.keys(missing).length === 0) return [];
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: missing,
    });
  } catch (error) {
    // Another process registered them between the list and the add.
    if ((error as { code?: number }).code !== ALREADY_EXISTS) throw error;
  }
  return Object.keys(missing);
}

/**
 * Registers the attributes when the API starts, in the background: a dev server whose `.data`
 * predates them (the `--search-attribute` flags apply only to a new database) gets them, and a
 * production cluster that already has them is only listed. Without the rights to add them, it
 * warns: the cluster's operator then runs `registerSearchAttributes` (docs/decisions/0020).
 */
@Injectable()
export class SearchAttributesRegistration implements OnApplicationBootstrap {
  private readonly logger = new Logger(SearchAttributesRegistration.name);

  constructor(@Inject(TEMPORAL_CLIENT) private readonly temporal: Client) {}

  onApplicationBootstrap(): void {
    registerSearchAttributes(
      this.temporal.connection as Connection,
      this.temporal.options.namespace,
    )
      .then((added) => {
        if (added.length > 0) this.logger.log(`Registered search attributes ${added.join(', ')}`);
      })
      .catch((error: Error) =>
        this.logger.warn(`Could not register the task search attributes: ${error.message}`),
      );
  }
}
