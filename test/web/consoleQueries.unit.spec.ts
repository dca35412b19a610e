import { parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { limitRules } from '../../src/graphql/limits.js';
import { buildLedgerSchema } from '../../src/graphql/schema.js';
import * as queries from '../../web/console/queries.js';
import * as reviewQueries from '../../web/console/reviewQueries.js';

/**
 * What the audit console asks is valid against the service's schema and within its query limits
 * (depth, cost): a schema change or a limit the console would break fails here, not in a browser.
 */
describe('the audit console queries', () => {
  const documents = Object.entries({ ...queries, ...reviewQueries } as Record<string, unknown>).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  it.each(documents)('%s is valid and within the limits', async (_, query) => {
    const schema = await buildLedgerSchema();
    const { limits } = loadConfig({ NODE_ENV: 'test', LEDGER_JWT_SECRET: 'x'.repeat(32) });
    const errors = validate(schema, parse(query), [...specifiedRules, ...limitRules(limits)]);
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
