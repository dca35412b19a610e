import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { addDays } from '../../src/contexts/shared.js';
import { createWriteSide } from '../../src/contexts/writeSide.js';
import { getSQLiteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { aBrief } from '../support/collaborationFixtures.js';
import { creatorActor, registerParties, sellerActor } from '../support/drive.js';
import {
  eventually,
  gql,
  processToken,
  startServiceProcess,
  type ServiceProcess,
} from '../support/serviceProcess.js';
import { startReceiver } from '../support/webhookReceiver.js';

const LOCAL = {
  LEDGER_WEBHOOK_ALLOW_HTTP: '1',
  LEDGER_WEBHOOK_ALLOW_PRIVATE: '1',
  LEDGER_NOTIFIER_TICK_MS: '50',
};

const dir = mkdtempSync(join(tmpdir(), 'ledger-notifier-crash-'));
const running: ServiceProcess[] = [];
afterAll(async () => {
  for (const process of running) await process.kill().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});
const start = async (roles: string) => {
  const started = await startServiceProcess(dir, { roles, env: LOCAL });
  running.push(started);
  return started;
};

/**
 * DOMAIN.md § Webhooks, at least once: a notifier killed with SIGKILL in the middle of its
 * deliveries loses nothing — the standby takes the lease once it expires and goes on from the
 * cursor the first one wrote, so the receiver gets every event at least once, each verified.
 */
describe('the notifier killed mid-delivery', () => {
  it('loses nothing: the receiver sees every event at least once, in order per collaboration', async () => {
    const api = await start('api,projector,scheduler');
    const first = await start('notifier');
    // A slow receiver: the kill lands while a delivery is in flight.
    const receiver = await startReceiver({ delayMs: 15 });
    const catalog = createEventCatalog();
    const store = getSQLiteEventStore({ path: join(dir, 'events.db'), catalog });
    try {
      const write = createWriteSide({ store, catalog });
      const now = new Date().toISOString();
      await registerParties(write, now, { sellers: ['s1'], creators: ['c1'] });
      const created = await gql(
        api.url,
        await processToken('SELLER', 's1'),
        'mutation($url: String!) { createWebhookEndpoint(url: $url) { secret endpoint { createdPosition } } }',
        { url: receiver.url },
      );
      const endpoint = created.data!.createWebhookEndpoint as {
        secret: string;
        endpoint: { createdPosition: string };
      };
      receiver.trust(endpoint.secret);
      for (let i = 0; i < 30; i++) {
        const collaborationId = `k${i}`;
        await write.collaboration({
          type: 'ProposeCollaboration',
          collaborationId,
          sellerId: 's1',
          creatorId: 'c1',
          brief: aBrief({ scriptDueAt: addDays(now, 10), publishDueAt: addDays(now, 20) }),
          actor: sellerActor('s1'),
          now,
        });
        await write.collaboration({
          type: 'AcceptProposal',
          collaborationId,
          actor: creatorActor('c1'),
          now,
        });
      }
      const expected = (await store.readAll({ fromPosition: BigInt(endpoint.endpoint.createdPosition) + 1n }))
        .filter((e) => e.streamId.startsWith('collaboration-'))
        .map((e) => e.position.toString());
      expect(expected.length).toBe(90);
      await eventually(async () => receiver.received.length >= 20, 30_000, 'deliveries under way');
      await first.kill();
      const before = receiver.received.length;
      expect(before).toBeLessThan(expected.length);
      await start('notifier');
      await eventually(
        async () => {
          const got = new Set(receiver.received.map((d) => d.payload.data.position));
          return expected.every((p) => got.has(p));
        },
        60_000,
        'every event delivered',
      );
      expect(receiver.received.every((d) => d.verified)).toBe(true);
      // In order per collaboration, counting each event where it was first received.
      const seen = new Set<string>();
      const last = new Map<string, bigint>();
      for (const { payload } of receiver.received) {
        if (seen.has(payload.data.position)) continue;
        seen.add(payload.data.position);
        const position = BigInt(payload.data.position);
        expect(position).toBeGreaterThan(last.get(payload.data.collaborationId) ?? 0n);
        last.set(payload.data.collaborationId, position);
      }
    } finally {
      await store.close();
      await receiver.close();
    }
  }, 120_000);
});
