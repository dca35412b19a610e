import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AppError, type ErrorCode } from '../core/errors.js';

/** Codes the API adds to the domain's. */
export class StaleReadError extends AppError {
  readonly code = 'STALE_READ';
}
export class LimitError extends AppError {
  readonly code = 'BAD_USER_INPUT';
}

/** Apollo's own codes for requests that never reached a resolver. */
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_USER_INPUT',
]);

export interface ErrorLogger {
  error(fields: object, message: string): void;
}

/**
 * Every error leaves through here, with a stable `extensions.code` (ARCHITECTURE.md § Errors):
 * the application's codes as they are (UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, NOT_FOUND,
 * CONFLICT, and the domain's rule codes such as REVISION_LIMIT_REACHED), with their details; request
 * errors with Apollo's codes; anything else as INTERNAL_SERVER_ERROR, logged, its message hidden.
 */
export const createErrorFormatter =
  (options: { production: boolean; logger: ErrorLogger }) =>
  (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof AppError) {
      return {
        message: original.message,
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: original.code satisfies ErrorCode, ...stringify(original.details) },
      };
    }
    const code = formatted.extensions?.code;
    // Apollo's own refusals of a request (an APQ hash that does not match its query…) carry a 4xx
    // status and no code of their own: they are the client's, not internal.
    const status = (original as GraphQLError | undefined)?.extensions?.http as
      { status?: number } | undefined;
    if (
      (code === undefined || code === 'INTERNAL_SERVER_ERROR') &&
      original instanceof GraphQLError &&
      status?.status !== undefined &&
      status.status >= 400 &&
      status.status < 500
    ) {
      return { ...withoutStack(formatted), extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } };
    }
    // Request errors (parse, validation, coercion, authentication before execution) keep their code.
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
      return options.production || !REQUEST_CODES.has(code) ? withoutStack(formatted) : formatted;
    }
    if (original instanceof GraphQLError && !original.originalError && !code) {
      return { ...withoutStack(formatted), extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
    }
    options.logger.error({ err: original, path: formatted.path }, 'unexpected error');
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: {
        code: 'INTERNAL_SERVER_ERROR',
        ...(!options.production && original instanceof Error
          ? { stacktrace: original.stack?.split('\n') }
          : {}),
      },
    };
  };

const withoutStack = (formatted: GraphQLFormattedError): GraphQLFormattedError => {
  if (!formatted.extensions?.stacktrace) return formatted;
  const { stacktrace: _, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
};

/** Details are JSON: bigints become strings. */
const stringify = (details: Readonly<Record<string, unknown>>): Record<string, unknown> =>
  JSON.parse(
    JSON.stringify(details, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
  ) as Record<string, unknown>;
