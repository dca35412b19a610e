import pg from 'pg';
import { randomBytes } from 'node:crypto';

/**
 * The PostgreSQL server the PostgreSQL suites run on: `POSTGRES_TEST_URL`, which `.ci/run` sets to a
 * private cluster it starts (scripts/ci/postgres.sh). Without it (a developer's machine with no
 * PostgreSQL) the suites are not registered and say so; in CI they must run, so its absence fails.
 */
export const postgresTestUrl = (suite: string): string | undefined => {
  const url = process.env.POSTGRES_TEST_URL;
  if (url) return url;
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(`${suite}: POSTGRES_TEST_URL is not set; .ci/run starts PostgreSQL and sets it`);
  }
  console.log(
    `${suite}: not run (no PostgreSQL here; run scripts/ci/postgres.sh start and set POSTGRES_TEST_URL)`,
  );
  return undefined;
};

/**
 * A database of its own for one test (or suite), created on the server `url` names, with its URL:
 * tests never see each other's tables. `drop()` removes it (connections still open are ended).
 */
export const freshDatabase = async (url: string): Promise<{ url: string; drop(): Promise<void> }> => {
  const name = `ledger_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
};
