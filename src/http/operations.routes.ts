import { timingSafeEqual } from 'node:crypto';
import type { Express, Request } from 'express';
import type { Metrics } from '../metrics/metrics.js';
import type { ProjectionRunner } from '../projectionRunner/projectionRunner.js';
import type { Lease } from '../leases/leaseStore.js';
import { fail } from './errors.js';

/** What the operator's routes read of the configuration. */
export interface OperationsSettings {
  readonly production: boolean;
  /** The roles this process runs, shown on /readyz. */
  readonly roles: ReadonlySet<string>;
  /** Largest projection lag (log positions) at which /readyz still answers ready. */
  readonly readyMaxLag: number;
  /** Bearer token `/metrics` asks for; without it, open outside production only. */
  readonly metricsToken: string | undefined;
}

/** Constant-time comparison of a bearer token with the configured one. */
const bearerIs = (request: Request, token: string): boolean => {
  const given = /^Bearer\s+(\S+)$/i.exec(request.header('authorization') ?? '')?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * What an operator and a load balancer read: `/healthz` (the process answers), `/readyz` (503 while
 * a projection is stopped or lags more than `LEDGER_READY_MAX_LAG`; states and lags only — why a
 * projection stopped is in the logs, not on an unauthenticated page), `/metrics` (Prometheus: open
 * outside production; behind `LEDGER_METRICS_TOKEN` when set; absent in production without one).
 */
export const operationsRoutes = (
  app: Express,
  deps: {
    readonly settings: OperationsSettings;
    readonly metrics: Pick<Metrics, 'registry'>;
    readonly readModels: Pick<ProjectionRunner, 'status'>;
    readonly leases: () => Promise<Lease[]>;
  },
): void => {
  const { settings: config, metrics } = deps;

  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });

  app.get('/readyz', async (_request, response) => {
    const projections = await deps.readModels.status();
    // Ready when every read model is served by some projector (this process or another) that is
    // running, and lags no more than allowed.
    const ready = projections.every(
      (p) => p.holder?.status === 'running' && p.state !== 'failed' && p.lag <= BigInt(config.readyMaxLag),
    );
    const leases = await deps.leases();
    const now = Date.now();
    response.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not ready',
      maxLag: config.readyMaxLag,
      roles: [...config.roles],
      projections: projections.map((p) => ({
        name: p.name,
        version: p.version,
        state: p.state,
        lag: Number(p.lag),
        checkpoint: String(p.checkpoint),
        rebuilding: p.rebuilding,
        heldBy: p.holder,
      })),
      leases: leases
        .filter((l) => l.expiresAt > now)
        .map((l) => ({ name: l.name, holder: l.holder, status: l.status, token: l.token })),
    });
  });

  app.get('/metrics', async (request, response) => {
    if (config.metricsToken === undefined && config.production) {
      return fail(response, 404, 'NOT_FOUND', 'Nothing at GET /metrics');
    }
    if (config.metricsToken !== undefined && !bearerIs(request, config.metricsToken)) {
      response.setHeader('www-authenticate', 'Bearer realm="metrics"');
      return fail(response, 401, 'UNAUTHENTICATED', 'Send "Authorization: Bearer <LEDGER_METRICS_TOKEN>"');
    }
    response.setHeader('content-type', metrics.registry.contentType);
    response.send(await metrics.registry.metrics());
  });
};
