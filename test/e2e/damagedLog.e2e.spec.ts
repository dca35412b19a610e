import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditExport } from '../../src/audit/exportFile.js';
import { runScript } from '../support/childProcess.js';
import { completeCollaboration, creatorActor, registerParties, sellerActor } from '../support/drive.js';
import { startTestServer, testClock, type TestServer } from '../support/server.js';

/**
 * An auditor meets a damaged log (DOMAIN.md § Audit): events deleted from the SQLite file — in the
 * middle of a stream, at its end, or while the service holds them in its in-memory index — or an
 * event that still parses but no longer has its type's shape. Each is reported, naming the revision
 * (`valid: false`), and the history still lists what the log holds — never an error. Every event type
 * edited so: damagedEvents.e2e.spec.ts. And the offline verifier trusts only the fields it defines.
 */

const dir = mkdtempSync(join(tmpdir(), 'ledger-damaged-'));
const exportsDir = mkdtempSync(join(tmpdir(), 'ledger-damaged-exports-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(exportsDir, { recursive: true, force: true });
});

const HISTORY = `query ($id: ID!) {
  collaborationHistory(id: $id) {
    events { revision type replayed whyNotReplayed { code detail } collaboration { status } }
    verification { valid firstBrokenRevision reason }
  }
}`;
const VERIFY =
  'query ($id: ID!) { verifyCollaboration(id: $id) { valid eventsChecked firstBrokenRevision reason } }';

describe('a damaged log', () => {
  let api: TestServer;
  let auditor: string;
  const env = () => ({
    LEDGER_DATA_DIR: dir,
    LEDGER_JWT_SECRET: 'unused-here-but-32-bytes-or-longer',
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
  });
  const start = async () => {
    api = await startTestServer({ dir, clock: testClock(new Date('2026-04-01T00:00:00.000Z')) });
    auditor = await api.token('AUDITOR');
  };
  const ask = async (query: string, id: string) => api.raw(auditor, { query, variables: { id } });
  const positionOf = (streamId: string, revision: number): number => {
    const db = new Database(join(dir, 'events.db'), { readonly: true });
    try {
      return db
        .prepare('SELECT position FROM events WHERE stream_id = ? AND revision = ?')
        .pluck()
        .get(streamId, revision) as number;
    } finally {
      db.close();
    }
  };
  /** Changes the log behind the store's back, as a tampering operator would. */
  const tamper = (sql: string, ...params: unknown[]) => {
    const db = new Database(join(dir, 'events.db'));
    try {
      const changed = db.prepare(sql).run(...params).changes;
      expect(changed).toBe(1);
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    await start();
    const { write } = api.services;
    await registerParties(write, '2026-03-01T00:00:00.000Z', { sellers: ['s1'], creators: ['c1'] });
    for (const k of ['k-mid', 'k-last', 'k-memory', 'k-shape']) {
      await completeCollaboration(write, {
        collaborationId: k,
        sellerId: 's1',
        creatorId: 'c1',
        start: '2026-03-01T00:00:00.000Z',
      });
    }
    // k-shape gets both ratings: a RatingsRevealed event names their ids.
    for (const [actor, scores] of [
      [
        sellerActor('s1'),
        { CONTENT_QUALITY: 4, TIMELINESS: 4, COMMUNICATION: 4, COMPLIANCE: 4, BRAND_FIT: 4 },
      ],
      [
        creatorActor('c1'),
        { BRIEF_CLARITY: 4, FEEDBACK_QUALITY: 4, PAYMENT_RELIABILITY: 4, COMMUNICATION: 4 },
      ],
    ] as const) {
      await write.collaboration({
        type: 'RateCollaboration',
        collaborationId: 'k-shape',
        ratingId: `r-${actor.role}`,
        scores,
        comment: 'A specific comment about this collaboration',
        tags: [],
        actor,
        now: '2026-03-20T00:00:00.000Z',
      });
    }
    // Stop: the stream index is merged into its table; restart on the same folder.
    await api.close();
    await start();
  });
  afterAll(() => api.close());

  it('names an event deleted from the middle of a stream', async () => {
    tamper("DELETE FROM events WHERE stream_id = 'collaboration-k-mid' AND revision = 3");
    const verified = (await ask(VERIFY, 'k-mid')).data as { verifyCollaboration: object };
    expect(verified.verifyCollaboration).toEqual({
      valid: false,
      eventsChecked: 3,
      firstBrokenRevision: 3,
      reason: 'revision 3 is missing from the log',
    });
    const history = await ask(HISTORY, 'k-mid');
    expect(history.errors).toBeUndefined();
    const { events, verification } = (
      history.data as {
        collaborationHistory: { events: { revision: number }[]; verification: object };
      }
    ).collaborationHistory;
    expect(verification).toMatchObject({ valid: false, firstBrokenRevision: 3 });
    expect(events.map((e) => e.revision)).not.toContain(3);
    const asOf = await api.raw(auditor, {
      query: '{ collaborationAsOf(id: "k-mid", revision: 5) { revision collaboration { status } } }',
    });
    expect(asOf.errors).toBeUndefined();

    const file = join(exportsDir, 'k-mid.json');
    const exported = await runScript('audit/auditExport.ts', ['k-mid', '--out', file], env());
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain(
      'the hash chain breaks at revision 3: revision 3 is missing from the log',
    );
    const verify = await runScript('audit/auditVerify.ts', [file], {});
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain('first broken event: revision 3 (position unknown, missing)');
  }, 60_000);

  it('names the last event deleted from a stream, which nothing after it shows', async () => {
    const last = (await ask(HISTORY, 'k-last')).data as {
      collaborationHistory: { events: { revision: number }[] };
    };
    const revision = last.collaborationHistory.events.at(-1)!.revision;
    tamper("DELETE FROM events WHERE stream_id = 'collaboration-k-last' AND revision = ?", revision);
    expect(
      ((await ask(VERIFY, 'k-last')).data as { verifyCollaboration: object }).verifyCollaboration,
    ).toEqual({
      valid: false,
      eventsChecked: revision,
      firstBrokenRevision: revision,
      reason: `revision ${revision} is missing from the log`,
    });
    const history = await ask(HISTORY, 'k-last');
    expect(history.errors).toBeUndefined();
    const exported = await runScript(
      'audit/auditExport.ts',
      ['k-last', '--out', join(exportsDir, 'k-last.json')],
      env(),
    );
    expect([exported.code, exported.stderr]).toEqual([
      1,
      expect.stringContaining(`breaks at revision ${revision}`),
    ]);
  }, 60_000);

  it('names an event deleted while the running service holds it only in its in-memory index', async () => {
    // A new event, indexed in memory only (not merged into the table yet).
    await api.services.write.collaboration({
      type: 'PostMessage',
      collaborationId: 'k-memory',
      messageId: 'fresh',
      body: 'Thanks for the video',
      attachments: [],
      actor: sellerActor('s1'),
      now: '2026-03-25T00:00:00.000Z',
    });
    const before = (await ask(HISTORY, 'k-memory')).data as {
      collaborationHistory: { events: { revision: number }[] };
    };
    const revision = before.collaborationHistory.events.at(-1)!.revision;
    tamper('DELETE FROM events WHERE position = ?', positionOf('collaboration-k-memory', revision));
    expect(
      ((await ask(VERIFY, 'k-memory')).data as { verifyCollaboration: object }).verifyCollaboration,
    ).toMatchObject({
      valid: false,
      firstBrokenRevision: revision,
    });
    const history = await ask(HISTORY, 'k-memory');
    expect(history.errors).toBeUndefined();
  });

  it('lists an event that parses but lost its type’s shape, naming its revision everywhere', async () => {
    const revealed = (await ask(HISTORY, 'k-shape')).data as {
      collaborationHistory: { events: { revision: number; type: string }[] };
    };
    const target = revealed.collaborationHistory.events.find((e) => e.type === 'RatingsRevealed')!;
    const position = positionOf('collaboration-k-shape', target.revision);
    tamper(
      'UPDATE events SET data = replace(data, \'"ratingIds"\', \'"ratingIdz"\') WHERE position = ?',
      position,
    );
    const history = await ask(HISTORY, 'k-shape');
    expect(history.errors).toBeUndefined();
    const { events } = (history.data as { collaborationHistory: { events: object[] } }).collaborationHistory;
    expect(events).toHaveLength(revealed.collaborationHistory.events.length);
    expect(events[target.revision]).toMatchObject({
      revision: target.revision,
      type: 'RatingsRevealed',
      replayed: false,
      whyNotReplayed: { code: 'DATA_SHAPE', detail: "/ratingIds: must have required property 'ratingIds'" },
    });
    expect(
      ((await ask(VERIFY, 'k-shape')).data as { verifyCollaboration: object }).verifyCollaboration,
    ).toMatchObject({
      valid: false,
      firstBrokenRevision: target.revision,
      reason: 'content does not match its hash',
    });
    const exported = await runScript('audit/auditExport.ts', ['k-shape'], env());
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain(
      `Revision ${target.revision} (position ${position}, RatingsRevealed) of collaboration-k-shape cannot be replayed: DATA_SHAPE`,
    );
  }, 60_000);
});

