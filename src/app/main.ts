import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { runService } from './run.js';

/**
 * Starts Creator Ledger: `npm start` runs every role in one process on the embedded default
 * (SQLite in ./data). `--roles api,projector,scheduler` (or LEDGER_ROLES) runs some of them only,
 * for several processes on one log (README § Running several processes).
 */
const { values } = parseArgs({ options: { roles: { type: 'string' } }, strict: false });
await runService(
  loadConfig(typeof values.roles === 'string' ? { ...process.env, LEDGER_ROLES: values.roles } : process.env),
);
