import { SignJWT, createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { UnauthenticatedError } from '../../core/errors.js';
import { TOKEN_ROLES, type TokenRole, type Viewer } from './viewer.js';

export interface TokenOptions {
  /** HS256 shared secret. */
  readonly secret: string;
  /** RS256 (and other asymmetric) keys from a JWKS endpoint, tried when set. */
  readonly jwksUrl?: string;
  readonly issuer?: string;
  readonly audience?: string;
}

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
  const secret = new TextEncoder().encode(options.secret);
  const jwks: JWTVerifyGetKey | undefined = options.jwksUrl
    ? createRemoteJWKSet(new URL(options.jwksUrl))
    : undefined;
  const verifyOptions = {
    ...(options.issuer ? { issuer: options.issuer } : {}),
    ...(options.audience ? { audience: options.audience } : {}),
  };

  const verify = async (token: string): Promise<Viewer> => {
    let payload: JWTPayload;
    try {
      const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as {
        alg?: string;
      };
      payload =
        jwks && header.alg !== 'HS256'
          ? (await jwtVerify(token, jwks, { ...verifyOptions, algorithms: ['RS256', 'ES256'] })).payload
          : (await jwtVerify(token, secret, { ...verifyOptions, algorithms: ['HS256'] })).payload;
    } catch (error) {
      const reason = error instanceof errors.JWTExpired ? 'expired' : 'invalid';
      throw new UnauthenticatedError(`The bearer token is ${reason}`, { reason });
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
