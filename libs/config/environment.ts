import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { DEADLINE_RULES, DeadlineRule } from '../domain/deadline';

/** Five whitespace-separated cron fields (Temporal checks the fields themselves). */
const CRON = /^\s*\S+(\s+\S+){4}\s*$/;

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' || value === true ? true : value === 'false' || value === false ? false : value;

/**
 * Every variable the API and the worker read. `.env.example` documents each one.
 * DATABASE_URL and TEMPORAL_ADDRESS are required here: the launcher (`npm start`, the test setup)
 * fills them in with the private servers it starts when they are not given.
 */
export class Environment {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsString()
  HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @IsNotEmpty()
  DATABASE_URL: string;

  @IsString()
  @IsNotEmpty()
  TEMPORAL_ADDRESS: string;

  @IsString()
  TEMPORAL_NAMESPACE = 'default';

  @IsString()
  TEMPORAL_TASK_QUEUE = 'giaoviec';

  /** Bundled workflow code (tests bundle once per run); when absent the worker bundles `workflows/`. */
  @IsOptional()
  @IsString()
  TEMPORAL_WORKFLOW_BUNDLE?: string;

  /** Workflows kept in the worker's memory; evicted ones replay on their next event. */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  TEMPORAL_MAX_CACHED_WORKFLOWS = 500;

  @IsString()
  @MinLength(16)
  JWT_SECRET: string;

  /** Every token expires (tokens without `exp` are refused); "8h", "30m", or seconds. */
  @IsString()
  @IsNotEmpty()
  JWT_EXPIRES_IN = '8h';

  /** Wrong passwords for one username before further attempts are refused (429) for the lockout. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES = 5;

  /** Wrong passwords from one client address (any usernames) before it is refused for the lockout. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_ADDRESS = 50;

  /** Window in which failures are counted, and how long a lockout lasts. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_LOCKOUT_SECONDS = 900;

  /**
   * The built web app the API serves at `/` (with a fallback to index.html for its routes);
   * relative paths are from the working directory. Empty or missing: the API serves no web app.
   */
  @IsString()
  WEB_DIST_DIR = 'apps/web/dist';

  /** Origins allowed to call the API from a browser, comma-separated; empty = no CORS at all. */
  @IsString()
  CORS_ORIGINS = '';

  /** Express `trust proxy` for the client address behind a reverse proxy ("loopback", "1", IPs); empty = none. */
  @IsString()
  TRUST_PROXY = '';

  /** Reminders: days before the due date, comma-separated. */
  @Matches(/^\s*(\d{1,3}\s*(,\s*\d{1,3}\s*)*)?$/, {
    message: 'TASK_REMINDER_DAYS_BEFORE must be like "7,3,1"',
  })
  TASK_REMINDER_DAYS_BEFORE = '7,3,1';

  /** Local hour (Asia/Ho_Chi_Minh) at which reminders go out. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(23)
  TASK_REMINDER_HOUR = 8;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  TASK_OVERDUE_FIRST_AFTER_DAYS = 1;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  TASK_OVERDUE_REPEAT_DAYS = 7;

  /** Reminders falling on a weekend or holiday go out on the previous (next, once overdue) working day. */
  @Transform(toBool)
  @IsBoolean()
  TASK_REMINDERS_ON_WORKING_DAYS = true;

  /** "N days before" (TASK_REMINDER_DAYS_BEFORE) counts working days rather than calendar days. */
  @Transform(toBool)
  @IsBoolean()
  TASK_REMINDER_DAYS_BEFORE_IN_WORKING_DAYS = false;

  /** Length of a calendar day for workflow timers; only tests shorten it. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  TASK_DAY_LENGTH_MS = 86_400_000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  TASK_MAX_EXTENSIONS = 1;

  @Transform(toBool)
  @IsBoolean()
  TASK_EXTENSION_ONLY_BEFORE_DUE = true;

  /** A due date on a weekend or holiday: moved to the next working day (Điều 148) or kept. */
  @IsIn(DEADLINE_RULES)
  DEADLINE_ON_NON_WORKING_DAY: DeadlineRule = 'next_working_day';

  /** Days after the conclusion within which findings must be remediated (docs/domain.md §4). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  INSPECTION_REMEDIATION_DAYS = 15;

  /** The scheduled digest also goes out on weekends and holidays (a manual run always does). */
  @Transform(toBool)
  @IsBoolean()
  DIGEST_ON_NON_WORKING_DAYS = false;

  /** When the daily digest of due-soon and overdue tasks goes out (cron, Asia/Ho_Chi_Minh). */
  @Matches(CRON, { message: 'DIGEST_CRON must be a five-field cron expression like "30 7 * * *"' })
  DIGEST_CRON = '30 7 * * *';

