import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeCollaboration, registerParties } from '../support/drive.js';
import { collect, startTestServer, testClock, type TestServer } from '../support/server.js';

/**
 * Trust, through the running server (DOMAIN.md § Who uses it, § The collaboration 9): ids one tenant
 * chooses never reach another tenant's documents, idempotent replays answer only their caller, and a
 * hidden rating reaches no other view than its author's (and staff's), by any path.
 */

const DIMS =
  '[{dimension:"CONTENT_QUALITY",score:5},{dimension:"TIMELINESS",score:5},{dimension:"COMMUNICATION",score:4},{dimension:"COMPLIANCE",score:5},{dimension:"BRAND_FIT",score:4}]';
const SELLER_DIMS =
  '[{dimension:"BRIEF_CLARITY",score:4},{dimension:"FEEDBACK_QUALITY",score:4},{dimension:"PAYMENT_RELIABILITY",score:5},{dimension:"COMMUNICATION",score:4}]';
const brief = (creatorId: string) =>
  `{ creatorId: "${creatorId}", brief: { title: "Serum", product: { name: "Serum", category: BEAUTY }, targetMarkets: ["US"], language: "en", contentFormat: SKIT, platforms: [TIKTOK], deliverables: [{ description: "one video", quantity: 1 }], scriptDueAt: "2026-04-09T00:00:00.000Z", publishDueAt: "2026-04-16T00:00:00.000Z", fee: { amountMinor: 50000, currency: "USD" } } }`;

