/**
 * Failures of the connection or of the server's state, not of the request: the server shutting down
 * or starting (57P01–57P03), a connection lost or refused (class 08, and node's socket errors), a
 * pool that could not connect in time. Worth trying again once the server is back.
 */
const TRANSIENT_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);
const TRANSIENT_TEXTS = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
];

export const isTransient = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || code.startsWith('08'))) return true;
  return TRANSIENT_TEXTS.some((text) => error.message.includes(text));
};

/** The table's unique constraints refused a row (`unique_violation`). */
export const isUniqueViolation = (error: unknown): boolean =>
  (error as { code?: unknown } | null)?.code === '23505';

/** The pause before try `attempt` + 1: 50 ms, doubling, at most 1 s. */
export const backoffMs = (attempt: number): number => Math.min(1_000, 50 * 2 ** attempt);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
