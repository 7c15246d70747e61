import createClient, { type Middleware } from 'openapi-fetch';
import { clearSession, readSession } from '../auth/session';
import type { components, paths } from './schema';

/** Component schemas of the API's OpenAPI document (generated: `npm run gen:api`). */
export type Schemas = components['schemas'];
export type ErrorBody = Schemas['ErrorBodyDto'];

/** An API answer that is not 2xx, in the API's one error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }
  get code(): string {
    return this.body.code;
  }
}

/** Called when the API says the token is no longer valid (expired, revoked, user deactivated). */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

const auth: Middleware = {
  onRequest({ request }) {
    const session = readSession();
    if (session) request.headers.set('authorization', `Bearer ${session.accessToken}`);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !request.url.endsWith('/auth/login')) {
      clearSession();
      onUnauthorized();
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/**
 * Unwraps an openapi-fetch answer: the data, or an ApiError carrying the API's error body.
 * Used by every query and mutation, so screens deal with one error type.
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const body = (error ?? {}) as Partial<ErrorBody>;
  throw new ApiError(response.status, {
    statusCode: response.status,
    code: body.code ?? 'HTTP_' + response.status,
    message: body.message ?? response.statusText,
    details: body.details ?? [],
  } as ErrorBody);
}

/** Downloads a binary answer (exports, files) with the session's token and saves it. */
export async function download(url: string, fallbackName: string): Promise<void> {
  const session = readSession();
  const response = await fetch(url, {
    headers: session ? { authorization: `Bearer ${session.accessToken}` } : {},
  });
  if (!response.ok) {
    if (response.status === 401) {
      clearSession();
      onUnauthorized();
    }
    const body = (await response.json().catch(() => ({}))) as Partial<ErrorBody>;
    throw new ApiError(response.status, {
      statusCode: response.status,
      code: body.code ?? 'HTTP_' + response.status,
      message: body.message ?? response.statusText,
      details: body.details ?? [],
    } as ErrorBody);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  const name = star ? decodeURIComponent(star) : (plain ?? fallbackName);
  const href = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
