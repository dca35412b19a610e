import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import type { CollaborationState } from '../../src/contexts/collaboration/collaboration.state.js';
import { createWriteSide, type CollaborationCommandInput } from '../../src/contexts/writeSide.js';
import { AppError } from '../../src/core/errors.js';
import type { EventStore } from '../../src/eventStore/eventStore.js';
import { getSQLiteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { ACTORS, commandsFor, plausible, stepArb } from '../support/collaborationCommands.js';
import { CREATOR, SELLER, T0 } from '../support/collaborationFixtures.js';
import { registerParties } from '../support/drive.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-refusals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The whole log as stored: every event's place (position, stream, revision) and its hash, which
 * covers its bytes (type, version, data and metadata as stored, and the hash before it).
 */
const digest = async (store: EventStore): Promise<string> => {
  const hash = createHash('sha256');
  for (const event of await store.readAll()) {
    hash.update(`${event.position}|${event.streamId}|${event.revision}|${event.hash}\n`);
  }
  return hash.digest('hex');
};

/** Two collaborations whose commands choose dispute ids from one pool: each can take the other's. */
const COLLABORATIONS = ['p1', 'p2'];

describe('refused commands', () => {
  it('leave the log byte-identical, whatever they are and whichever stream they would have written', async () => {
    let refusals = 0;
    let taken = 0;
    let raced = 0;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(stepArb, fc.nat(COLLABORATIONS.length - 1), fc.boolean()), {
          minLength: 20,
          maxLength: 80,
        }),
        async (steps) => {
          const catalog = createEventCatalog();
          const store = getSQLiteEventStore({ path: join(dir, `events-${run++}.db`), catalog });
          const write = createWriteSide({ store, catalog });
          await registerParties(write, T0, { sellers: ['s1'], creators: ['c1'] });
          const states = new Map<string, CollaborationState>();
          /** Dispute ids opened so far, with the collaboration holding each. */
          const held = new Map<string, string>();
          let now = T0;
          for (const [n, [step, which, race]] of steps.entries()) {
            const collaborationId = COLLABORATIONS[which]!;
            now = new Date(Date.parse(now) + step.hours * 3_600_000).toISOString();
            const all = commandsFor(step, now, n);
            const state = states.get(collaborationId);
            const [name, actor] =
              step.kind === 'advance'
                ? plausible(state)[step.pick % plausible(state).length]!
                : [Object.keys(all)[step.pick % Object.keys(all).length]!, ACTORS[step.actor]!];
            const send = (body: CollaborationCommandInput, key: string) =>
              write.collaboration(body, { idempotencyKey: key }).then((result) => {
                states.set(collaborationId, result.state);
                for (const event of result.events) {
                  if (event.type === 'DisputeOpened') {
                    held.set((event.data as { disputeId: string }).disputeId, collaborationId);
                  }
                }
                return result;
              });
            const command = { ...all[name]!, collaborationId, actor, now } as CollaborationCommandInput;
            if (!race) {
              const before = await digest(store);
              try {
                await send(command, `k${n}`);
              } catch (error) {
                if (!(error instanceof AppError)) throw error;
                refusals++;
                if (error.code === 'DISPUTE_ID_TAKEN') taken++;
                expect(await digest(store), `refused ${name} (${error.code}) changed the log`).toBe(before);
              }
              continue;
            }
            // Two commands at once on one collaboration, the second a dispute the other party
            // opens (half the time with an id the other collaboration holds): both may be decided
            // on the same state, one then refused on a second look.
            const othersId = [...held].find(([, holder]) => holder !== collaborationId)?.[0];
            const rival = {
              ...all.open!,
              disputeId: othersId && step.values[7]! % 2 ? othersId : `d${(n + 1) % 3}`,
              collaborationId,
              actor: actor === SELLER ? CREATOR : SELLER,
              now,
            } as CollaborationCommandInput;
            const head = await store.headPosition();
            const outcomes = await Promise.allSettled([send(command, `k${n}a`), send(rival, `k${n}b`)]);
            const refusedKeys = new Set<string>();
            for (const [i, outcome] of outcomes.entries()) {
              if (outcome.status === 'fulfilled') continue;
              if (!(outcome.reason instanceof AppError)) throw outcome.reason;
              refusals++;
              raced++;
              if (outcome.reason.code === 'DISPUTE_ID_TAKEN') taken++;
              refusedKeys.add(`k${n}${i === 0 ? 'a' : 'b'}`);
            }
            // Nothing the refused one decided is in the log, in any stream.
            const written = await store.readAll({ fromPosition: head + 1n });
            expect(written.filter((e) => refusedKeys.has(e.metadata.idempotencyKey ?? ''))).toEqual([]);
          }
          await store.close();
        },
      ),
      { numRuns: 40, seed: Number(process.env.FC_SEED ?? 20261206) },
    );
    // The generator must reach the refusals this is about: ids another collaboration holds among them.
    expect(refusals).toBeGreaterThan(200);
    expect(taken).toBeGreaterThan(0);
    expect(raced).toBeGreaterThan(20);
  }, 180_000);
});
