import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, getSchemaPath, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorBodyDto } from '../../../libs/common/error-body.dto';
import { ApiModule } from './api.module';

/** REST lives under /api/v1; /health stays at the root for probes. */
export function setApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix('api/v1', { exclude: ['health'] });
}

type Operation = {
  parameters?: { in: string }[];
  requestBody?: unknown;
  security?: unknown[];
  responses: Record<string, unknown>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'Invalid input: `details` names each field and rule (VALIDATION_FAILED, …)',
  '401': 'No valid token (UNAUTHENTICATED, INVALID_CREDENTIALS)',
  '403': "Outside the caller's scope or role (OUTSIDE_SCOPE, ROLE_REQUIRED, …)",
  '404': 'Unknown id (<ENTITY>_NOT_FOUND)',
  '409': 'State conflict with a stable code (TASK_INVALID_TRANSITION, TASK_BUSY, …)',
};

/**
 * The error responses each operation can give, from its shape (every error has the one body
 * `ErrorBody`): 400 when it takes input, 401 and 403 when it needs a token, 404 when a path names
 * an id, 409 when it changes something. Responses a controller declares itself are kept.
 */
function addErrorResponses(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      const statuses = new Set<string>();
      if (operation.parameters?.length || operation.requestBody) statuses.add('400');
      if (operation.security?.length) ['401', '403'].forEach((s) => statuses.add(s));
      if (/\{[^}]*id\}/i.test(path)) statuses.add('404');
      if (method !== 'get') statuses.add('409');
      for (const status of [...statuses].sort()) {
        operation.responses[status] ??= {
          description: ERROR_RESPONSES[status],
          content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorBodyDto) } } },
        };
      }
    }
  }
}

/** `TaskController.list` → `taskList`: short, unique names for the generated client. */
const operationId = (controllerKey: string, methodKey: string) => {
  const base = controllerKey.replace(/Controller$/, '');
  return `${base[0].toLowerCase()}${base.slice(1)}${methodKey[0].toUpperCase()}${methodKey.slice(1)}`;
};

/** The OpenAPI document of the API, as served at /docs-json and written by `npm run gen:api`. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('GiaoViec API')
      .setDescription('Kế hoạch, nhiệm vụ, kiểm tra và báo cáo — quản lý giao việc')
      .setVersion('1')
      .addBearerAuth()
      .build(),
    { operationIdFactory: operationId, extraModels: [ErrorBodyDto] },
  );
  addErrorResponses(document);
  return sortKeys(document);
}

/** Placeholders that pass validation: a preview app connects to nothing. */
const PREVIEW_ENV = {
  DATABASE_URL: 'postgres://preview@127.0.0.1:1/preview',
  TEMPORAL_ADDRESS: '127.0.0.1:1',
  JWT_SECRET: 'preview-only-never-signs-a-token',
};

/** The document without servers: the module graph only (preview), no database or Temporal. */
export async function createOpenApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(ApiModule.forRoot(PREVIEW_ENV), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  setApiPrefix(app);
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/** Objects with their keys sorted, recursively (arrays keep their order): a stable file. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    ) as T;
  }
  return value;
}

/** The repository root (the package named giaoviec), from source or from dist/. */
export function repositoryRoot(from = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'giaoviec') {
      return dir;
    }
  }
  throw new Error(`No giaoviec package.json above ${from}`);
}

export const CONTRACT_FILES = {
  json: 'apps/web/src/api/openapi.json',
  types: 'apps/web/src/api/schema.d.ts',
} as const;

/**
 * openapi-typescript and prettier, run in a plain Node process: they load ESM packages that
 * jest's module system cannot, and Node 20.19+ can. Both files come out prettier-formatted with
 * the repository's settings, so `prettier --check .` holds for them too.
 */
const RENDER_SCRIPT = `
const { default: openapiTS, astToString } = require('openapi-typescript');
const prettier = require('prettier');
const { join } = require('node:path');
let input = '';
// Decoded as a stream: a character split across two chunks stays whole.
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', async () => {
  const ast = await openapiTS(JSON.parse(input), { alphabetize: true });
  const format = async (text, file) =>
    prettier.format(text, { ...(await prettier.resolveConfig(join(process.cwd(), file))), filepath: file });
  const [json, types] = await Promise.all([
    format(input, process.argv[1]),
    format(process.argv[3] + astToString(ast), process.argv[2]),
  ]);
  process.stdout.write(JSON.stringify({ json, types }));
});`;

const TYPES_HEADER =
  "/** Generated by `npm run gen:api` from the API's OpenAPI document: do not edit. */\n\n";

/** The two generated files' contents: the document as JSON and its TypeScript types. */
export async function renderContract(
  document: OpenAPIObject,
): Promise<{ json: string; types: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', RENDER_SCRIPT, CONTRACT_FILES.json, CONTRACT_FILES.types, TYPES_HEADER],
      { cwd: repositoryRoot(), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout)),
    );
    child.stdin!.end(JSON.stringify(document, null, 2));
  });
}
