import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import type { AuditExport } from '../../src/audit/exportFile.js';
import { replayCollaboration } from '../../src/audit/history.js';
import { signFile } from '../../src/audit/signing.js';
import type { RecordedEvent } from '../../src/core/event.js';
import { canonicalJson, eventHash } from '../../src/core/hash.js';
import { runScript } from '../support/childProcess.js';
import {
  AddEvidenceDocument,
  CollaborationAsOfDocument,
  CollaborationHistoryDocument,
  CreatorDocument,
  CreatorReputationAsOfDocument,
  VerifyCollaborationDocument,
} from '../support/generated/graphql.js';
import { CHAT_TEXT, seedDisputedCollaboration } from '../support/disputedCollaboration.js';
import { startTestServer, testClock, type TestServer } from '../support/server.js';

/**
 * DOMAIN.md § Audit through the API and the audit scripts, on a disputed collaboration: the history
 * with the state after each event, the state as of each revision (equal to what the write side had
 * then), the hash chain — and what happens when one byte of the SQLite file, of an evidence file or
 * of an export is changed.
 */
describe('audit of a disputed collaboration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-audit-'));
  const T0 = '2026-03-02T09:00:00.000Z';
  const clock = testClock(new Date(T0));
  const at = (days: number) => new Date(Date.parse(T0) + days * 86_400_000).toISOString();
  let api: TestServer;
  const tokens: Record<'s1' | 's2' | 'c1' | 'c2' | 'arbitrator' | 'auditor', string> = {} as never;
  /** What the write side returned for each command on k1: its state right after the command's last event. */
  const written = new Map<number, unknown>();
  let chatExport: string;
  const chatText = CHAT_TEXT;

  const start = async () => {
    api = await startTestServer({ clock, dir });
    tokens.s1 = await api.token('SELLER', 's1');
    tokens.s2 = await api.token('SELLER', 's2');
    tokens.c1 = await api.token('CREATOR', 'c1');
    tokens.c2 = await api.token('CREATOR', 'c2');
    tokens.arbitrator = await api.token('ARBITRATOR');
    tokens.auditor = await api.token('AUDITOR');
  };

  beforeAll(async () => {
    await start();
    const original = api.services.write.collaboration.bind(api.services.write);
    vi.spyOn(api.services.write, 'collaboration').mockImplementation(async (command, options) => {
      const result = await original(command, options);
      const last = result.events.at(-1);
      if (result.streamId === 'collaboration-k1' && last && !result.deduplicated) {
        written.set(Number(last.revision), JSON.parse(JSON.stringify(result.state)));
      }
      return result;
    });

    ({ chatExport } = await seedDisputedCollaboration(api, tokens, { clock, at }));
    await api.services.runner.waitFor(await api.services.eventStore.headPosition(), 10_000);
  }, 60_000);
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const history = async (token = tokens.auditor) =>
    (await api.ok(token, CollaborationHistoryDocument, { id: 'k1' })).collaborationHistory!;

  it('gives every event in order, chained, with the state right after each', async () => {
    const { events, verification } = await history();
    expect(events.length).toBeGreaterThan(20);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
    const positions = events.map((e) => BigInt(e.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    expect(events[0]!.prevHash).toBe('0'.repeat(64));
    for (let i = 1; i < events.length; i++) expect(events[i]!.prevHash).toBe(events[i - 1]!.hash);
    expect(verification).toEqual({
      valid: true,
      eventsChecked: events.length,
      firstBrokenRevision: null,
      code: null,
      reason: null,
    });

    const evidence = events.find((e) => e.type === 'DisputeEvidenceAdded')!;
    expect(evidence.data).toMatchObject({
      sha256: chatExport,
      contentType: 'text/plain',
      sizeBytes: chatText.length,
    });
    expect(evidence.metadata).toMatchObject({ actor: 'user-c1', role: 'CREATOR' });
    const resolved = events.find((e) => e.type === 'DisputeResolved')!;
    expect(resolved.metadata).toMatchObject({ actor: 'user-arbitrator', role: 'ARBITRATOR' });
    // Both events of one command (opening a dispute holds the milestones) carry who asked.
    const held = events.find((e) => e.type === 'MilestoneHeld')!;
    expect(held.metadata).toMatchObject({ actor: 'user-s1', role: 'SELLER' });
    expect(events.at(-1)!.collaboration!.status).toBe('COMPLETED');
    // The state right after each event: the hold shows from the MilestoneHeld event on, not before.
    const opened = events.find((e) => e.type === 'DisputeOpened')!;
    expect(opened.collaboration!.milestones).toContainEqual({ name: 'FINAL', status: 'PENDING' });
    expect(held.collaboration!.milestones).toContainEqual({ name: 'FINAL', status: 'HELD' });
  });

  it('replays the state as of each revision equal to what the write side had then', async () => {
    const { events } = await history();
    expect(written.size).toBeGreaterThan(12);
    for (const [revision, state] of written) {
      const asOf = (await api.ok(tokens.auditor, CollaborationAsOfDocument, { id: 'k1', revision }))
        .collaborationAsOf!;
      expect(asOf.revision).toBe(revision);
      expect(asOf.state, `state at revision ${revision}`).toEqual(state);
      expect(events[revision]!.state).toEqual(state);
    }
  });

  it('replays the state as of an instant: the last event that had occurred by then', async () => {
    const { events } = await history();
    const opened = events.find((e) => e.type === 'DisputeOpened')!;
    const justBefore = new Date(Date.parse(opened.metadata!.occurredAt) - 1).toISOString();
    const before = (await api.ok(tokens.c1, CollaborationAsOfDocument, { id: 'k1', at: justBefore }))
      .collaborationAsOf!;
    expect(before.revision).toBe(opened.revision - 1);
    expect(before.collaboration!.status).toBe('PUBLISHED');
    expect((before.state as { openDisputeId: string | null }).openDisputeId).toBeNull();
    const beforeAll = await api.request(tokens.c1, CollaborationAsOfDocument, { id: 'k1', at: at(-1) });
    expect(beforeAll.data?.collaborationAsOf).toBeNull();
    const both = await api.request(tokens.c1, CollaborationAsOfDocument, { id: 'k1', revision: 1, at: T0 });
    expect(both.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('recomputes a creator’s past reputation from the log', async () => {
    const now = (
      await api.ok(tokens.auditor, CreatorReputationAsOfDocument, { creatorId: 'c1', at: clock.now() })
    ).creatorReputationAsOf!;
    const live = (await api.ok(tokens.auditor, CreatorDocument, { id: 'c1' })).creator!.reputation;
    const { changes: _liveChanges, ...liveFigures } = live;
    expect(now.reputation).toMatchObject(liveFigures);
    expect(now.reputation.disputeLossRate).toBe(0);
    expect(now.reputation.ratingsCounted).toBe(1);

    const beforeRating = (
      await api.ok(tokens.c1, CreatorReputationAsOfDocument, { creatorId: 'c1', at: at(20) })
    ).creatorReputationAsOf!;
    expect(beforeRating.reputation.ratingsCounted).toBe(0);
    expect(beforeRating.reputation.changes.totalCount).toBeLessThan(now.reputation.changes.totalCount);
    const unborn = await api.request(tokens.auditor, CreatorReputationAsOfDocument, {
      creatorId: 'c1',
      at: at(-1),
    });
    expect(unborn.data?.creatorReputationAsOf).toBeNull();
  });

  it('lets only the parties, arbitrators and auditors see the history', async () => {
    for (const who of ['s1', 'c1', 'arbitrator', 'auditor'] as const) {
      expect((await history(tokens[who])).events.length).toBeGreaterThan(0);
    }
    // Anyone else is answered as for a collaboration that does not exist.
    for (const who of ['s2', 'c2'] as const) {
      for (const id of ['k1', 'k-none']) {
        for (const response of [
          await api.request(tokens[who], CollaborationHistoryDocument, { id }),
          await api.request(tokens[who], CollaborationAsOfDocument, { id, revision: 0 }),
          await api.request(tokens[who], VerifyCollaborationDocument, { id }),
        ]) {
          expect(response.errors, `${who} ${id}`).toBeUndefined();
          expect(Object.values(response.data!), `${who} ${id}`).toEqual([null]);
        }
      }
    }
    const other = await api.request(tokens.c2, CreatorReputationAsOfDocument, {
      creatorId: 'c1',
      at: at(30),
    });
    expect(other.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const seller = await api.request(tokens.s1, CreatorReputationAsOfDocument, {
      creatorId: 'c1',
      at: at(30),
    });
    expect(seller.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  describe('evidence files', () => {
    const get = async (token: string | null, sha256: string) =>
      fetch(new URL(`/evidence/${sha256}`, api.url), {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });

    it('serves the file to the parties, arbitrators and auditors, re-hashed', async () => {
      for (const who of ['s1', 'c1', 'arbitrator', 'auditor'] as const) {
        const response = await get(tokens[who], chatExport);
        expect(response.status, who).toBe(200);
        expect(response.headers.get('content-type')).toBe('text/plain');
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(await response.text()).toBe(chatText);
      }
    });

    it('does not refuse a party because the read model has not caught up with the log yet', async () => {
      // The first look at the disputes read model comes before the projection applied the evidence.
      const query = vi
        .spyOn(api.services.readStore, 'query')
        .mockResolvedValueOnce({ items: [], hasNextPage: false, endCursor: null });
      try {
        const response = await get(tokens.s1, chatExport);
        expect(response.status).toBe(200);
        expect(await response.text()).toBe(chatText);
        expect(query).toHaveBeenCalledTimes(2);
      } finally {
        query.mockRestore();
      }
    });

    it('refuses everyone else, and bad requests, with stable codes', async () => {
      const code = async (response: Response) =>
        ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions
          .code;
      // Someone who may not read it is told it does not exist, exactly as for an unknown hash.
      for (const who of ['s2', 'c2'] as const) {
        const response = await get(tokens[who], chatExport);
        expect(response.status, who).toBe(404);
        expect(await code(response)).toBe('NOT_FOUND');
      }
      const anonymous = await get(null, chatExport);
      expect([anonymous.status, await code(anonymous)]).toEqual([401, 'UNAUTHENTICATED']);
      const malformed = await get(tokens.auditor, 'not-a-hash');
      expect([malformed.status, await code(malformed)]).toEqual([400, 'BAD_USER_INPUT']);
      const unknown = await get(tokens.auditor, 'f'.repeat(64));
      expect([unknown.status, await code(unknown)]).toEqual([404, 'NOT_FOUND']);

      const exe = await api.upload(tokens.c1, 'MZ\u0000\u0000', 'application/x-msdownload');
      expect([exe.status, exe.body.errors?.[0]?.extensions?.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      const empty = await api.upload(tokens.c1, '', 'text/plain');
      expect([empty.status, empty.body.errors?.[0]?.extensions?.code]).toEqual([400, 'BAD_USER_INPUT']);
      const huge = await api.upload(tokens.c1, 'x'.repeat(api.config.evidenceMaxBytes + 1), 'text/plain');
      expect([huge.status, huge.body.errors?.[0]?.extensions?.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
      const byAuditor = await api.upload(tokens.auditor, 'notes', 'text/plain');
      expect([byAuditor.status, byAuditor.body.errors?.[0]?.extensions?.code]).toEqual([403, 'FORBIDDEN']);
      const noToken = await api.upload(null, 'notes', 'text/plain');
      expect(noToken.status).toBe(401);
    });

    it('stores a file once under its SHA-256; the uploader reads it back before citing it', async () => {
      const first = await api.upload(tokens.s1, 'invoice 42', 'text/plain');
      const again = await api.upload(tokens.s1, 'invoice 42', 'text/plain');
      expect(first.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(first.body).toMatchObject({ size: 10 });
      expect((await get(tokens.s1, first.body.sha256!)).status).toBe(200);
      expect((await get(tokens.c1, first.body.sha256!)).status).toBe(404);
    });

    it('refuses to record evidence no file was uploaded for, appending nothing', async () => {
      const head = await api.services.eventStore.headPosition();
      const response = await api.request(tokens.c1, AddEvidenceDocument, {
        input: {
          collaborationId: 'k1',
          disputeId: 'd1',
          kind: 'SCREENSHOT',
          description: 'x',
          sha256: 'e'.repeat(64),
        },
      });
      // The dispute is resolved, so that rule answers first; both refuse.
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['DISPUTE_CLOSED']);
      const malformed = await api.request(tokens.c1, AddEvidenceDocument, {
        input: { collaborationId: 'k1', disputeId: 'd1', kind: 'SCREENSHOT', description: 'x', sha256: 'E1' },
      });
      expect(malformed.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(await api.services.eventStore.headPosition()).toBe(head);
    });
  });

  describe('exports and tampering (last: these change the stored files)', () => {
    const exportsDir = mkdtempSync(join(tmpdir(), 'ledger-exports-'));
    const env = () => ({
      LEDGER_DATA_DIR: dir,
      LEDGER_JWT_SECRET: 'unused-here-but-32-bytes-or-longer',
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
    });
    afterAll(() => rmSync(exportsDir, { recursive: true, force: true }));

    it('exports a file that verifies offline; a changed byte in it names the event', async () => {
      const file = join(exportsDir, 'k1.json');
      const exported = await runScript('audit/auditExport.ts', ['k1', '--out', file], env());
      expect(exported.stderr).toContain('the hash chain holds');
      expect(exported.code).toBe(0);
      const doc = JSON.parse(readFileSync(file, 'utf8')) as AuditExport;
      expect(doc.evidence).toEqual([expect.objectContaining({ sha256: chatExport, file: 'verified' })]);
      expect((doc.finalState.collaboration as { status: string }).status).toBe('COMPLETED');
      expect(doc.verification.howTo.length).toBeGreaterThan(3);

      // Offline: the data folder is gone from the verifier's view.
      const ok = await runScript('audit/auditVerify.ts', [file], {
        LEDGER_DATA_DIR: join(exportsDir, 'none'),
      });
      expect(ok.stdout).toContain('OK:');
      expect(ok.code).toBe(0);

      const statement = doc.events.find((e) => e.type === 'DisputeStatementAdded')!;
      const text = readFileSync(file, 'utf8');
      expect(text.split('The seller agreed to Friday').length).toBe(2);
      const tampered = join(exportsDir, 'k1-tampered.json');
      writeFileSync(tampered, text.replace('The seller agreed to Friday', 'The seller agreed to Monday'));
      const broken = await runScript('audit/auditVerify.ts', [tampered], {});
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain(
        `first broken event: revision ${statement.revision} (position ${statement.position}, DisputeStatementAdded)`,
      );

      const garbage = join(exportsDir, 'garbage.json');
      writeFileSync(garbage, '{"format":"something else"}');
      expect((await runScript('audit/auditVerify.ts', [garbage], {})).code).toBe(1);
      const missing = await runScript('audit/auditExport.ts', ['k-none'], env());
      expect([missing.code, missing.stderr.trim()]).toEqual([1, 'No collaboration k-none']);
    }, 60_000);

    it("catches a forger who computes the chain again by the service's signature", async () => {
      const file = join(exportsDir, 'k1-signed.json');
      expect((await runScript('audit/auditExport.ts', ['k1', '--out', file], env())).code).toBe(0);
      const key = await runScript('audit/auditKey.ts', [], env());
      const keyId = /Fingerprint \(keyId\): ([0-9a-f]{64})/.exec(key.stdout)![1]!;
      const genuine = JSON.parse(readFileSync(file, 'utf8')) as AuditExport;
      expect(genuine.signature?.keyId).toBe(keyId);
      // The running service publishes the same key.
      const published = (await (await fetch(new URL('/audit/signing-key', api.url))).json()) as {
        keyId: string;
        publicKey: string;
      };
      expect(published).toEqual({ alg: 'Ed25519', keyId, publicKey: genuine.signature!.publicKey });
      const ok = await runScript('audit/auditVerify.ts', [file, '--key-id', keyId], {});
      expect([ok.code, ok.stdout]).toEqual([0, expect.stringContaining(`signed by key ${keyId}`)]);

      // Change a statement, then make everything else agree: hashes, last hash, final state.
      let prevHash = genuine.events[0]!.prevHash;
      const events = genuine.events.map((e) => {
        const data =
          e.type === 'DisputeStatementAdded'
            ? { ...(e.data as object), text: 'The seller never agreed to anything' }
            : e.data;
        const hash = eventHash({
          id: e.id,
          type: e.type,
          version: e.version,
          streamId: genuine.streamId,
          revision: BigInt(e.revision),
          dataJson: canonicalJson(data),
          metadataJson: canonicalJson(e.metadata),
          prevHash,
        });
        const forged = { ...e, data, prevHash, hash };
        prevHash = hash;
        return forged;
      });
      const replayed = await replayCollaboration(
        events.map(
          (e) =>
            ({
              ...e,
              streamId: genuine.streamId,
              revision: BigInt(e.revision),
              position: BigInt(e.position),
            }) as unknown as RecordedEvent,
        ),
      );
      const { signature: _, ...unsigned } = genuine;
      const forged = {
        ...unsigned,
        events,
        verification: { ...genuine.verification, lastHash: prevHash },
        finalState: { state: replayed.at(-1)!.state, collaboration: replayed.at(-1)!.view },
      };
      const forgedFile = join(exportsDir, 'k1-forged.json');
      writeFileSync(forgedFile, JSON.stringify({ ...forged, signature: genuine.signature }));
      const caught = await runScript('audit/auditVerify.ts', [forgedFile], {});
      expect(caught.code).toBe(1);
      expect(caught.stdout).toContain(
        'The signature does not hold: the file was changed after it was signed',
      );
      // Only the signature gives it away: the chain and the final state hold.
      expect(caught.stdout).not.toContain('hash chain breaks');
      expect(caught.stdout).not.toContain('final state');

      // Signed again with a key of the forger's own: it holds only until compared with the service's.
      const { privateKey } = generateKeyPairSync('ed25519');
      writeFileSync(forgedFile, JSON.stringify({ ...forged, signature: signFile(forged, privateKey) }));
      expect((await runScript('audit/auditVerify.ts', [forgedFile], {})).code).toBe(0);
      const compared = await runScript('audit/auditVerify.ts', [forgedFile, '--key-id', keyId], {});
      expect(compared.code).toBe(1);
      expect(compared.stdout).toContain(`not by ${keyId}`);
    }, 60_000);

    it('reports an evidence file changed on disk, never serving it as genuine', async () => {
      const path = join(api.config.blobDir, chatExport.slice(0, 2), chatExport);
      writeFileSync(path, chatText.replace('Friday', 'Monday'));
      const response = await fetch(new URL(`/evidence/${chatExport}`, api.url), {
        headers: { authorization: `Bearer ${tokens.arbitrator}` },
      });
      expect(response.status).toBe(409);
      const body = (await response.json()) as { errors: { extensions: Record<string, string> }[] };
      expect(body.errors[0]!.extensions).toMatchObject({ code: 'EVIDENCE_TAMPERED', sha256: chatExport });
      expect(body.errors[0]!.extensions.actualSha256).not.toBe(chatExport);

      const file = join(exportsDir, 'k1-changed-evidence.json');
      const exported = await runScript('audit/auditExport.ts', ['k1', '--out', file], env());
      expect(exported.code).toBe(1);
      expect(exported.stderr).toContain(`Evidence ${chatExport}`);
      const doc = JSON.parse(readFileSync(file, 'utf8')) as AuditExport;
      expect(doc.evidence).toEqual([expect.objectContaining({ sha256: chatExport, file: 'changed' })]);
      // The file holds together — chain, state, signature — but says the evidence was changed: not OK.
      const verified = await runScript('audit/auditVerify.ts', [file], {});
      expect(verified.code).toBe(1);
      expect(verified.stdout).not.toContain('OK:');
      expect(verified.stdout).toContain(
        `Evidence ${chatExport} was changed in the service's store at export`,
      );
    }, 60_000);

    it('names the exact revision when one byte of a stored event changes in the SQLite file', async () => {
      const { events } = await history();
      const target = events.find((e) => e.type === 'DisputeEvidenceAdded')!;
      await api.close();

      // The service is stopped (its write-ahead log folded into the file); change one byte on disk.
      const database = join(dir, 'events.db');
      const bytes = readFileSync(database);
      const needle = Buffer.from('Chat export of 6 March');
      const offset = bytes.indexOf(needle);
      expect(offset).toBeGreaterThan(0);
      expect(bytes.indexOf(needle, offset + 1)).toBe(-1);
      bytes[offset + 'Chat export of '.length] = '7'.charCodeAt(0);
      writeFileSync(database, bytes);

      await start();
      const verified = (await api.ok(tokens.auditor, VerifyCollaborationDocument, { id: 'k1' }))
        .verifyCollaboration!;
      expect(verified).toEqual({
        valid: false,
        eventsChecked: target.revision + 1,
        firstBrokenRevision: target.revision,
        code: 'CONTENT_CHANGED',
        reason: 'content does not match its hash',
      });
      const afterwards = await history(tokens.c1);
      expect(afterwards.verification.firstBrokenRevision).toBe(target.revision);
      expect(afterwards.events[target.revision]!.data).toMatchObject({
        description: 'Chat export of 7 March',
      });

      const file = join(exportsDir, 'k1-after.json');
      const exported = await runScript('audit/auditExport.ts', ['k1', '--out', file], env());
      expect(exported.stderr).toContain(`the hash chain breaks at revision ${target.revision}`);
      const verify = await runScript('audit/auditVerify.ts', [file], {});
      expect(verify.code).toBe(1);
      expect(verify.stdout).toContain(
        `first broken event: revision ${target.revision} (position ${target.position}, DisputeEvidenceAdded)`,
      );
    }, 60_000);

    it('names the revision when a changed byte leaves a stored event unreadable', async () => {
      const { events } = await history();
      const target = events.find((e) => e.type === 'DisputeEvidenceAdded')!;
      await api.close();

      // Break the JSON itself: the quote that opens the evidence description.
      const database = join(dir, 'events.db');
      const bytes = readFileSync(database);
      const offset = bytes.indexOf(Buffer.from('"Chat export of 7 March'));
      expect(offset).toBeGreaterThan(0);
      bytes[offset] = "'".charCodeAt(0);
      writeFileSync(database, bytes);

      await start();
      const verified = (await api.ok(tokens.auditor, VerifyCollaborationDocument, { id: 'k1' }))
        .verifyCollaboration!;
      expect(verified).toMatchObject({
        valid: false,
        firstBrokenRevision: target.revision,
        code: 'CONTENT_CHANGED',
      });
      // The history still lists every event; the unreadable one says why, with its text as stored.
      const replayed = (await api.ok(tokens.auditor, CollaborationHistoryDocument, { id: 'k1' }))
        .collaborationHistory!;
      expect(replayed.events.map((e) => e.revision)).toEqual(events.map((e) => e.revision));
      const unreadable = replayed.events.find((e) => e.revision === target.revision)!;
      expect(unreadable).toMatchObject({
        type: 'DisputeEvidenceAdded',
        replayed: false,
        data: null,
        whyNotReplayed: { code: 'DATA_NOT_JSON' },
        hash: target.hash,
      });
      expect(unreadable.storedData).toContain("'Chat export of 7 March");
      expect(replayed.events.at(-1)!.hash).toBe(events.at(-1)!.hash);

      const exported = await runScript(
        'audit/auditExport.ts',
        ['k1', '--out', join(exportsDir, 'k1-bad.json')],
        env(),
      );
      expect(exported.code).toBe(1);
      expect(exported.stderr).toContain(
        `Revision ${target.revision} (position ${target.position}, DisputeEvidenceAdded) of collaboration-k1 cannot be replayed: DATA_NOT_JSON`,
      );
    }, 60_000);
  });
});
