/**
 * The few error types of the system, each with a stable code (ARCHITECTURE.md § Errors). They are
 * turned into GraphQL errors in one place; everywhere else they are thrown as they are.
 */

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INTERNAL'
  // Domain rule codes are open-ended strings in SCREAMING_SNAKE_CASE.
  | (string & {});

export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }

  /**
   * What GraphQL shows of the error: graphql-js copies an original error's `extensions` into the
   * GraphQLError it wraps it in, so the stable code reaches every transport (HTTP and WebSocket).
   */
  get extensions(): Record<string, unknown> {
    return JSON.parse(
      JSON.stringify({ code: this.code, ...this.details }, (_, v: unknown) =>
        typeof v === 'bigint' ? v.toString() : v,
      ),
    ) as Record<string, unknown>;
  }
}

/** A command refused by a rule of the domain. Nothing is appended. */
export class DomainError extends AppError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, details);
    this.code = code;
  }
}

/** Input that does not have the required shape (schema violations, malformed values). */
export class ValidationError extends AppError {
  readonly code = 'BAD_USER_INPUT';
}

export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
}

export class ForbiddenError extends AppError {
  readonly code = 'FORBIDDEN';
}

export class UnauthenticatedError extends AppError {
  readonly code = 'UNAUTHENTICATED';
}

/** The stream was not at the revision the caller expected (optimistic concurrency). */
export class ConcurrencyError extends AppError {
  readonly code = 'CONFLICT';
  readonly streamId: string;
  readonly expected: string;
  /** The stream's actual revision, `-1n` when the stream does not exist. */
  readonly actual: bigint;

  constructor(streamId: string, expected: string, actual: bigint) {
    super(`Stream ${streamId} is at revision ${actual}, expected ${expected}`, {
      streamId,
      expected,
      actual: actual.toString(),
    });
    this.streamId = streamId;
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * A stored event whose bytes no longer decode (its JSON was changed on disk). Its hash chain is
 * broken there too: `verifyStream` names the same revision.
 */
export class CorruptedEventError extends AppError {
  readonly code = 'EVENT_UNREADABLE';

  constructor(streamId: string, revision: bigint, position: bigint) {
    super(
      `The stored event at revision ${revision} (position ${position}) of ${streamId} cannot be read: its bytes were changed`,
      { streamId, revision: Number(revision), position: position.toString() },
    );
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
