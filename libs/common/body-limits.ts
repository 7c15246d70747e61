import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';

/** Thrown from the JSON parser's `verify` hook; the global filter answers it with a 400. */
export class JsonTooDeepError extends Error {
  readonly status = 400;
  readonly statusCode = 400;
  readonly expose = true;
  readonly type = 'entity.too.deep';

  constructor(readonly maxDepth: number) {
    super(`JSON nesting deeper than ${maxDepth} levels`);
    this.name = 'JsonTooDeepError';
  }
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The deepest nesting of objects and arrays in raw JSON bytes, stopping as soon as it passes
 * `limit`. Runs before JSON.parse so that a body nested thousands deep is refused without
 * recursing through it (the parser, class-transformer and class-validator all recurse).
 */
export function jsonDepthExceeds(buf: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

export interface BodyLimits {
  /** Largest JSON or form body accepted, in bytes; larger ones get a 413. */
  maxBodyBytes: number;
  /** Deepest nesting of objects/arrays accepted in a JSON body; deeper gets a 400. */
  maxJsonDepth: number;
}

/**
 * Installs the JSON and urlencoded parsers with the limits (before `init()`, so Nest does not
 * add its own unlimited-depth defaults). Errors reach the global filter as HttpExceptions whose
 * `cause` is the parser error: 413 `PAYLOAD_TOO_LARGE`, 400 `MALFORMED_JSON` (rule `depth`).
 */
export function useBodyLimits(app: INestApplication, limits: BodyLimits): void {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', {
    limit: limits.maxBodyBytes,
    verify: (_req: unknown, _res: unknown, buf: Buffer) => {
      if (jsonDepthExceeds(buf, limits.maxJsonDepth))
        throw new JsonTooDeepError(limits.maxJsonDepth);
    },
  });
  express.useBodyParser('urlencoded', {
    limit: limits.maxBodyBytes,
    extended: true,
    parameterLimit: 1000,
  });
}
