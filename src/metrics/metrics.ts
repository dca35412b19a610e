import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EventStore } from '../eventStore/eventStore.js';
import type { ProjectionRunner } from '../projectionRunner/projectionRunner.js';
import type { Lease } from '../leases/leaseStore.js';

export interface MetricSources {
  /** Read when scraped. */
  projections?: () => ReturnType<ProjectionRunner['status']>;
  listeners?: () => number;
  leases?: () => Promise<Lease[]>;
  /** Disputes open and escalated (no decision within 30 days), as the disputes read model has them. */
  escalatedDisputes?: () => Promise<number>;
  /** Events after each endpoint's cursor, where the notifier runs. */
  webhookQueues?: () => Promise<Map<string, number>>;
}

/** The service's Prometheus metrics, on their own registry (served at /metrics). */
export const createMetrics = () => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const sources: MetricSources = {};
  return {
    sources,
    registry,
    httpRequests: new Counter({
      name: 'ledger_http_requests_total',
      help: 'HTTP requests by method, route and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    graphqlDuration: new Histogram({
      name: 'ledger_graphql_request_duration_seconds',
      help: 'GraphQL operations by type and first root field',
      labelNames: ['type', 'field', 'outcome'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    appendDuration: new Histogram({
      name: 'ledger_event_store_append_duration_seconds',
      help: 'From append to durable, per append',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers: [registry],
    }),
    projectionLag: new Gauge({
      name: 'ledger_projection_lag_events',
      help: 'Events of the log the projection has not applied yet (counted up to 10,000)',
      labelNames: ['projection', 'state'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const status of (await sources.projections?.()) ?? []) {
          this.set({ projection: status.name, state: status.state }, Number(status.lag));
        }
      },
    }),
    leaseHeld: new Gauge({
      name: 'ledger_lease_held',
      help: 'Leases held now (projections, rebuilds, the scheduler), by holder and what it says it does',
      labelNames: ['lease', 'holder', 'status'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        const now = Date.now();
        for (const lease of (await sources.leases?.()) ?? []) {
          if (lease.expiresAt > now)
            this.set({ lease: lease.name, holder: lease.holder, status: lease.status }, 1);
        }
      },
    }),
    foreignEvents: new Counter({
      name: 'ledger_event_store_foreign_events_total',
      help: 'Events of other applications met in a shared log (KurrentDB) and left out of every read',
      registers: [registry],
    }),
    deadlinesFired: new Counter({
      name: 'ledger_deadlines_fired_total',
      help: 'Deadlines the scheduler fired (appended), by rule',
      labelNames: ['rule'] as const,
      registers: [registry],
    }),
    escalatedDisputes: new Gauge({
      name: 'ledger_disputes_escalated_open',
      help: 'Disputes still open that no arbitrator decided within 30 days (DOMAIN.md § Deadlines)',
      registers: [registry],
      async collect() {
        if (sources.escalatedDisputes) this.set(await sources.escalatedDisputes());
      },
    }),
    webhookQueueDepth: new Gauge({
      name: 'ledger_webhook_queue_depth',
      help: 'Events of the log after an endpoint’s delivered position (counted up to 10,000), where the notifier runs',
      labelNames: ['endpoint'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const [endpoint, depth] of (await sources.webhookQueues?.()) ?? [])
          this.set({ endpoint }, depth);
      },
    }),
    webhookAttempts: new Histogram({
      name: 'ledger_webhook_attempt_duration_seconds',
      help: 'Webhook delivery attempts, from request to the answer read, by outcome',
      labelNames: ['outcome'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    webhookLatency: new Histogram({
      name: 'ledger_webhook_delivery_latency_seconds',
      help: 'From an event’s append to its delivery (first attempts that succeeded)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60],
      registers: [registry],
    }),
    webhookFailures: new Counter({
      name: 'ledger_webhook_failures_total',
      help: 'Webhook delivery attempts that failed, by endpoint and why',
      labelNames: ['endpoint', 'error'] as const,
      registers: [registry],
    }),
    webhookEndpointsDisabled: new Counter({
      name: 'ledger_webhook_endpoints_disabled_total',
      help: 'Endpoints the notifier disabled after their deliveries failed for 3 days',
      registers: [registry],
    }),
    subscriptions: new Gauge({
      name: 'ledger_graphql_subscription_listeners',
      help: 'Live GraphQL subscriptions fed from the log',
      registers: [registry],
      collect() {
        this.set(sources.listeners?.() ?? 0);
      },
    }),
  };
};

export type Metrics = ReturnType<typeof createMetrics>;

/** The event store with every append timed. */
export const instrumentEventStore = (store: EventStore, metrics: Metrics): EventStore => ({
  ...bind(store),
  append: async (...args) => {
    const stop = metrics.appendDuration.startTimer();
    try {
      return await store.append(...args);
    } finally {
      stop();
    }
  },
  appendToStreams: async (...args) => {
    const stop = metrics.appendDuration.startTimer();
    try {
      return await store.appendToStreams(...args);
    } finally {
      stop();
    }
  },
});

const bind = (store: EventStore): EventStore => ({
  append: store.append.bind(store),
  appendToStreams: store.appendToStreams.bind(store),
  readStream: store.readStream.bind(store),
  readStoredStream: store.readStoredStream.bind(store),
  readAll: store.readAll.bind(store),
  streamRevision: store.streamRevision.bind(store),
  headPosition: store.headPosition.bind(store),
  eventsAfter: store.eventsAfter.bind(store),
  subscribe: store.subscribe.bind(store),
  verifyStream: store.verifyStream.bind(store),
  close: store.close.bind(store),
});
