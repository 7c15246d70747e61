import { HttpStatus } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { QueryFailedError } from 'typeorm';

/**
 * SQLSTATE classes that no retry can cure: 22 (data exception: text too long, NUL byte, bad
 * date) and 23 (integrity constraint: unique, foreign key, check). Anything else — a lost
 * connection, a server restart, a deadlock — is worth retrying.
 */
const PERMANENT_CLASSES = ['22', '23'];

const BY_STATE: Record<string, { type: string; status: HttpStatus }> = {
  '23505': { type: 'ALREADY_EXISTS', status: HttpStatus.CONFLICT },
  '23503': { type: 'REFERENCE_NOT_FOUND', status: HttpStatus.BAD_REQUEST },
};

const BY_CONSTRAINT: Record<string, { type: string; status: HttpStatus }> = {
  tasks_code_key: { type: 'TASK_CODE_TAKEN', status: HttpStatus.CONFLICT },
};

/** The SQLSTATE of a PostgreSQL error, or undefined for anything else. */
export function sqlState(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  return (error.driverError as { code?: string } | undefined)?.code;
}

/**
 * Runs an activity's database work; a permanent database error becomes a non-retryable
 * `ApplicationFailure` (the workflow rejects the action with it) instead of a retry for ever.
 * `details[0].status` is the HTTP status the API answers with.
 */
export async function failPermanently<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const state = sqlState(error);
    if (!state || !PERMANENT_CLASSES.includes(state.slice(0, 2))) throw error;
    const { detail, constraint } = (
      error as QueryFailedError & { driverError: { detail?: string; constraint?: string } }
    ).driverError;
    const known = (constraint ? BY_CONSTRAINT[constraint] : undefined) ??
      BY_STATE[state] ?? { type: 'INVALID_DATA', status: HttpStatus.BAD_REQUEST };
    throw ApplicationFailure.create({
      type: known.type,
      message: `${what} was refused by the database (${state}${detail ? `: ${detail}` : ''})`,
      nonRetryable: true,
      details: [{ status: known.status, sqlState: state }],
    });
  }
}