describe('the offline verifier', () => {
  it('reads only the fields it defines: an edited event with its original canonical text beside it fails', async () => {
    const api = await startTestServer({ clock: testClock(new Date('2026-04-01T00:00:00.000Z')) });
    try {
      await registerParties(api.services.write, '2026-03-01T00:00:00.000Z', {
        sellers: ['s1'],
        creators: ['c1'],
      });
      await completeCollaboration(api.services.write, {
        collaborationId: 'k1',
        sellerId: 's1',
        creatorId: 'c1',
        start: '2026-03-01T00:00:00.000Z',
      });
      const env = {
        LEDGER_DATA_DIR: api.dir,
        LEDGER_JWT_SECRET: 'unused-here-but-32-bytes-or-longer',
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
      };
      const file = join(exportsDir, 'k1.json');
      expect((await runScript('audit/auditExport.ts', ['k1', '--out', file], env)).code).toBe(0);
      const doc = JSON.parse(readFileSync(file, 'utf8')) as AuditExport;
      const published = doc.events.find((e) => e.type === 'ContentPublished')!;
      const original = JSON.stringify(published.data);
      // The edit, and the original canonical text smuggled beside it for the chain check.
      Object.assign(published, {
        data: { ...(published.data as object), url: 'https://www.tiktok.com/@someone-else/video/9' },
        dataJson: original,
      });
      const smuggled = join(exportsDir, 'k1-smuggled.json');
      writeFileSync(smuggled, JSON.stringify(doc));
      const result = await runScript('audit/auditVerify.ts', [smuggled], {});
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('Not a creator-ledger/audit-export@1 file');
      // Without the extra field, the edit is caught by the chain.
      delete (published as { dataJson?: string }).dataJson;
      writeFileSync(smuggled, JSON.stringify(doc));
      const plain = await runScript('audit/auditVerify.ts', [smuggled], {});
      expect(plain.code).toBe(1);
      expect(plain.stdout).toContain(`first broken event: revision ${published.revision}`);
    } finally {
      await api.close();
    }
  }, 60_000);
});
