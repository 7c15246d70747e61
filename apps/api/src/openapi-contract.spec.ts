import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ERROR_CODES } from '../../../libs/common/error-codes';
import { CONTRACT_FILES, createOpenApiDocument, renderContract, repositoryRoot } from './openapi';

type Operation = {
  operationId?: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};

const operations = (document: OpenAPIObject) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    (['get', 'put', 'post', 'delete', 'patch'] as const).flatMap((method) => {
      const operation = item[method] as Operation | undefined;
      return operation ? [{ name: `${method.toUpperCase()} ${path}`, operation }] : [];
    }),
  );

describe('the published API contract', () => {
  let document: OpenAPIObject;
  let rendered: { json: string; types: string };

  beforeAll(async () => {
    document = await createOpenApiDocument();
    rendered = await renderContract(document);
  }, 60_000);

  it('is what apps/web/src/api holds (openapi.json and schema.d.ts)', () => {
    for (const kind of ['json', 'types'] as const) {
      const file = join(repositoryRoot(), CONTRACT_FILES[kind]);
      if (!existsSync(file)) {
        throw new Error(`${CONTRACT_FILES[kind]} is missing: run \`npm run gen:api\``);
      }
      if (readFileSync(file, 'utf8') !== rendered[kind]) {
        throw new Error(
          `${CONTRACT_FILES[kind]} is stale: run \`npm run gen:api\` and commit apps/web/src/api/`,
        );
      }
    }
  });

  it('types the body of every successful response (JSON or a declared binary)', () => {
    const untyped = operations(document).flatMap(({ name, operation }) =>
      Object.entries(operation.responses)
        .filter(([status]) => /^2\d\d$/.test(status) && status !== '204')
        .filter(([, response]) => {
          const contents = Object.values(response.content ?? {});
          return contents.length === 0 || contents.some((c) => !c.schema);
        })
        .map(([status]) => `${name} ${status}`),
    );
    expect(untyped).toEqual([]);
  });

  it('gives every operation a unique operationId and every error the ErrorBody shape', () => {
    const ids = operations(document).map(({ operation }) => operation.operationId);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const schemas = document.components!.schemas!;
    expect(schemas.ErrorCode).toMatchObject({ type: 'string', enum: [...ERROR_CODES] });
    expect(schemas.ErrorBodyDto).toMatchObject({
      required: expect.arrayContaining(['statusCode', 'code', 'message', 'details']),
    });
    // /health answers 503 with terminus's own report, by design (probes read it).
    for (const { name, operation } of operations(document).filter(
      (o) => !/\/health$/.test(o.name),
    )) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!/^[45]\d\d$/.test(status)) continue;
        expect([name, status, response.content?.['application/json']?.schema]).toEqual([
          name,
          status,
          { $ref: '#/components/schemas/ErrorBodyDto' },
        ]);
      }
    }
  });

  it('names the schemas the web app is built on', () => {
    for (const name of [
      'TaskDto',
      'TaskDetailDto',
      'TaskListPageDto',
      'TaskCountsDto',
      'TaskEventDto',
      'UnitDto',
      'UserDto',
      'ActorDto',
      'NotificationDto',
      'NotificationPageDto',
      'CompletionReportDto',
      'PlanDto',
      'InspectionRoundDto',
      'ErrorBodyDto',
      'ErrorCode',
      'TaskStatus',
      'TimelinessClass',
      'Role',
    ]) {
      expect(Object.keys(document.components!.schemas!)).toContain(name);
    }
  });
});
