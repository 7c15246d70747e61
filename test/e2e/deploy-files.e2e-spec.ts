import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { parse, parseAllDocuments } from 'yaml';
import { Environment } from '../../libs/config/environment';
import { TEMPORAL_SERVER, TEMPORAL_UI } from '../../libs/infra/go-binaries';
import { WORKFLOW_BUNDLE_PATH } from '../../apps/worker/src/workflow-bundle';

/**
 * deploy/ cannot run on these machines (no Docker engine, no Kubernetes), so this checks what can
 * be checked without them: every file parses, the pieces name each other consistently, and they
 * agree with the code — the variables of libs/config/environment.ts, the npm scripts and entry
 * points the build produces, the Temporal versions the project builds. Needs no server.
 */

const root = resolve(__dirname, '..', '..');
const deployDir = join(root, 'deploy');
const k8sDir = join(deployDir, 'k8s');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

type Dict = Record<string, unknown>;
const asDict = (value: unknown): Dict => (value ?? {}) as Dict;

/** Every variable the API and the worker read: the validated properties of Environment. */
function environmentVariables(): Set<string> {
  const validated = getMetadataStorage()
    .getTargetValidationMetadatas(Environment, '', true, false)
    .map((m) => m.propertyName);
  return new Set([...validated, ...Object.keys(new Environment())]);
}
const KNOWN = environmentVariables();
const DEFAULTS = new Environment();

const ENTRY = {
  api: ['node', 'dist/apps/api/src/main.js'],
  worker: ['node', 'dist/apps/worker/src/main.js'],
  migrate: ['node', 'dist/apps/launcher/src/main.js', 'migrate'],
};

/** The directories `npm run build` compiles with swc, and its output directory. */
function swcBuild(): { sources: string[]; outDir: string } {
  const script = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts
    .build;
  const match = /swc\s+((?:[\w./-]+\s+)+?)-d\s+(\S+)/.exec(script);
  if (!match) throw new Error(`npm run build does not run swc … -d <dir>: ${script}`);
  return { sources: match[1].trim().split(/\s+/), outDir: match[2] };
}

/** The TypeScript source that swc compiles to a dist/…/x.js entry point (asserting it exists). */
function sourceOf(entry: string): string {
  const { sources, outDir } = swcBuild();
  expect(entry.startsWith(`${outDir}/`)).toBe(true);
  const source = entry.slice(outDir.length + 1).replace(/\.js$/, '.ts');
  expect(sources).toContain(source.split('/')[0]);
  expect(existsSync(join(root, source))).toBe(true);
  return source;
}

/** What a command runs: the API, the worker or the migration, checked against the sources. */
function entryKind(command: unknown): keyof typeof ENTRY {
  expect(Array.isArray(command)).toBe(true);
  const argv = command as string[];
  const kind = (Object.keys(ENTRY) as (keyof typeof ENTRY)[]).find(
    (k) => JSON.stringify(ENTRY[k]) === JSON.stringify(argv),
  );
  if (!kind) throw new Error(`Unknown command ${JSON.stringify(argv)}`);
  sourceOf(argv[1]);
  return kind;
}

function expectKnownVariables(names: string[], where: string) {
  const unknown = names.filter((name) => !KNOWN.has(name));
  expect({ where, unknown }).toEqual({ where, unknown: [] });
}

