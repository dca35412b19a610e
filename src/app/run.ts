import type { Config } from './config.js';
import type { ForeignEvent } from '../eventStore/eventStore.js';
import { createEventCatalog } from '../contexts/catalog.js';
import { createLogger, createServices, type ServiceOverrides } from './services.js';
import { rebuildThreadsFor } from './rebuildContext.js';
import { openStores } from './stores.js';
import { startServer } from '../http/server.js';

/**
 * Runs the service as a process: starts what its roles run, prints how to use it, and stops it in
 * order on SIGTERM or SIGINT. `src/app/main.ts` calls it with the configuration of the environment.
 */
export const runService = async (config: Config, overrides: ServiceOverrides = {}): Promise<void> => {
  const logger = overrides.logger ?? createLogger(config);
  // Counted once the services (and their metrics) exist; the first is logged.
  const foreign: { report?: (event: ForeignEvent) => void } = {};
  const stores = await openStores(config, createEventCatalog(), {
    onEventStoreError: (error) => logger.warn({ err: error }, 'event store housekeeping failed'),
    onForeignEvent: (event) => foreign.report?.(event),
  });
  const services = createServices(config, {
    ...stores,
    logger,
    // The service's own projections on stores a worker thread can open again: rebuilds share them.
    ...(overrides.projections
      ? {}
      : { rebuildThreads: rebuildThreadsFor(config, config.rebuildThreads, true) }),
    ...overrides,
  });
  let foreignLogged = false;
  foreign.report = (event) => {
    services.metrics.foreignEvents.inc();
    if (foreignLogged) return;
    foreignLogged = true;
    logger.warn(
      { streamId: event.streamId, type: event.type, position: event.position.toString() },
      'the log holds events another application wrote: they are left out (ledger_event_store_foreign_events_total counts them)',
    );
  };
  await services.start();
  const api = config.roles.has('api');
  // Every process answers the operator (/healthz, /readyz, /metrics); the API only where it runs.
  const server = await startServer(services, { port: config.port, host: config.host, api });
  const head = await services.eventStore.headPosition();

  services.logger.info(
    { url: server.url, events: head.toString(), dataDir: config.dataDir, roles: [...config.roles] },
    'Creator Ledger started',
  );
  const banner = api
    ? [
        '',
        `  Creator Ledger is listening on ${server.url}`,
        `  (subscriptions: ws on the same path; /healthz, /readyz, /metrics beside it)`,
        `  Data: ${config.dataDir} (${head} events in the log); roles: ${[...config.roles].join(', ')}`,
        '',
        ...(config.explorer ? [`  In a browser: ${server.url} (GraphQL explorer)`] : []),
        `  Audit console: ${server.url.replace(/\/graphql$/, '/console')}`,
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
      ]
    : [
        '',
        `  Creator Ledger (${[...config.roles].join(', ')}) on ${config.dataDir}: ${head} events in the log`,
        `  /healthz, /readyz, /metrics on ${server.url.replace(/\/graphql$/, '')}`,
        '',
      ];
  if (config.devSecretFile && api) {
    banner.push(
      `  Warning: signing tokens with the development secret in ${config.devSecretFile}.`,
      '  Set LEDGER_JWT_SECRET (or LEDGER_JWKS_URL) outside development.',
      '',
    );
  }
  process.stdout.write(`${banner.join('\n')}\n`);

  /**
   * A stop (SIGTERM from an orchestrator, Ctrl-C) in order, within LEDGER_SHUTDOWN_TIMEOUT_MS, in
   * every role: stop taking requests and let those in flight finish, close the WebSockets, stop the
   * projections at a batch boundary and the scheduler (their leases given back, so a standby takes
   * over at once), then close the stores (the event store merges its stream index). Past the bound,
   * the process exits 1 rather than hang.
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
};