describe('trust', () => {
  let api: TestServer;
  const t: Record<string, string> = {};
  const codes = (response: { errors?: { extensions?: { code?: string } }[] }) =>
    (response.errors ?? []).map((e) => e.extensions?.code);
  const head = () => api.services.eventStore.headPosition();
  const caughtUp = async () => api.services.runner.waitFor(await head(), 10_000);

  beforeAll(async () => {
    api = await startTestServer({ clock: testClock(new Date('2026-04-01T09:00:00.000Z')) });
    const { write } = api.services;
    await registerParties(write, '2026-03-01T00:00:00.000Z', {
      sellers: ['s1', 's2'],
      creators: ['c1', 'c2'],
    });
    for (const id of ['s1', 's2']) t[id] = await api.token('SELLER', id);
    for (const id of ['c1', 'c2']) t[id] = await api.token('CREATOR', id);
    t.arbitrator = await api.token('ARBITRATOR');
    t.auditor = await api.token('AUDITOR');
    for (const [k, s, c] of [
      ['k1', 's1', 'c1'],
      ['k2', 's2', 'c2'],
    ] as const) {
      const proposed = await api.raw(t[s]!, {
        query: `mutation { proposeCollaboration(input: { collaborationId: "${k}", ${brief(c).slice(1)}) { position } }`,
      });
      expect(codes(proposed)).toEqual([]);
      await api.raw(t[c]!, { query: `mutation { acceptProposal(collaborationId: "${k}") { position } }` });
    }
  });
  afterAll(() => api.close());

  describe('idempotency keys belong to whoever sent them', () => {
    const post = (token: string, k: string, key: string, body = 'Samples shipped today') =>
      api.raw(
        token,
        {
          query: `mutation { postMessage(input: { collaborationId: "${k}", body: "${body}" }) { deduplicated position collaboration { id brief { fee { amountMinor } } } } }`,
        },
        { 'idempotency-key': key },
      );

    it('answers a replay to its caller only; another caller with the same key is a new command', async () => {
      const first = await post(t.s1!, 'k1', 'key-1');
      expect(first.data).toMatchObject({ postMessage: { deduplicated: false } });
      const replay = await post(t.s1!, 'k1', 'key-1');
      expect(replay.data).toMatchObject({
        postMessage: {
          deduplicated: true,
          position: (first.data!.postMessage as { position: string }).position,
        },
      });

      // Seller B, the same key, on A's collaboration: as if k1 did not exist — not A's first result.
      const before = await head();
      const intruder = await post(t.s2!, 'k1', 'key-1');
      expect(codes(intruder)).toEqual(['COLLABORATION_NOT_FOUND']);
      expect(JSON.stringify(intruder)).not.toContain('50000');
      expect(await head()).toBe(before);

      // The other party of k1 with the same key: its own first call, written.
      const creator = await post(t.c1!, 'k1', 'key-1', 'Filming tomorrow');
      expect(creator.data).toMatchObject({ postMessage: { deduplicated: false } });
      // Seller B, the same key, on its own collaboration: written too.
      expect((await post(t.s2!, 'k2', 'key-1')).data).toMatchObject({ postMessage: { deduplicated: false } });
    });

    it('runs the replay of a dispute statement through the same rules', async () => {
      await api.raw(t.s1!, {
        query:
          'mutation { openDispute(input: { collaborationId: "k1", disputeId: "d-k1", reason: COMMUNICATION, statement: "No answer for a week" }) { position } }',
      });
      const statement = (token: string) =>
        api.raw(
          token,
          {
            query:
              'mutation { addStatement(input: { collaborationId: "k1", disputeId: "d-k1", text: "Chat log attached" }) { deduplicated dispute { id trail { __typename } } } }',
          },
          { 'idempotency-key': 'statement-1' },
        );
      const firstStatement = await statement(t.s1!);
      expect(firstStatement.data, JSON.stringify(firstStatement.errors)).toMatchObject({
        addStatement: { deduplicated: false },
      });
      expect((await statement(t.s1!)).data).toMatchObject({ addStatement: { deduplicated: true } });
      const intruder = await statement(t.s2!);
      expect(codes(intruder)).toEqual(['COLLABORATION_NOT_FOUND']);
      expect(intruder.data).toBeNull();
    });

    it('finds the first result of a keyed proposal without an id, wherever it was written', async () => {
      const propose = (token: string, key: string) =>
        api.raw(
          token,
          {
            query: `mutation { proposeCollaboration(input: ${brief(token === t.s2 ? 'c2' : 'c1')}) { collaborationId deduplicated } }`,
          },
          { 'idempotency-key': key },
        );
      const proposals = async () =>
        (await api.services.eventStore.readAll({ filter: { eventTypes: ['CollaborationProposed'] } })).length;
      const before = await proposals();
      const first = (await propose(t.s1!, 'proposal-1')).data!.proposeCollaboration as {
        collaborationId: string;
        deduplicated: boolean;
      };
      // The retry a client makes after a timeout, twice at once too.
      const retries = await Promise.all([propose(t.s1!, 'proposal-1'), propose(t.s1!, 'proposal-1')]);
      for (const retry of retries) {
        expect(retry.data).toMatchObject({
          proposeCollaboration: { collaborationId: first.collaborationId, deduplicated: true },
        });
      }
      expect(first.deduplicated).toBe(false);
      expect(await proposals()).toBe(before + 1);
      // Another seller's same key draws another id: ids derived from keys are the caller's alone.
      const other = (await propose(t.s2!, 'proposal-1')).data!.proposeCollaboration as {
        collaborationId: string;
      };
      expect(other.collaborationId).not.toBe(first.collaborationId);
      expect(await proposals()).toBe(before + 2);
    });
  });

  describe('ids a caller chooses', () => {
    it('refuses a dispute id another collaboration holds, appending nothing; the first keeps it', async () => {
      await caughtUp();
      const before = await head();
      const taken = await api.raw(t.s2!, {
        query:
          'mutation { openDispute(input: { collaborationId: "k2", disputeId: "d-k1", reason: OTHER, statement: "Taking your id" }) { position } }',
      });
      expect(codes(taken)).toEqual(['DISPUTE_ID_TAKEN']);
      expect(await head()).toBe(before);
      const asParty = await api.raw(t.c1!, { query: '{ dispute(id: "d-k1") { collaborationId sellerId } }' });
      expect(asParty.data).toEqual({ dispute: { collaborationId: 'k1', sellerId: 's1' } });
      const asIntruder = await api.raw(t.s2!, { query: '{ dispute(id: "d-k1") { collaborationId } }' });
      expect(asIntruder).toMatchObject({ data: { dispute: null } });
      expect(asIntruder.errors).toBeUndefined();
    });

    it('keeps two sellers’ templates of the same id apart', async () => {
      for (const seller of ['s1', 's2']) {
        const saved = await api.raw(t[seller]!, {
          query: `mutation { saveBriefTemplate(input: { templateId: "sop", name: "SOP of ${seller}", brief: { contentFormat: UNBOXING } }) { position } }`,
        });
        expect(codes(saved)).toEqual([]);
      }
      await caughtUp();
      for (const seller of ['s1', 's2']) {
        const templates = await api.raw(t[seller]!, { query: '{ briefTemplates { id name } }' });
        expect(templates.data).toEqual({ briefTemplates: [{ id: 'sop', name: `SOP of ${seller}` }] });
      }
    });

    it('lets only the party that uploaded a file cite it; a hash alone opens nothing', async () => {
      const file = await api.evidence(t.c1!, 'Chat export: 12 unanswered messages');
      const cited = await api.raw(t.c1!, {
        query: `mutation { addEvidence(input: { collaborationId: "k1", disputeId: "d-k1", kind: CHAT_LOG, description: "Unanswered messages", sha256: "${file}" }) { position } }`,
      });
      expect(codes(cited)).toEqual([]);
      await api.raw(t.c2!, {
        query:
          'mutation { openDispute(input: { collaborationId: "k2", disputeId: "d-k2", reason: OTHER, statement: "Paid late" }) { position } }',
      });
      const before = await head();
      const stolen = await api.raw(t.c2!, {
        query: `mutation { addEvidence(input: { collaborationId: "k2", disputeId: "d-k2", kind: CHAT_LOG, description: "Not mine", sha256: "${file}" }) { position } }`,
      });
      expect(codes(stolen)).toEqual(['EVIDENCE_NOT_UPLOADED']);
      expect(await head()).toBe(before);
      const read = await fetch(new URL(`/evidence/${file}`, api.url), {
        headers: { authorization: `Bearer ${t.c2}` },
      });
      expect(read.status).toBe(404);
      // The other party of k1 reads it: it is cited in its dispute.
      await caughtUp();
      const party = await fetch(new URL(`/evidence/${file}`, api.url), {
        headers: { authorization: `Bearer ${t.s1}` },
      });
      expect(party.status).toBe(200);
    });
  });

  describe('a hidden rating', () => {
    const K = 'k-rated';
    const rate = (token: string, dims: string, comment: string) =>
      api.raw(token, {
        query: `mutation { rateCollaboration(input: { collaborationId: "${K}", scores: ${dims}, comment: "${comment}" }) { events } }`,
      });
    const history = async (token: string) =>
      (
        await api.raw(token, {
          query: `{ collaborationHistory(id: "${K}") { events { revision type redacted data state collaboration { ratings { direction comment } } } } }`,
        })
      ).data!.collaborationHistory as {
        events: {
          revision: number;
          type: string;
          redacted: boolean;
          data: unknown;
          state: { ratings: unknown[] };
          collaboration: { ratings: unknown[] };
        }[];
      };
    const publicReputation = async () =>
      (
        await api.raw(t.s2!, {
          query:
            '{ creator(id: "c1") { reputation { ratingsUnderReview ratingsCounted overall updatedAt } } }',
        })
      ).data;

    it('reaches no view of the other side — history, as-of, subscription — nor any public figure', async () => {
      // Published 60 h late; the seller's TIMELINESS 5 contradicts that: flagged at once, still hidden.
      await completeCollaboration(api.services.write, {
        collaborationId: K,
        sellerId: 's1',
        creatorId: 'c1',
        start: '2026-03-01T00:00:00.000Z',
        lateHours: 60,
      });
      await caughtUp();
      const reputationBefore = await publicReputation();
      const updates = api.ws(t.c1!).iterate({
        query: `subscription { collaborationUpdated(id: "${K}") { eventType collaboration { ratings { direction } } } }`,
      });
      const received = collect(updates, 2, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 200));

      const rated = await rate(t.s1!, DIMS, 'Great hook, but published two and a half days late');
      expect(rated.data).toMatchObject({
        rateCollaboration: { events: ['CollaborationRated', 'RatingFlagged'] },
      });
      await caughtUp();

      const secret = 'two and a half days';
      const asCreator = await history(t.c1!);
      expect(JSON.stringify(asCreator)).not.toContain(secret);
      const ratedEntry = asCreator.events.find((e) => e.type === 'CollaborationRated')!;
      expect(ratedEntry).toMatchObject({ redacted: true, data: { direction: 'SELLER_TO_CREATOR' } });
      expect(ratedEntry.data).not.toHaveProperty('scores');
      const flagEntry = asCreator.events[ratedEntry.revision + 1]!;
      expect(flagEntry).toMatchObject({ type: 'Redacted', redacted: true, data: null });
      expect(asCreator.events.every((e) => e.state.ratings.length === 0)).toBe(true);
      const asOf = await api.raw(t.c1!, {
        query: `{ collaborationAsOf(id: "${K}", revision: ${ratedEntry.revision + 1}) { state collaboration { ratings { comment } } } }`,
      });
      expect(JSON.stringify(asOf)).not.toContain(secret);

      // Its author, arbitrators and auditors read it whole.
      for (const who of ['s1', 'arbitrator', 'auditor']) {
        const full = await history(t[who]!);
        expect(JSON.stringify(full), who).toContain(secret);
        expect(
          full.events.map((e) => e.type),
          who,
        ).toContain('RatingFlagged');
      }
      // Public figures did not move: not the count under review, not the time of the last change.
      expect(await publicReputation()).toEqual(reputationBefore);

      // The creator rates too: both are revealed, and everything about them is readable.
      expect(codes(await rate(t.c1!, SELLER_DIMS, 'Clear brief and paid on the day'))).toEqual([]);
      await caughtUp();
      expect(JSON.stringify(await history(t.c1!))).toContain(secret);
      expect(await publicReputation()).toMatchObject({
        creator: { reputation: { ratingsUnderReview: 1, ratingsCounted: 0 } },
      });

      // The subscriber saw the seller's rating as an event with nothing of it, never the flag.
      const [first, second] = await received;
      expect(first!.data).toEqual({
        collaborationUpdated: { eventType: 'CollaborationRated', collaboration: { ratings: [] } },
      });
      expect(second!.data!.collaborationUpdated).toMatchObject({ eventType: 'CollaborationRated' });
    });
  });
});
