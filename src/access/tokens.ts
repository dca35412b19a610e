import { LRUCache } from 'lru-cache';
import { SignJWT, createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { UnauthenticatedError } from '../core/errors.js';
import { TOKEN_ROLES, type TokenRole, type Viewer } from './viewer.js';

export interface TokenOptions {
  /** HS256 shared secret; without it no HS256 token is accepted. */
  readonly secret?: string;
  /** RS256 / ES256 keys from a JWKS endpoint, when set. */
  readonly jwksUrl?: string;
  /** When set, `iss` / `aud` must be present and equal. */
  readonly issuer?: string;
  readonly audience?: string;
  /** Refuse a token without `exp`. */
  readonly requireExp?: boolean;
  /** Refuse a token valid for longer than this (seconds, `exp` − `iat`). */
  readonly maxLifetimeSeconds?: number;
}

/** Clock skew tolerated on `exp`, `nbf` and `iat` between the issuer and this service. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** The claims Creator Ledger reads from a bearer token. */
export interface LedgerClaims extends JWTPayload {
  readonly role: TokenRole;
  readonly sellerId?: string;
  readonly creatorId?: string;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$/;

/**
 * Verifies bearer tokens (JWT): HS256 with the configured secret, or, when a JWKS URL is set,
 * RS256/ES256 keys published there. Subject, role and the party id are required; the role must
 * be one of the four and carry its party (a SELLER token its sellerId, a CREATOR token its creatorId).
 */
export const createTokenVerifier = (options: TokenOptions) => {
  const secret = options.secret === undefined ? undefined : new TextEncoder().encode(options.secret);
  const jwks: JWTVerifyGetKey | undefined = options.jwksUrl
    ? createRemoteJWKSet(new URL(options.jwksUrl))
    : undefined;
  if (!secret && !jwks) throw new Error('Tokens need a secret (HS256) or a JWKS URL');
  const verifyOptions = {
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    ...(options.issuer ? { issuer: options.issuer } : {}),
    ...(options.audience ? { audience: options.audience } : {}),
    ...(options.requireExp ? { requiredClaims: ['exp'] } : {}),
  };
  const refuse = (reason: 'expired' | 'invalid', why = `The bearer token is ${reason}`) =>
    new UnauthenticatedError(why, { reason });

  /**
   * Tokens verified in the last minute: a client sends the same token with every request, and
   * checking its signature again each time was a few per cent of a directory page. Only tokens that
   * passed are kept; their expiry is checked on every use. A key withdrawn from the JWKS stops
   * being honoured within the minute (jose caches the key set itself for longer).
   */
  const verified = new LRUCache<string, Viewer>({ max: 10_000, ttl: 60_000 });
  const verify = async (token: string): Promise<Viewer> => {
    const known = verified.get(token);
    if (known) {
      if (known.expiresAt !== undefined && Date.now() / 1000 > known.expiresAt + CLOCK_TOLERANCE_SECONDS) {
        verified.delete(token);
        throw refuse('expired');
      }
      return known;
    }
    const viewer = Object.freeze(await verifySignature(token));
    verified.set(token, viewer);
    return viewer;
  };

  const verifySignature = async (token: string): Promise<Viewer> => {
    let payload: JWTPayload;
    try {
      const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as {
        alg?: string;
      };
      // Each key source verifies only its own algorithms: no HS256 token is accepted without a
      // configured secret, and the JWKS keys never verify HS256 (no algorithm confusion).
      if (header.alg === 'HS256') {
        if (!secret) throw refuse('invalid', 'HS256 tokens are not accepted here');
        payload = (await jwtVerify(token, secret, { ...verifyOptions, algorithms: ['HS256'] })).payload;
      } else {
        if (!jwks) throw refuse('invalid', 'Only HS256 tokens are accepted here');
        payload = (await jwtVerify(token, jwks, { ...verifyOptions, algorithms: ['RS256', 'ES256'] }))
          .payload;
      }
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      throw refuse(error instanceof errors.JWTExpired ? 'expired' : 'invalid');
    }
    if (options.maxLifetimeSeconds !== undefined && payload.exp !== undefined) {
      const from = payload.iat ?? Math.floor(Date.now() / 1000);
      if (payload.exp - from > options.maxLifetimeSeconds + CLOCK_TOLERANCE_SECONDS) {
        throw refuse('invalid', `The bearer token lives longer than ${options.maxLifetimeSeconds} s`);
      }
    }
    const claims = payload as Partial<LedgerClaims>;
    if (!claims.sub || !TOKEN_ROLES.includes(claims.role as TokenRole)) {
      throw new UnauthenticatedError('The bearer token needs a subject and a role', { reason: 'invalid' });
    }
    const party =
      claims.role === 'SELLER' ? claims.sellerId : claims.role === 'CREATOR' ? claims.creatorId : undefined;
    if ((claims.role === 'SELLER' || claims.role === 'CREATOR') && (!party || !ID.test(party))) {
      throw new UnauthenticatedError(
        `A ${claims.role} token must name its ${claims.role === 'SELLER' ? 'sellerId' : 'creatorId'}`,
        {
          reason: 'invalid',
        },
      );
    }
    return {
      userId: claims.sub,
      role: claims.role!,
      ...(claims.role === 'SELLER' ? { sellerId: party! } : {}),
      ...(claims.role === 'CREATOR' ? { creatorId: party! } : {}),
      ...(claims.exp ? { expiresAt: claims.exp } : {}),
    };
  };

  /** The viewer of an `Authorization` header value; none without a header. */
  const fromAuthorization = async (header: string | undefined): Promise<Viewer | null> => {
    if (!header) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match)
      throw new UnauthenticatedError('Authorization must be "Bearer <token>"', { reason: 'invalid' });
    return verify(match[1]!);
  };

  return { verify, fromAuthorization };
};

export type TokenVerifier = ReturnType<typeof createTokenVerifier>;

/** Signs an HS256 token: for development (`npm run token`) and tests. */
export const signToken = async (
  secret: string,
  claims: { sub: string; role: TokenRole; sellerId?: string; creatorId?: string },
  options: { expiresIn?: string | number; issuer?: string; audience?: string } = {},
): Promise<string> => {
  let jwt = new SignJWT({
    role: claims.role,
    ...(claims.sellerId ? { sellerId: claims.sellerId } : {}),
    ...(claims.creatorId ? { creatorId: claims.creatorId } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h');
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
};
