/**
 * npm run token -- --role SELLER|CREATOR|ARBITRATOR|AUDITOR [--id <sellerId|creatorId>] [--sub <user>] [--ttl 12h]
 * Prints a development bearer token signed with the service's secret (LEDGER_JWT_SECRET, or the
 * development secret kept in the data folder).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/app/config.js';
import { signToken } from '../src/access/tokens.js';
import { TOKEN_ROLES, type TokenRole } from '../src/access/viewer.js';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    id: { type: 'string' },
    sub: { type: 'string' },
    ttl: { type: 'string', default: '12h' },
  },
});
const role = values.role?.toUpperCase() as TokenRole | undefined;
if (!role || !TOKEN_ROLES.includes(role)) {
  console.error(`--role must be one of ${TOKEN_ROLES.join(', ')}`);
  process.exit(2);
}
if ((role === 'SELLER' || role === 'CREATOR') && !values.id) {
  console.error(`A ${role} token needs --id (the ${role === 'SELLER' ? 'seller' : 'creator'} it acts for)`);
  process.exit(2);
}
const config = loadConfig();
if (!config.jwtSecret) {
  console.error('No HS256 secret is configured (LEDGER_JWT_SECRET): tokens come from your identity provider');
  process.exit(2);
}
const token = await signToken(
  config.jwtSecret,
  {
    sub: values.sub ?? `user-${values.id ?? role.toLowerCase()}`,
    role,
    ...(role === 'SELLER' ? { sellerId: values.id! } : {}),
    ...(role === 'CREATOR' ? { creatorId: values.id! } : {}),
  },
  {
    expiresIn: values.ttl!,
    ...(config.jwtIssuer ? { issuer: config.jwtIssuer } : {}),
    ...(config.jwtAudience ? { audience: config.jwtAudience } : {}),
  },
);
process.stdout.write(`${token}\n`);
