import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Runs a TypeScript file of test/support/processes in a child Node process (through tsx). */
export const runProcess = (script: string, args: string[]): Promise<string> =>
  new Promise((resolve, reject) => {
    const file = fileURLToPath(new URL(`./processes/${script}`, import.meta.url));
    execFile(
      process.execPath,
      ['--import', 'tsx', file, ...args],
      { timeout: 60_000 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${script} failed: ${stderr || error.message}`)) : resolve(stdout),
    );
  });

/** Runs one of the project's scripts (scripts/…) as `npm run` would, answering its exit code and output. */
export const runScript = (
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const file = fileURLToPath(new URL(`../../scripts/${script}`, import.meta.url));
    execFile(
      process.execPath,
      ['--import', 'tsx', file, ...args],
      { timeout: 60_000, env: { ...process.env, ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