// --- docker-compose.yml ----------------------------------------------------------------------

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: { test: string[] };
  restart?: string;
  depends_on?: Record<string, { condition: string }> | string[];
}
const compose = parse(read('deploy/docker-compose.yml'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
};
const services = compose.services;
const appServices = Object.entries(services).filter(([, s]) =>
  s.command?.some((arg) => arg.startsWith('dist/')),
);
const servicesOf = (kind: keyof typeof ENTRY) =>
  appServices.filter(([, s]) => entryKind(s.command) === kind);
const healthPort = (s: ComposeService) => {
  const match = /http:\/\/127\.0\.0\.1:(\d+)\/health/.exec(s.healthcheck?.test.join(' ') ?? '');
  return match ? match[1] : undefined;
};

describe('deploy/docker-compose.yml', () => {
  it('runs PostgreSQL, Temporal, its schema job and UI, the migration, two APIs and two workers', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining([
        'postgres',
        'temporal-schema',
        'temporal',
        'temporal-ui',
        'migrate',
        'api1',
        'api2',
        'worker1',
        'worker2',
      ]),
    );
    expect(servicesOf('api').map(([name]) => name)).toEqual(['api1', 'api2']);
    expect(servicesOf('worker').map(([name]) => name)).toEqual(['worker1', 'worker2']);
    expect(servicesOf('migrate').map(([name]) => name)).toEqual(['migrate']);
  });

  it('gives every service an image, and builds the app ones from deploy/Dockerfile at the root', () => {
    for (const [name, service] of Object.entries(services)) {
      expect({ name, image: typeof service.image }).toEqual({ name, image: 'string' });
    }
    const images = new Set(appServices.map(([, s]) => s.image));
    expect(images.size).toBe(1);
    for (const [, service] of appServices) {
      expect(resolve(deployDir, service.build!.context)).toBe(root);
      expect(join(root, service.build!.dockerfile)).toBe(join(deployDir, 'Dockerfile'));
    }
    expect(services.temporal.image).toBe(`temporalio/server:${TEMPORAL_SERVER.version.slice(1)}`);
    expect(services['temporal-schema'].image).toBe(
      `temporalio/admin-tools:${TEMPORAL_SERVER.version.slice(1)}`,
    );
    expect(services['temporal-ui'].image).toBe(`temporalio/ui:${TEMPORAL_UI.version.slice(1)}`);
  });

  it('starts each service after what it needs, by conditions its targets can meet', () => {
    for (const [name, service] of Object.entries(services)) {
      const deps = service.depends_on ?? {};
      expect(Array.isArray(deps)).toBe(false);
      for (const [target, { condition }] of Object.entries(deps)) {
        expect({ name, target, exists: target in services }).toEqual({
          name,
          target,
          exists: true,
        });
        if (condition === 'service_healthy') expect(services[target].healthcheck).toBeDefined();
        else if (condition === 'service_completed_successfully')
          expect(services[target].restart).toBe('no');
        else expect(condition).toBe('service_started');
      }
    }
    for (const [, service] of [...servicesOf('api'), ...servicesOf('worker')]) {
      expect(service.depends_on).toMatchObject({
        migrate: { condition: 'service_completed_successfully' },
        'temporal-namespace': { condition: 'service_completed_successfully' },
      });
    }
    // `migrate` also registers the search attributes, in the namespace the apps use.
    expect(services.migrate.depends_on).toMatchObject({
      'temporal-namespace': { condition: 'service_completed_successfully' },
    });
    for (const name of ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE']) {
      expect(services.migrate.environment?.[name]).toBe(services.api1.environment?.[name]);
      expect(services.migrate.environment?.[name]).toBe(
        services['temporal-namespace'].environment?.[name],
      );
    }
    expect(services.temporal.depends_on).toMatchObject({
      'temporal-schema': { condition: 'service_completed_successfully' },
    });
  });

  it('sets only variables that libs/config/environment.ts knows on the API and the worker', () => {
    expect(KNOWN.has('DATABASE_URL') && KNOWN.has('JWT_SECRET')).toBe(true);
    for (const [name, service] of appServices) {
      expectKnownVariables(Object.keys(service.environment ?? {}), `compose ${name}`);
      expect(service.environment?.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
    }
    for (const [, service] of [...servicesOf('api'), ...servicesOf('worker')]) {
      expect(service.environment).toMatchObject({
        HOST: '0.0.0.0',
        TEMPORAL_ADDRESS: `temporal:${services.temporal.environment?.FRONTEND_GRPC_PORT}`,
      });
      expect(service.environment?.JWT_SECRET).toContain('JWT_SECRET');
    }
  });

  it('probes /health on the ports the API and the worker listen on, and balances both APIs', () => {
    const apis = servicesOf('api');
    for (const [, api] of apis) expect(healthPort(api)).toBe(api.environment?.PORT);
    for (const [, worker] of servicesOf('worker')) {
      expect(healthPort(worker)).toBe(worker.environment?.WORKER_HTTP_PORT);
    }
    const nginx = read('deploy/nginx/giaoviec.conf');
    const upstream = [...nginx.matchAll(/^\s*server\s+([\w-]+):(\d+)/gm)].map((m) => [m[1], m[2]]);
    expect(upstream).toEqual(apis.map(([name, api]) => [name, api.environment?.PORT]));
    const lb = Object.values(services).find((s) => s.image?.startsWith('nginx'));
    expect(lb?.volumes).toContain('./nginx/giaoviec.conf:/etc/nginx/conf.d/default.conf:ro');
    // Files and spreadsheets up to the API's own limits reach it (it answers 413 beyond them).
    const bodyLimit = /client_max_body_size\s+(\d+)m;/.exec(nginx);
    expect(Number(bodyLimit?.[1]) * 1024 * 1024).toBeGreaterThanOrEqual(
      Math.max(DEFAULTS.TASK_FILE_MAX_BYTES, DEFAULTS.IMPORT_MAX_FILE_BYTES),
    );
    expect(nginx).toMatch(/location = \/metrics \{\s*return 404;/);
  });

  it('shares one task-files volume between the API replicas, at TASK_FILES_DIR', () => {
    const mounts = servicesOf('api').map(([, api]) =>
      (api.volumes ?? []).find((v) => v.endsWith(`:${api.environment?.TASK_FILES_DIR}`)),
    );
    expect(mounts[0]).toBeDefined();
    expect(new Set(mounts).size).toBe(1);
    expect(Object.keys(compose.volumes ?? {})).toContain(mounts[0]!.split(':')[0]);
  });

  it('mounts files that exist, and runs Temporal with the variables its config reads', () => {
    for (const service of Object.values(services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        if (source.startsWith('.')) expect(existsSync(resolve(deployDir, source))).toBe(true);
      }
      const script = service.entrypoint?.find((arg) => arg.startsWith('/scripts/'));
      if (script) expect(existsSync(join(deployDir, 'scripts', basename(script)))).toBe(true);
    }
    const config = read('deploy/temporal/config/production.yaml');
    expect(config.slice(0, 1024)).toContain('enable-template');
    const readByConfig = new Set([...config.matchAll(/env "([A-Z0-9_]+)"/g)].map((m) => m[1]));
    const temporal = services.temporal;
    const unread = Object.keys(temporal.environment ?? {}).filter((n) => !readByConfig.has(n));
    expect(unread).toEqual([]);
    expect(temporal.volumes).toContain('./temporal/config:/etc/temporal/config:ro');
    // The dynamic config file the config names is the one mounted.
    const dynamic = temporal.environment!.TEMPORAL_DYNAMIC_CONFIG;
    const mount = temporal.volumes!.find((v) => v.split(':')[1] === dirname(dynamic))!;
    expect(existsSync(join(resolve(deployDir, mount.split(':')[0]), basename(dynamic)))).toBe(true);
    const server = read('deploy/scripts/temporal-server.sh');
    expect(server).toMatch(
      /temporal-server --root \/etc\/temporal --config config --env production/,
    );
    expect(existsSync(join(root, 'deploy/temporal/config/production.yaml'))).toBe(true);
  });

  it('creates both Temporal schemas as start:cluster does: setup-schema -v 0.0, then update-schema', () => {
    const script = read('deploy/scripts/temporal-schema.sh');
    const steps = [...script.matchAll(/^sql --database "\$(\w+)" (.+)$/gm)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(steps).toEqual([
      ['TEMPORAL_DB', 'setup-schema -v 0.0'],
      ['TEMPORAL_DB', 'update-schema --schema-name postgresql/v12/temporal'],
      ['TEMPORAL_VISIBILITY_DB', 'setup-schema -v 0.0'],
      ['TEMPORAL_VISIBILITY_DB', 'update-schema --schema-name postgresql/v12/visibility'],
    ]);
    expect(script).toContain('--plugin postgres12');
    const env = services['temporal-schema'].environment!;
    expect(env.TEMPORAL_DB).toBe(services.temporal.environment?.TEMPORAL_DB);
    expect(env.TEMPORAL_VISIBILITY_DB).toBe(services.temporal.environment?.TEMPORAL_VISIBILITY_DB);
    // init.sh creates exactly the databases the server and the apps use.
    const init = read('deploy/postgres/init.sh');
    expect(init).toContain(`TEMPORAL_DB:=${env.TEMPORAL_DB}`);
    expect(init).toContain(`TEMPORAL_VISIBILITY_DB:=${env.TEMPORAL_VISIBILITY_DB}`);
    const appDb = /@postgres:5432\/(\w+)$/.exec(services.migrate.environment!.DATABASE_URL)![1];
    expect(init).toContain(`GIAOVIEC_DB:=${appDb}`);
  });
});

// --- Kubernetes --------------------------------------------------------------------------------

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Dict;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  resources?: { requests?: Dict; limits?: Dict };
  securityContext?: Dict;
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  containers: Container[];
  securityContext?: Dict;
  volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
}

const kustomization = parse(readFileSync(join(k8sDir, 'kustomization.yaml'), 'utf8')) as {
  resources: string[];
  images?: { name: string }[];
};
const manifestFiles = readdirSync(k8sDir)
  .filter((f) => /\.ya?ml$/.test(f) && !['kustomization.yaml', 'temporal-values.yaml'].includes(f))
  .sort();
const objects: K8sObject[] = manifestFiles.flatMap((file) =>
  parseAllDocuments(readFileSync(join(k8sDir, file), 'utf8')).map((doc) => {
    expect({ file, errors: doc.errors.map(String) }).toEqual({ file, errors: [] });
    return doc.toJS() as K8sObject;
  }),
);
const ofKind = (kind: string) => objects.filter((o) => o.kind === kind);
const podSpec = (o: K8sObject) =>
  asDict(asDict(asDict(o.spec).template).spec) as unknown as PodSpec;
const podLabels = (o: K8sObject) =>
  asDict(asDict(asDict(o.spec).template).metadata).labels as Record<string, string>;
const deployments = ofKind('Deployment');
const deploymentOf = (kind: keyof typeof ENTRY) =>
  deployments.find((d) => podSpec(d).containers.some((c) => entryKind(c.command) === kind))!;
const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);
/** A probe's or a Service's port (number or container port name) as a number. */
const portNumber = (container: Container, port: string | number) =>
  typeof port === 'number' ? port : container.ports?.find((p) => p.name === port)?.containerPort;
