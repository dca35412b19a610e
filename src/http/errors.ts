import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { RateLimitedError } from '../access/limits.js';
import { AppError } from '../core/errors.js';

/**
 * How the plain HTTP routes answer an error: the GraphQL error shape (`{ errors: [{ message,
 * extensions: { code } }] }`) with a stable code, so a client reads every refusal of the service
 * the same way.
 */
export const fail = (
  response: Response,
  status: number,
  code: string,
  message: string,
  details: object = {},
): void => {
  response.status(status).json({ errors: [{ message, extensions: { code, ...details } }] });
};

/** The largest request body the API reads (GraphQL documents and their variables; not evidence files). */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * The HTTP status an application error answers with, on every route (GraphQL and REST alike), and
 * the headers that go with it: too fast 429 with Retry-After (RFC 6585 § 4), read models lagging 503
 * with Retry-After (the service's, not the client's), unauthenticated 401, not found 404, any other
 * refusal of the client's request 400.
 */
export const statusOf = (error: AppError): { status: number; headers: Record<string, string> } => {
  if (error instanceof RateLimitedError) {
    return { status: 429, headers: { 'retry-after': String(error.retryAfterSeconds) } };
  }
  if (error.code === 'STALE_READ') return { status: 503, headers: { 'retry-after': '1' } };
  if (error.code === 'UNAUTHENTICATED') return { status: 401, headers: {} };
  if (error.code === 'NOT_FOUND') return { status: 404, headers: {} };
  return { status: 400, headers: {} };
};

/** The stable code of a client error, by its HTTP status. */
const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** The client-error status an error carries (Express and body-parser set `status`), if any. */
const clientStatus = (error: unknown): number | undefined => {
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
};

/**
 * Wraps a body parser so that whatever it fails on — a charset or encoding it does not know, a
 * corrupt gzip, deflate or brotli stream, a body over the limit, broken JSON — is the client's
 * error: 4xx with a stable code, never a 500. What it read stays the request's body.
 */
export const parseBody =
  (parser: RequestHandler, describe: (status: number) => string): RequestHandler =>
  (request, response, next) => {
    void parser(request, response, (error?: unknown) => {
      if (!error) return next();
      if (response.headersSent) return next(error);
      // Anything else (zlib's errors carry no status) came from the bytes the client sent.
      const status = clientStatus(error) ?? 400;
      const type = (error as { type?: string }).type;
      fail(response, status, CODES[status] ?? 'BAD_REQUEST', describe(status), type ? { reason: type } : {});
    });
  };

/** Routes nobody serves: 404 in the same shape. */
export const notFound: RequestHandler = (request, response) =>
  fail(response, 404, 'NOT_FOUND', `Nothing at ${request.method} ${request.path}`);

/**
 * The last error handler: a client error (a URL that does not decode, an application error) keeps
 * its 4xx and gets a stable code; only what is the service's own fault is a 500, logged.
 */
export const errorHandler =
  (logger: { error(fields: object, message: string): void }): ErrorRequestHandler =>
  (error: unknown, request, response, next) => {
    if (response.headersSent) return next(error);
    if (error instanceof AppError) {
      const { status, headers } = statusOf(error);
      for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
      return fail(response, status, error.code, error.message, error.details);
    }
    const status = clientStatus(error);
    if (status !== undefined) {
      return fail(
        response,
        status,
        CODES[status] ?? 'BAD_REQUEST',
        (error as Error).message || 'Bad request',
      );
    }
    logger.error({ err: error, path: request.path }, 'unhandled HTTP error');
    fail(response, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  };
