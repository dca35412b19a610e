import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/ci/postgres.sh', import.meta.url));

const run = (args: string[]): Promise<string> =>
  new Promise((resolve, reject) =>
    execFile('bash', [script, ...args], { timeout: 120_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`postgres.sh ${args[0]}: ${stderr || error.message}`)) : resolve(stdout),
    ),
  );

/** Whether PostgreSQL's server programs are installed here (Debian's layout), so a cluster can be started. */
export const canStartCluster = (): boolean =>
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((version) =>
    existsSync(`/usr/lib/postgresql/${version}/bin/pg_ctl`),
  );

/**
 * A PostgreSQL cluster of the test's own (scripts/ci/postgres.sh), for tests that restart the server:
 * restarting the shared one would cut the connections of every other suite running beside.
 */
export const privateCluster = async (): Promise<{
  url: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}> => {
  const output = await run(['start']);
  const dir = /POSTGRES_TEST_DIR=(\S+)/.exec(output)![1]!;
  const url = /POSTGRES_TEST_URL=(\S+)/.exec(output)![1]!;
  return {
    url,
    restart: async () => void (await run(['restart', dir])),
    stop: async () => void (await run(['stop', dir])),
  };
};
