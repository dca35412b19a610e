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
