/**
 * A process for the crash test: runs commands that write more than one stream, as fast as it can,
 * until it is killed — proposals (the proposal and the creator's link) and disputes (the dispute and
 * its id claimed log-wide), with refusals between them (a dispute id another collaboration holds, a
 * second dispute). Prints each collaboration id once its commands are done.
 */
import { createEventCatalog } from '../../../src/contexts/catalog.js';
import { createWriteSide } from '../../../src/contexts/writeSide.js';
import { DomainError } from '../../../src/core/errors.js';
import { getSQLiteEventStore } from '../../../src/eventStore/sqlite/sqliteEventStore.js';
import { aBrief } from '../collaborationFixtures.js';
import { creatorActor, registerParties, sellerActor } from '../drive.js';

const [path, label] = process.argv.slice(2);
const catalog = createEventCatalog();
const write = createWriteSide({ store: getSQLiteEventStore({ path: path!, catalog }), catalog });
const now = '2026-03-01T00:00:00.000Z';
await registerParties(write, now, { sellers: ['s1'], creators: ['c1'] }).catch((error: unknown) => {
  // Registered by an earlier run of this process.
  if (!(error instanceof DomainError)) throw error;
});
const refused = async (command: Promise<unknown>) => {
  try {
    await command;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
  }
};
for (let i = 0; ; i++) {
  const collaborationId = `k-${label}-${i}`;
  const base = { collaborationId, now } as const;
  await write.collaboration(
    {
      ...base,
      type: 'ProposeCollaboration',
      sellerId: 's1',
      creatorId: 'c1',
      brief: aBrief(),
      actor: sellerActor('s1'),
    },
    { idempotencyKey: `propose-${collaborationId}` },
  );
  await write.collaboration({ ...base, type: 'AcceptProposal', actor: creatorActor('c1') });
  await write.collaboration(
    {
      ...base,
      type: 'OpenDispute',
      disputeId: `d-${label}-${i}`,
      reason: 'OTHER',
      statement: 'Not as agreed',
      actor: sellerActor('s1'),
    },
    { idempotencyKey: `dispute-${collaborationId}` },
  );
  // Refused: the id is another collaboration's; a second dispute while one is open.
  if (i > 0) {
    await refused(
      write.collaboration({
        ...base,
        type: 'OpenDispute',
        disputeId: `d-${label}-${i - 1}`,
        reason: 'OTHER',
        statement: 'Again and again',
        actor: creatorActor('c1'),
      }),
    );
  }
  await refused(
    write.collaboration({
      ...base,
      type: 'OpenDispute',
      disputeId: `d-${label}-${i}-second`,
      reason: 'OTHER',
      statement: 'A second one',
      actor: creatorActor('c1'),
    }),
  );
  process.stdout.write(`${collaborationId}\n`);
}
