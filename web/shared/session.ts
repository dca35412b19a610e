/**
 * The caller's bearer token, kept for this browser tab only (sessionStorage), and what the service
 * answers with it. Every request of the explorer and the console goes to the service that served
 * the page, with this token: they see exactly what it may see.
 */
const KEY = 'creator-ledger.token';

export const loadToken = (): string => sessionStorage.getItem(KEY) ?? '';

export const saveToken = (token: string): void => {
  if (token) sessionStorage.setItem(KEY, token);
  else sessionStorage.removeItem(KEY);
};

export const authHeaders = (token: string = loadToken()): Record<string, string> =>
  token ? { authorization: `Bearer ${token}` } : {};

/** An answer of the service that is not what was asked for, with its stable code. */
export class LedgerError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

interface GraphQLBody<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** One GraphQL operation over HTTP with the tab's token. */
export const graphql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLBody<T>;
  const error = body.errors?.[0];
  if (error) throw new LedgerError(error.message, error.extensions?.code ?? 'ERROR');
  return body.data as T;
};

/** The error a route of the service answered, read from its body (`{ errors: [{ message, extensions: { code } }] }`). */
export const errorOf = async (response: Response): Promise<LedgerError> => {
  const body = (await response.json().catch(() => ({}))) as GraphQLBody<unknown>;
  const error = body.errors?.[0];
  return new LedgerError(
    error?.message ?? response.statusText,
    error?.extensions?.code ?? `HTTP_${response.status}`,
  );
};

/** A JSON route of the service (not GraphQL), with the tab's token. */
export const getJson = async <T>(path: string): Promise<T> => {
  const response = await fetch(path, { headers: authHeaders() });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
};

export interface DevTokens {
  readonly available: boolean;
  readonly roles: readonly string[];
}

/** Whether this service mints development tokens (never in production). */
export const devTokens = async (): Promise<DevTokens> => {
  const response = await fetch('/dev/token');
  return response.ok ? ((await response.json()) as DevTokens) : { available: false, roles: [] };
};

export const mintDevToken = async (role: string, id: string): Promise<string> => {
  const response = await fetch('/dev/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, ...(id ? { id } : {}) }),
  });
  if (!response.ok) throw await errorOf(response);
  return ((await response.json()) as { token: string }).token;
};

/** Saves what a fetch answered as a file of the browser's downloads. */
export const saveAs = (blob: Blob, name: string): void => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};