/** The container's variables: its own, its ConfigMaps' and its Secrets'. */
function containerEnvironment(container: Container): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    const source = ofKind(kind).find((o) => o.metadata.name === ref?.name);
    expect({ ref: ref?.name, found: Boolean(source) }).toEqual({ ref: ref?.name, found: true });
    Object.assign(env, source?.data, source?.stringData);
  }
  for (const { name, value } of container.env ?? []) env[name] = value;
  return env;
}

describe('deploy/k8s', () => {
  it('lists every manifest of the folder in kustomization.yaml, and nothing else', () => {
    expect([...kustomization.resources].sort()).toEqual(manifestFiles);
  });

  it('parses every manifest, each object with apiVersion, kind and metadata.name', () => {
    expect(objects.length).toBeGreaterThanOrEqual(manifestFiles.length);
    for (const o of objects) {
      expect(typeof o.apiVersion).toBe('string');
      expect(typeof o.kind).toBe('string');
      expect(typeof o.metadata?.name).toBe('string');
    }
    expect(objects.map((o) => o.kind)).toEqual(
      expect.arrayContaining([
        'Namespace',
        'ConfigMap',
        'Secret',
        'PersistentVolumeClaim',
        'Deployment',
        'Service',
        'HorizontalPodAutoscaler',
        'Job',
        'PodDisruptionBudget',
      ]),
    );
  });

  it('runs two API and two worker replicas, probed on /health, with resources and non-root', () => {
    expect(asDict(deploymentOf('api').spec).replicas).toBe(2);
    expect(asDict(deploymentOf('worker').spec).replicas).toBe(2);
    for (const deployment of deployments) {
      const spec = podSpec(deployment);
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true });
      for (const container of spec.containers) {
        const env = containerEnvironment(container);
        const listening =
          entryKind(container.command) === 'worker' ? env.WORKER_HTTP_PORT : env.PORT;
        expect(listening).toBeDefined();
        expect(env.HOST).toBe('0.0.0.0');
        for (const probe of [container.readinessProbe, container.livenessProbe]) {
          expect(probe?.httpGet?.path).toBe('/health');
          expect(String(portNumber(container, probe!.httpGet!.port))).toBe(listening);
        }
        expect(container.resources?.requests).toEqual(
          expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }),
        );
        expect(container.resources?.limits?.memory).toBeDefined();
        expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false });
        expect(kustomization.images?.map((i) => i.name)).toContain(container.image);
      }
    }
  });

  it('sets only variables that libs/config/environment.ts knows', () => {
    for (const o of [...ofKind('ConfigMap'), ...ofKind('Secret')]) {
      expectKnownVariables(Object.keys({ ...o.data, ...o.stringData }), o.metadata.name);
    }
    for (const o of [...deployments, ...ofKind('Job')]) {
      for (const c of podSpec(o).containers) {
        expectKnownVariables(Object.keys(containerEnvironment(c)), `${o.metadata.name}/${c.name}`);
      }
    }
  });

  it('selects with Services and budgets the pods the Deployments label, on their ports', () => {
    for (const service of ofKind('Service')) {
      const selector = asDict(service.spec).selector as Record<string, string>;
      const target = deployments.find((d) => matches(selector, podLabels(d)));
      expect({ service: service.metadata.name, found: Boolean(target) }).toEqual({
        service: service.metadata.name,
        found: true,
      });
      for (const port of asDict(service.spec).ports as { targetPort: string | number }[]) {
        expect(portNumber(podSpec(target!).containers[0], port.targetPort)).toBeDefined();
      }
    }
    for (const pdb of ofKind('PodDisruptionBudget')) {
      const selector = asDict(asDict(pdb.spec).selector).matchLabels as Record<string, string>;
      expect(deployments.filter((d) => matches(selector, podLabels(d)))).toHaveLength(1);
    }
    for (const d of deployments) {
      const selector = asDict(asDict(d.spec).selector).matchLabels as Record<string, string>;
      expect(matches(selector, podLabels(d))).toBe(true);
    }
  });

  it('scales the worker Deployment, by name, on CPU', () => {
    const [hpa] = ofKind('HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(asDict(hpa.spec).scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deploymentOf('worker').metadata.name,
    });
    expect(asDict(hpa.spec).minReplicas).toBe(asDict(deploymentOf('worker').spec).replicas);
    expect(JSON.stringify(asDict(hpa.spec).metrics)).toContain('"name":"cpu"');
  });

  it('migrates with a Job and shares a ReadWriteMany volume at TASK_FILES_DIR between APIs', () => {
    const [job] = ofKind('Job');
    expect(entryKind(podSpec(job).containers[0].command)).toBe('migrate');
    expect(Object.keys(containerEnvironment(podSpec(job).containers[0]))).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE']),
    );
    const api = podSpec(deploymentOf('api'));
    const dir = containerEnvironment(api.containers[0]).TASK_FILES_DIR;
    const mount = api.containers[0].volumeMounts?.find((m) => m.mountPath === dir);
    const claim = api.volumes?.find((v) => v.name === mount?.name)?.persistentVolumeClaim;
    const pvc = ofKind('PersistentVolumeClaim').find((p) => p.metadata.name === claim?.claimName);
    expect(asDict(pvc?.spec).accessModes).toEqual(['ReadWriteMany']);
  });

  it("configures Temporal's chart on PostgreSQL with the versions and dynamic config used here", () => {
    const values = parse(readFileSync(join(k8sDir, 'temporal-values.yaml'), 'utf8')) as Dict;
    const server = asDict(values.server);
    const version = TEMPORAL_SERVER.version.slice(1);
    expect(asDict(server.image).tag).toBe(version);
    expect(asDict(asDict(values.admintools).image).tag).toBe(version);
    expect(asDict(asDict(values.web).image).tag).toBe(TEMPORAL_UI.version.slice(1));
    const persistence = asDict(asDict(server.config).persistence);
    const stores = asDict(persistence.datastores);
    const databases = [persistence.defaultStore, persistence.visibilityStore].map((name) => {
      const sql = asDict(asDict(stores[name as string]).sql);
      expect(sql.pluginName).toBe('postgres12');
      expect(sql.manageSchema).toBe(true);
      return sql.databaseName;
    });
    expect(databases).toEqual([
      services.temporal.environment?.TEMPORAL_DB,
      services.temporal.environment?.TEMPORAL_VISIBILITY_DB,
    ]);
    const namespaces = asDict(asDict(server.config).namespaces);
    expect(namespaces.create).toBe(true);
    const configMap = ofKind('ConfigMap')[0].data!;
    expect((namespaces.namespace as { name: string }[]).map((n) => n.name)).toContain(
      configMap.TEMPORAL_NAMESPACE,
    );
    expect(configMap.TEMPORAL_ADDRESS).toMatch(/^temporal-frontend\.temporal\.svc/);
    const dynamicConfig = parse(read('deploy/temporal/dynamicconfig/production.yaml')) as Dict;
    expect(server.dynamicConfig).toEqual(dynamicConfig);
  });
});