  /** When the snapshots of the periods cut off that day are published (cron, Asia/Ho_Chi_Minh). */
  @Matches(CRON, {
    message: 'SNAPSHOT_CRON must be a five-field cron expression like "15 0 * * *"',
  })
  SNAPSHOT_CRON = '15 0 * * *';

  /**
   * When each recurrence's Temporal Schedule creates the occurrences due by that day (cron,
   * Asia/Ho_Chi_Minh; docs/domain.md §8). A schedule made with another value keeps it.
   */
  @Matches(CRON, {
    message: 'RECURRENCE_CRON must be a five-field cron expression like "0 6 * * *"',
  })
  RECURRENCE_CRON = '0 6 * * *';

  /**
   * How late the Temporal Schedules (digest, snapshots, recurrences) still take an action missed while the
   * Temporal server was down: minutes, hours or days ("30m", "12h", "3d"); docs/decisions/0019.
   */
  @Matches(/^[1-9]\d*[mhd]$/, {
    message: 'SCHEDULE_CATCHUP_WINDOW must be like "30m", "12h" or "3d"',
  })
  SCHEDULE_CATCHUP_WINDOW = '3d';

  /** A task counts as "due soon" in the digest this many days ahead. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  DIGEST_DUE_SOON_DAYS = 3;

  /** Largest spreadsheet `POST /task-sheets/import` accepts, in bytes (larger: 413). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  IMPORT_MAX_FILE_BYTES = 10 * 1024 * 1024;

  /** Data rows one import may hold (more: 400 naming the first row past the limit). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  IMPORT_MAX_ROWS = 5000;

  /** Largest file `POST /tasks/:id/files` accepts, in bytes (larger: 413 FILE_TOO_LARGE). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  TASK_FILE_MAX_BYTES = 20 * 1024 * 1024;

  /**
   * Where task files are stored (created if missing; relative paths from the working directory).
   * `npm start` sets it to `files/` in its data directory.
   */
  @Transform(({ value }: { value: unknown }) => value || '.data/files')
  @IsString()
  TASK_FILES_DIR = '.data/files';

  /**
   * The first administrator of a fresh database: `migrate` (and `bootstrap-admin`) create the
   * root unit when there is none and this user in it, only while no active administrator exists.
   * Empty = nothing is created (npm start's demo data has its own admin).
   */
  @IsOptional()
  @IsString()
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  @IsOptional()
  @IsString()
  BOOTSTRAP_ADMIN_USERNAME?: string;

  @IsOptional()
  @IsString()
  BOOTSTRAP_ROOT_UNIT_CODE?: string;

  @IsOptional()
  @IsString()
  BOOTSTRAP_ROOT_UNIT_NAME?: string;

  /** SMTP server for e-mail; empty = e-mail disabled (the in-app inbox still works). */
  @IsOptional()
  @IsString()
  SMTP_HOST?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_PORT = 587;

  @Transform(toBool)
  @IsBoolean()
  SMTP_SECURE = false;

  @IsOptional()
  @IsString()
  SMTP_USER?: string;

  @IsOptional()
  @IsString()
  SMTP_PASSWORD?: string;

  @IsString()
  MAIL_FROM = '"GiaoViec" <giaoviec@localhost>';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Largest JSON or form request body, in bytes (larger: 413 PAYLOAD_TOO_LARGE). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(104_857_600)
  MAX_BODY_BYTES = 1_048_576;

  /** Deepest nesting of objects/arrays in a JSON body (deeper: 400 MALFORMED_JSON, rule depth). */
  @Transform(toInt)
  @IsInt()
  @Min(4)
  @Max(64)
  MAX_JSON_DEPTH = 16;

  /**
   * When set, `GET /metrics` (API port, and the worker's WORKER_HTTP_PORT) requires
   * `Authorization: Bearer <token>`; empty = open (keep the port private, decision 18).
   */
  @IsOptional()
  @IsString()
  METRICS_TOKEN?: string;

  /** The worker's HTTP port for `/health` and `/metrics` (0 = any free port); empty = none. */
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_HTTP_PORT?: number;

  /** On SIGTERM, how long in-flight requests (API) or activities (worker) get to finish. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  SHUTDOWN_GRACE_MS = 10_000;

  /**
   * OpenTelemetry traces go to this OTLP/HTTP collector (e.g. http://otel-collector:4318); empty =
   * tracing off. Read from the process environment before Nest starts (libs/observability/tracing.ts).
   */
  @IsOptional()
  @IsString()
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
}

export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const env = plainToInstance(Environment, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map(
      (e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`,
    );
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return env;
}
