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

/**
 * An answer of the service that is not what was asked for: its stable code (`extensions.code`) and
 * the parameters beside it, which the apps put in the viewer's words (web/i18n/errors.ts); the
 * service's own English message is kept for those who ask for details. `NETWORK`: no answer at all.
 */
export class LedgerError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
    /** The HTTP status, when there was an answer. */
    readonly status?: number,
  ) {
    super(message);
  }
}

interface GraphQLBody<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[];
}

/** `fetch`, with "no answer" (the service down, the network gone) as a LedgerError of its own. */
export const request = async (input: string, init: RequestInit = {}): Promise<Response> => {
  try {
    return await fetch(input, init);
  } catch (error) {
    throw new LedgerError((error as Error).message, 'NETWORK');
  }
};

/** An answer's body as JSON, or the answer's status as the error when it is not JSON (a proxy's page). */
const bodyOf = async <T>(response: Response): Promise<GraphQLBody<T>> => {
  try {
    return (await response.json()) as GraphQLBody<T>;
  } catch {
    throw new LedgerError(response.statusText, `HTTP_${response.status}`, {}, response.status);
  }
};

const errorFrom = (body: GraphQLBody<unknown>, response: Response): LedgerError | undefined => {
  const error = body.errors?.[0];
  if (!error) return undefined;
  const { code, ...extensions } = error.extensions ?? {};
  return new LedgerError(error.message, code ?? `HTTP_${response.status}`, extensions, response.status);
};

/** One GraphQL operation over HTTP with the tab's token. */
export const graphql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
  const response = await request('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify({ query, variables }),
  });
  const body = await bodyOf<T>(response);
  const error = errorFrom(body, response);
  if (error) throw error;
  return body.data as T;
};

/** The error a route of the service answered, read from its body (`{ errors: [{ message, extensions: { code } }] }`). */
export const errorOf = async (response: Response): Promise<LedgerError> => {
  const body = (await response.json().catch(() => ({}))) as GraphQLBody<unknown>;
  return (
    errorFrom(body, response) ??
    new LedgerError(response.statusText, `HTTP_${response.status}`, {}, response.status)
  );
};

/** A JSON route of the service (not GraphQL), with the tab's token. */
export const getJson = async <T>(path: string): Promise<T> => {
  const response = await request(path, { headers: authHeaders() });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
};

export interface DevTokens {
  readonly available: boolean;
  readonly roles: readonly string[];
}

/** Whether this service mints development tokens (never in production). */
export const devTokens = async (): Promise<DevTokens> => {
  const response = await fetch('/dev/token').catch(() => null);
  return response?.ok ? ((await response.json()) as DevTokens) : { available: false, roles: [] };
};

export const mintDevToken = async (role: string, id: string): Promise<string> => {
  const response = await request('/dev/token', {
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

/** The claims of a JWT as its holder may read them (unverified: the service verifies, this only shows them). */
export const claimsOf = (token: string): Record<string, unknown> | null => {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const text = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    const claims: unknown = JSON.parse(text);
    return claims !== null && typeof claims === 'object' ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};