// --- Dockerfile ----------------------------------------------------------------------------------

interface Instruction {
  stage: string;
  op: string;
  args: string;
}
/** The Dockerfile's instructions (continuation lines joined), each with its stage's name. */
function dockerfile(): Instruction[] {
  const text = read('deploy/Dockerfile').replace(/\\\n/g, ' ');
  let stage = '';
  const out: Instruction[] = [];
  for (const line of text.split('\n')) {
    const match = /^([A-Z]+)\s+(.*)$/.exec(line.trim());
    if (!match || line.trim().startsWith('#')) continue;
    const [, op, args] = match;
    if (op === 'FROM') stage = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? '';
    out.push({ stage, op, args: args.trim() });
  }
  return out;
}
const instructions = dockerfile();

/** Whether a .dockerignore pattern leaves out a path (itself or a directory above it). */
function ignores(pattern: string, path: string): boolean {
  const body = pattern
    .split('**/')
    .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
    .join('(?:.*/)?');
  return new RegExp(`^${body}(?:/.*)?$`).test(path);
}
const stages = [...new Set(instructions.map((i) => i.stage))].filter(Boolean);
const finalStage = stages[stages.length - 1];

describe('deploy/Dockerfile', () => {
  it('builds in stages: dependencies, build, production dependencies, runtime', () => {
    expect(stages).toEqual(['deps', 'build', 'prod-deps', 'runtime']);
    expect(instructions.find((i) => i.op === 'ARG')?.args).toMatch(/node:20[.\d]*-bookworm-slim/);
  });

  it('runs the steps npm start runs: ensure-deps, npm run build, npm run build:web', () => {
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    const runs = instructions.filter((i) => i.op === 'RUN').map((i) => i.args);
    expect(runs).toEqual(
      expect.arrayContaining([
        'node apps/launcher/ensure-deps.cjs',
        'npm run build',
        'npm run build:web',
      ]),
    );
    expect(pkg.scripts.start).toMatch(
      /^node apps\/launcher\/ensure-deps\.cjs && npm run -s build && npm run -s build:web && /,
    );
    expect(existsSync(join(root, 'apps/launcher/ensure-deps.cjs'))).toBe(true);
    expect(pkg.scripts.build).toBeDefined();
    expect(pkg.scripts['build:web']).toBeDefined();
    // Only production dependencies reach the runtime image.
    expect(runs.find((r) => r.startsWith('npm prune'))).toContain('--omit=dev');
  });

  it('copies into the runtime what the entry points load, and nothing of the sources', () => {
    const { outDir } = swcBuild();
    const copies = instructions
      .filter((i) => i.stage === finalStage && i.op === 'COPY')
      .map((i) => i.args.split(/\s+/));
    const fromBuild = copies
      .filter((c) => c[0] === '--from=build')
      .map((c) => c[1].replace(/^\/app\//, ''));
    // Every compiled directory the entry points import, and the workflow bundle the worker loads.
    for (const entry of Object.values(ENTRY)) {
      const top = sourceOf(entry[1]).split('/')[0];
      expect(fromBuild).toContain(`${outDir}/${top}`);
    }
    for (const dir of ['libs', 'workflows', 'db']) expect(fromBuild).toContain(`${outDir}/${dir}`);
    expect(fromBuild).toContain(`${outDir}/${relative(root, WORKFLOW_BUNDLE_PATH)}`);
    const env = Object.fromEntries(
      instructions
        .filter((i) => i.stage === finalStage && i.op === 'ENV')
        .flatMap((i) => i.args.split(/\s+/))
        .map((pair) => pair.split('=')),
    ) as Record<string, string>;
    expectKnownVariables(Object.keys(env), 'Dockerfile ENV');
    expect(fromBuild).toContain(env.WEB_DIST_DIR);
    expect(fromBuild.some((path) => path.startsWith('apps/') && !path.endsWith('dist'))).toBe(
      false,
    );
    expect(copies.some((c) => c[0] === '--from=prod-deps' && c[1] === '/app/node_modules')).toBe(
      true,
    );
    // Task files live where compose and Kubernetes mount the shared volume.
    expect(env.TASK_FILES_DIR).toBe(services.api1.environment?.TASK_FILES_DIR);
    expect(env.TASK_FILES_DIR).toBe(ofKind('ConfigMap')[0].data?.TASK_FILES_DIR);
    expect(env.HOST).toBe('0.0.0.0');
  });

  it('runs as a non-root user, the API by default, exposing the API and worker ports', () => {
    const runtime = instructions.filter((i) => i.stage === finalStage);
    const user = runtime.filter((i) => i.op === 'USER').pop()?.args;
    expect(user && !['root', '0'].includes(user)).toBe(true);
    const cmd = runtime.filter((i) => i.op === 'CMD').pop()!.args;
    expect(entryKind(JSON.parse(cmd))).toBe('api');
    const exposed = runtime.find((i) => i.op === 'EXPOSE')!.args.split(/\s+/);
    expect(exposed).toEqual(
      expect.arrayContaining([
        services.api1.environment!.PORT,
        services.worker1.environment!.WORKER_HTTP_PORT,
      ]),
    );
  });

  it('runs migrate, a command the launcher has', () => {
    const launcher = read(sourceOf(ENTRY.migrate[1]));
    expect(launcher).toMatch(/const commands\b[\s\S]*?=\s*\{[^}]*\bmigrate\b/);
  });

  it('sends the build its sources but not node_modules, dist, .data or secrets', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(
      expect.arrayContaining(['**/node_modules', 'dist', '.data', '**/.env', 'deploy']),
    );
    expect(ignores('**/node_modules', 'apps/web/node_modules/react')).toBe(true);
    expect(ignores('dist', 'apps/web/dist')).toBe(false);
    expect(ignores('**/.env', 'deploy/.env')).toBe(true);
    const copied = instructions
      .filter((i) => i.stage === 'deps' && i.op === 'COPY')
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    const needed = [...copied, ...swcBuild().sources, 'apps/web', 'package.json'];
    for (const path of needed) {
      const hit = ignored.find((pattern) => !pattern.startsWith('!') && ignores(pattern, path));
      expect({ path, ignoredBy: hit }).toEqual({ path, ignoredBy: undefined });
      expect(existsSync(join(root, path))).toBe(true);
    }
  });
});

describe('deploy/ formatting', () => {
  it('is prettier-clean, as `npm run lint` requires', () => {
    const ours = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        if (path === join(deployDir, 'temporal')) return [];
        if (statSync(path).isDirectory()) return ours(path);
        return /\.(ya?ml|md)$/.test(name) ? [relative(root, path)] : [];
      });
    const files = ours(deployDir);
    expect(files).toEqual(
      expect.arrayContaining(['deploy/docker-compose.yml', 'deploy/k8s/kustomization.yaml']),
    );
    expect(() =>
      execFileSync(join(root, 'node_modules/.bin/prettier'), ['--check', ...files], {
        cwd: root,
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });
});
