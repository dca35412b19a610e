import { loadConfig } from './config.js';
import { createServices } from './services.js';
import { startServer } from '../http/server.js';

/**
 * Starts Creator Ledger on its embedded default (SQLite in ./data, projections in-process) unless
 * configured otherwise: `npm start`.
 */
const config = loadConfig();
const services = createServices(config);
await services.start();
const server = await startServer(services, { port: config.port, host: config.host });
const head = await services.eventStore.headPosition();

services.logger.info(
  { url: server.url, events: head.toString(), dataDir: config.dataDir },
  'Creator Ledger started',
);
const banner = [
  '',
  `  Creator Ledger is listening on ${server.url}`,
  `  (subscriptions: ws on the same path; /healthz, /readyz, /metrics beside it)`,
  `  Data: ${config.dataDir} (${head} events in the log)`,
  '',
  '  Get a development token, then send it as "Authorization: Bearer <token>":',
  '    npm run token -- --role SELLER --id s-0001',
  '    npm run token -- --role CREATOR --id c-00001',
  '    npm run token -- --role ARBITRATOR   (or AUDITOR)',
  '  Fill the log with demo data: npm run seed (the service projects it live).',
  '  Export a collaboration for audit: npm run audit:export -- <id> --out <file>; check it: npm run audit:verify -- <file>',
  `  Exports are signed by key ${server.auditKeyId}`,
  '  (GET /audit/signing-key; an auditor passes it to audit:verify as --key-id).',
  '',
];
if (config.devSecretFile) {
  banner.push(
    `  Warning: signing tokens with the development secret in ${config.devSecretFile}.`,
    '  Set LEDGER_JWT_SECRET (or LEDGER_JWKS_URL) outside development.',
    '',
  );
}
process.stdout.write(`${banner.join('\n')}\n`);

/**
 * A stop (SIGTERM from an orchestrator, Ctrl-C) in order, within LEDGER_SHUTDOWN_TIMEOUT_MS: stop
 * taking requests and let those in flight finish, close the WebSockets, stop the projections at a
 * batch boundary and the scheduler, then close the stores (the event store merges its stream index).
 * Past the bound, the process exits 1 rather than hang.
 */
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  services.logger.info({ signal }, 'stopping');
  const deadline = setTimeout(() => {
    services.logger.error({ signal, timeoutMs: config.shutdownTimeoutMs }, 'stop timed out');
    process.exit(1);
  }, config.shutdownTimeoutMs);
  deadline.unref();
  try {
    await server.close();
    await services.close();
  } catch (error) {
    services.logger.error({ err: error }, 'stop failed');
    process.exit(1);
  }
  services.logger.info({ signal, storesClosed: true }, 'stopped');
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
