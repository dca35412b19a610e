import express, { type Express } from 'express';
import { signToken } from '../access/tokens.js';
import { TOKEN_ROLES, type TokenRole } from '../access/viewer.js';
import { fail, parseBody } from './errors.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$/;

/**
 * Development tokens for the browser apps (what `npm run token` prints): `GET /dev/token` says whether
 * this service mints them, `POST /dev/token {role, id?}` mints one for an hour. Mounted only when the
 * service signs with the development secret of its data folder — never in production, never beside a
 * configured secret or JWKS — so it gives nobody more than that folder already does.
 */
export const devTokenRoutes = (
  app: Express,
  options: {
    readonly secret: string;
    readonly issuer?: string | undefined;
    readonly audience?: string | undefined;
  },
): void => {
  app.get('/dev/token', (_request, response) => {
    response.json({ available: true, roles: TOKEN_ROLES });
  });
  app.post(
    '/dev/token',
    parseBody(express.json({ limit: 1024 }), () => 'The request body is not JSON of at most 1 KiB'),
    async (request, response, next) => {
      const { role, id } = (request.body ?? {}) as { role?: unknown; id?: unknown };
      if (typeof role !== 'string' || !TOKEN_ROLES.includes(role as TokenRole)) {
        return fail(response, 400, 'BAD_USER_INPUT', `role must be one of ${TOKEN_ROLES.join(', ')}`, {
          field: 'role',
        });
      }
      const party = role === 'SELLER' || role === 'CREATOR';
      if (party && (typeof id !== 'string' || !ID.test(id))) {
        return fail(
          response,
          400,
          'BAD_USER_INPUT',
          `A ${role} token needs the id of the party it acts for`,
          {
            field: 'id',
          },
        );
      }
      try {
        const token = await signToken(
          options.secret,
          {
            sub: `user-${party ? (id as string) : role.toLowerCase()}`,
            role: role as TokenRole,
            ...(role === 'SELLER' ? { sellerId: id as string } : {}),
            ...(role === 'CREATOR' ? { creatorId: id as string } : {}),
          },
          {
            expiresIn: '1h',
            ...(options.issuer ? { issuer: options.issuer } : {}),
            ...(options.audience ? { audience: options.audience } : {}),
          },
        );
        response.json({ token });
      } catch (error) {
        next(error);
      }
    },
  );
};
