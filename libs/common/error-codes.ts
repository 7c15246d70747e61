/**
 * Every stable `code` an error body may carry (the API contract's `ErrorCode` enum). Clients switch
 * on these, so a code is never renamed; error-codes.spec.ts fails when the source throws one that
 * is missing here.
 */
export const ERROR_CODES = [
  // Input and transport (validation pipe, body parsers, the exception filter).
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'MALFORMED_URL',
  'PAYLOAD_TOO_LARGE',
  /** Nest's own HttpExceptions keep their status name (ParseUUIDPipe, unknown routes). */
  'BAD_REQUEST',
  'NOT_FOUND',
  'HTTP_ERROR',
  'INTERNAL_ERROR',
  // Authentication and authorisation.
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'TOO_MANY_LOGIN_ATTEMPTS',
  'INVALID_CURRENT_PASSWORD',
  'PASSWORD_UNCHANGED',
  'ROLE_REQUIRED',
  'OUTSIDE_SCOPE',
  'ACTION_NOT_ALLOWED',
  // Unknown ids (notFound(entity, id) → <ENTITY>_NOT_FOUND).
  'TASK_NOT_FOUND',
  'UNIT_NOT_FOUND',
  'USER_NOT_FOUND',
  'PLAN_NOT_FOUND',
  'RECURRENCE_NOT_FOUND',
  'NOTIFICATION_NOT_FOUND',
  'SNAPSHOT_NOT_FOUND',
  'CALENDAR_OVERRIDE_NOT_FOUND',
  'INSPECTION_ROUND_NOT_FOUND',
  'PARENT_NOT_FOUND',
  // Database constraints and workflows.
  'ALREADY_EXISTS',
  'REFERENCE_CONSTRAINT',
  'REFERENCE_NOT_FOUND',
  'INVALID_DATA',
  'WORKFLOW_NOT_RUNNING',
  'WORKFLOW_BUSY',
  // Organisation.
  'UNIT_CODE_TAKEN',
  'UNIT_ROOT_EXISTS',
  'UNIT_CYCLE',
  'USERNAME_TAKEN',
  'CANNOT_DEACTIVATE_SELF',
  // Tasks.
  'TASK_CODE_TAKEN',
  'TASK_ALREADY_STARTED',
  'TASK_BUSY',
  'TASK_CLOSED',
  'TASK_INVALID_TRANSITION',
  'TASK_CANCELLED',
  'TASK_ALREADY_COMPLETED',
  'TASK_HAS_NO_DEADLINE',
  'TASK_NOT_LATE',
  'TASK_RECORD_REJECTED',
  'EXTENSION_PENDING',
  'EXTENSION_LIMIT_REACHED',
  'EXTENSION_AFTER_DEADLINE',
  'EXTENSION_NOT_LATER',
  'NO_PENDING_EXTENSION',
  'SAME_LEAD_UNIT',
  'INVALID_PAYLOAD',
  // Spreadsheet import.
  'IMPORT_UNREADABLE',
  'IMPORT_REJECTED',
  'IMPORT_TOO_LARGE',
  'IMPORT_TOO_MANY_ROWS',
  'IMPORT_IN_PROGRESS',
  // Task files.
  'TASK_FILE_NOT_FOUND',
  'FILE_TOO_LARGE',
  'FILE_TYPE_NOT_ALLOWED',
  // Documents and plans.
  'DOCUMENT_EXISTS',
  'NOT_DOCUMENT_ISSUER',
  'NOT_PLAN_ISSUER',
  'PLAN_NOT_DRAFT',
  'PLAN_NOT_ISSUED',
  'PLAN_ISSUE_IN_PROGRESS',
  'PLAN_CLOSED',
  'RECURRENCE_ENDED',
  'RECURRENCE_NOT_ACTIVE',
  'RECURRENCE_NOT_PAUSED',
  // Reorganisation of units.
  'REORGANISATION_NOT_FOUND',
  'REORGANISATION_PENDING',
  'REORGANISATION_NOT_SCHEDULED',
  'REORGANISATION_REFUSED',
  // Inspections.
  'NOT_ROUND_LEADER',
  'NOT_IN_TEAM',
  'NOT_TARGET_UNIT',
  'ROUND_INVALID_STATE',
  'TARGET_NOT_IN_ROUND',
  'TARGET_ALREADY_INSPECTED',
  'NOTHING_INSPECTED',
  'FINDINGS_OPEN',
  'FINDING_NOT_FOUND',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The code `notFound(entity, id)` gives: "Calendar override" → CALENDAR_OVERRIDE_NOT_FOUND. */
export const notFoundCode = (entity: string) =>
  `${entity.trim().toUpperCase().replace(/\s+/g, '_')}_NOT_FOUND`;
