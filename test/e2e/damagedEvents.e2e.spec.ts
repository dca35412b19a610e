import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditExport } from '../../src/audit/exportFile.js';
import { collaborationEvents as COLLABORATION_EVENTS } from '../../src/contexts/collaboration/collaboration.events.js';
import { eventHash } from '../../src/core/hash.js';
import { runScript } from '../support/childProcess.js';
import {
  EVERY_EVENT_COLLABORATIONS,
  HIDDEN_COMMENT,
  writeEveryEventType,
} from '../support/everyEventType.js';
import { startTestServer, testClock, type TestServer } from '../support/server.js';

/**
 * Audit answers on a damaged log (DOMAIN.md § Audit; README § Security, § The API "Audit"): for
 * every event type of a collaboration stream, one stored event edited behind the service's back so
 * that its JSON still parses but a key of its data is renamed, removed or of another type, or a key
 * of its metadata renamed. Every audit path answers — the verification names the revision, the
 * history lists every event saying whether it was replayed and why not, as-of answers from what could
 * be replayed, the signed export says what is broken — and none shows a stranger anything, nor a
 * party the other side's hidden rating. A forger who re-chains the rows after an edit is still
 * listed, with the last hash to compare with an earlier export.
 */

const dir = mkdtempSync(join(tmpdir(), 'ledger-damaged-events-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ASK = `query ($id: ID!, $revision: Int!, $last: Int!) {
  history: collaborationHistory(id: $id) {
    events {
      revision type hash replayed redacted data storedData storedMetadata
      whyNotReplayed { code detail }
      metadata { actor occurredAt }
      state
      collaboration { status ratings { id comment scores { dimension score } flags } }
    }
    verification { valid firstBrokenRevision code reason }
  }
  asOf: collaborationAsOf(id: $id, revision: $revision) {
    revision state collaboration { status ratings { id comment } }
    notReplayed { revision type why { code detail } }
  }
  latest: collaborationAsOf(id: $id, revision: $last) { revision notReplayed { revision } }
  verify: verifyCollaboration(id: $id) { valid eventsChecked firstBrokenRevision code reason }
}`;

interface Entry {
  revision: number;
  type: string;
  hash: string;
  replayed: boolean;
  redacted: boolean;
  data: unknown;
  storedData: string | null;
  storedMetadata: string | null;
  whyNotReplayed: { code: string; detail: string | null } | null;
  metadata: { actor: string; occurredAt: string } | null;
}
interface Answer {
  history: { events: Entry[]; verification: Record<string, unknown> } | null;
  asOf: { revision: number; notReplayed: { revision: number; type: string; why: { code: string } }[] } | null;
  latest: { revision: number } | null;
  verify: { valid: boolean; firstBrokenRevision: number | null; code: string | null } | null;
}

interface Row {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  version: number;
  data: string;
  metadata: string;
  prev_hash: string;
  hash: string;
}

type Part = 'data' | 'metadata';
type Change = 'renamed' | 'removed' | 'retyped';
const CHANGES: readonly Change[] = ['renamed', 'removed', 'retyped'];
const PARTS: readonly Part[] = ['data', 'metadata'];

const schemaOf = (type: string) =>
  COLLABORATION_EVENTS.find((e) => e.type === type)!.schema as unknown as { required?: string[] };

/**
 * The key of a stored event's data a change touches: its first required key (a proposal's brief, as
 * reported), else the first it holds.
 */
const dataKeyOf = (type: string, data: string): string | undefined =>
  type === 'CollaborationProposed'
    ? 'brief'
    : (schemaOf(type).required?.[0] ?? Object.keys(JSON.parse(data) as object)[0]);

/** The key of the metadata a change touches: when the event occurred, which every event has. */
const METADATA_KEY = 'occurredAt';

/** `brief` → `bRief`: the kind of edit reported (a key that still parses, under another name). */
const renamed = (key: string) => `${key[0]}${key[1]!.toUpperCase()}${key.slice(2)}`;

/** A value of another JSON type than `value`'s. */
const retyped = (value: unknown): unknown =>
  typeof value === 'string'
    ? 42
    : typeof value === 'number'
      ? String(value)
      : Array.isArray(value)
        ? {}
        : 'x';

/** Stored JSON text with one key changed; the text still parses. */
const edited = (text: string, change: Change, key: string): string => {
  const value = JSON.parse(text) as Record<string, unknown>;
  const entries = Object.entries(value);
  switch (change) {
    case 'renamed':
      return JSON.stringify(Object.fromEntries(entries.map(([k, v]) => [k === key ? renamed(k) : k, v])));
    case 'removed':
      return JSON.stringify(Object.fromEntries(entries.filter(([k]) => k !== key)));
    case 'retyped':
      return JSON.stringify({ ...value, [key]: retyped(value[key]) });
    default: {
      const never: never = change;
      return never;
    }
  }
};

describe('audit of a damaged log, every event type', () => {
  let api: TestServer;
  const tokens = {} as Record<'auditor' | 'arbitrator' | 's1' | 'c1' | 's2' | 'c2', string>;
  /** Every collaboration's rows as written, by stream. */
  const original = new Map<string, Row[]>();
  const db = () => new Database(api.config.eventStorePath);
  const rowsOf = (streamId: string): Row[] => {
    const handle = db();
    try {
      return handle
        .prepare('SELECT * FROM events WHERE stream_id = ? ORDER BY revision')
        .all(streamId) as Row[];
    } finally {
      handle.close();
    }
  };
  /** Writes rows' text over what is stored, as an operator with the file could. */
  const overwrite = (rows: readonly Pick<Row, 'position' | 'data' | 'metadata' | 'prev_hash' | 'hash'>[]) => {
    const handle = db();
    try {
      const update = handle.prepare(
        'UPDATE events SET data = ?, metadata = ?, prev_hash = ?, hash = ? WHERE position = ?',
      );
      for (const r of rows) {
        expect(update.run(r.data, r.metadata, r.prev_hash, r.hash, r.position).changes).toBe(1);
      }
    } finally {
      handle.close();
    }
  };
  const restore = (streamId: string) => overwrite(original.get(streamId)!);

  const ask = async (token: string, id: string, revision: number, last: number): Promise<Answer> => {
    const response = await api.raw(token, { query: ASK, variables: { id, revision, last } });
    expect(response.errors).toBeUndefined();
    return response.data as unknown as Answer;
  };
  const exportOf = async (token: string, id: string) => {
    const response = await fetch(new URL(`/audit/export/${id}`, api.url), {
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  beforeAll(async () => {
    api = await startTestServer({ clock: testClock(new Date('2026-05-01T00:00:00.000Z')) });
    await writeEveryEventType(api.services.write);
    tokens.auditor = await api.token('AUDITOR');
    tokens.arbitrator = await api.token('ARBITRATOR');
    tokens.s1 = await api.token('SELLER', 's1');
    tokens.c1 = await api.token('CREATOR', 'c1');
    tokens.s2 = await api.token('SELLER', 's2');
    tokens.c2 = await api.token('CREATOR', 'c2');
    for (const id of EVERY_EVENT_COLLABORATIONS) {
      original.set(`collaboration-${id}`, rowsOf(`collaboration-${id}`));
    }
  }, 60_000);
  afterAll(() => api.close());

  /** Where each event type is damaged: its first event, k-blind's first (a hidden rating there). */
  const targets = () => {
    const found = new Map<string, Row>();
    for (const id of ['k-blind', ...EVERY_EVENT_COLLABORATIONS.filter((k) => k !== 'k-blind')]) {
      for (const row of original.get(`collaboration-${id}`)!)
        if (!found.has(row.type)) found.set(row.type, row);
    }
    return found;
  };

  it('holds every event type of a collaboration stream', () => {
    expect([...targets().keys()].sort()).toEqual(COLLABORATION_EVENTS.map((e) => e.type).sort());
  });

  /**
   * Every event type, a key of its data and of its metadata each renamed, removed and retyped (the
   * data of ProposalAccepted holds no key: its metadata's only).
   */
  const hasDataKeys = (type: string) =>
    Object.keys((schemaOf(type) as { properties?: object }).properties ?? {}).length > 0;
  const cases = COLLABORATION_EVENTS.flatMap((e) =>
    PARTS.filter((part) => part === 'metadata' || hasDataKeys(e.type)).flatMap((part) =>
      CHANGES.map((change) => [e.type, part, change] as const),
    ),
  );
  it.each(cases)(
    '%s, a key of its %s %s: every audit path answers',
    async (type, part, change) => {
      const target = targets().get(type)!;
      const streamId = target.stream_id;
      const id = streamId.slice('collaboration-'.length);
      const rows = original.get(streamId)!;
      const last = rows.at(-1)!;
      const revision = target.revision;
      const key = part === 'data' ? dataKeyOf(type, target.data)! : METADATA_KEY;
      const stored = {
        data: part === 'data' ? edited(target.data, change, key) : target.data,
        metadata: part === 'metadata' ? edited(target.metadata, change, key) : target.metadata,
      };
      // An optional key removed leaves an event of its type's shape: it reads, only its hash breaks.
      const readable =
        change === 'removed' && part === 'data' && !(schemaOf(type).required ?? []).includes(key);
      const code = part === 'metadata' ? 'METADATA_SHAPE' : 'DATA_SHAPE';
      overwrite([{ ...target, ...stored }]);
      try {
        // An auditor: the revision named, every event listed and accounted for.
        const audit = await ask(tokens.auditor, id, revision, last.revision);
        expect(audit.verify).toMatchObject({
          valid: false,
          firstBrokenRevision: revision,
          code: 'CONTENT_CHANGED',
        });
        const events = audit.history!.events;
        expect(events.map((e) => [e.revision, e.hash])).toEqual(rows.map((r) => [r.revision, r.hash]));
        expect(audit.history!.verification).toMatchObject({ valid: false, firstBrokenRevision: revision });
        for (const e of events) {
          expect(e.replayed === (e.whyNotReplayed === null), `revision ${e.revision}`).toBe(true);
          if (e.revision !== revision && !e.replayed) {
            expect(e.whyNotReplayed).toMatchObject({
              code: 'RULES_CANNOT_APPLY',
              detail: expect.any(String),
            });
          }
        }
        expect(audit.latest === null).toBe(events.every((e) => !e.replayed));
        const damaged = events[revision]!;
        const file = await exportOf(tokens.auditor, id);
        expect(file.status).toBe(200);
        const { verification } = file.body as AuditExport;
        expect(verification.atExport).toMatchObject({ valid: false, firstBrokenRevision: String(revision) });
        expect(verification.lastHash).toBe(last.hash);
        if (readable) {
          expect(damaged).toMatchObject({ type, replayed: true, whyNotReplayed: null, storedData: null });
          expect(verification.notReplayed).toEqual([]);
        } else {
          expect(damaged).toMatchObject({ type, replayed: false, whyNotReplayed: { code } });
          expect(damaged.whyNotReplayed!.detail).toMatch(new RegExp(key, 'i'));
          expect([damaged.storedData, damaged.storedMetadata]).toEqual([stored.data, stored.metadata]);
          expect(damaged.metadata === null).toBe(part === 'metadata');
          // As of the damaged revision: the state before it, and the damaged event said not to be in it.
          if (revision === 0) expect(audit.asOf).toBeNull();
          else {
            expect(audit.asOf!.revision).toBeLessThan(revision);
            expect(audit.asOf!.notReplayed.at(-1)).toMatchObject({ revision, type, why: { code } });
          }
          // The signed export says what is broken, with the text stored.
          expect(verification.notReplayed).toContainEqual({
            revision: String(revision),
            position: String(target.position),
            type,
            code,
            detail: damaged.whyNotReplayed!.detail,
            storedData: stored.data,
            storedMetadata: stored.metadata,
          });
        }

        // The parties, established from the log (the links written with the proposal): answered, an
        // event that cannot be read withheld whole; the other side's hidden rating nowhere.
        for (const party of [tokens.s1, tokens.c1]) {
          const seen = await ask(party, id, revision, last.revision);
          expect(seen.verify).toMatchObject({ valid: false, firstBrokenRevision: revision });
          expect(seen.history!.events.map((e) => e.hash)).toEqual(rows.map((r) => r.hash));
          if (!readable) {
            expect(seen.history!.events[revision]).toMatchObject({
              replayed: false,
              redacted: true,
              data: null,
              storedData: null,
              storedMetadata: null,
              whyNotReplayed: { code, detail: null },
            });
            const withheld = await exportOf(party, id);
            expect(withheld.status).toBe(403);
            expect(withheld.body).toMatchObject({
              errors: [{ extensions: { code: expect.stringMatching(/^EXPORT_WITHHELD/) } }],
            });
          }
        }
        const creatorSees = JSON.stringify(await ask(tokens.c1, id, revision, last.revision));
        expect(creatorSees).not.toContain(HIDDEN_COMMENT);
        expect(creatorSees).not.toContain('Scores far below what the metrics show');
        expect(creatorSees).not.toContain('CONTRADICTS_METRICS');

        // Strangers: as if it did not exist, by every path.
        for (const stranger of [tokens.s2, tokens.c2]) {
          expect(await ask(stranger, id, revision, last.revision)).toEqual({
            history: null,
            asOf: null,
            latest: null,
            verify: null,
          });
          expect((await exportOf(stranger, id)).status).toBe(404);
        }
      } finally {
        restore(streamId);
      }
      expect((await ask(tokens.auditor, id, 0, 0)).verify).toMatchObject({ valid: true });
    },
    30_000,
  );

  /** Rows of a stream with the first one's data edited and every hash computed again, as a forger would. */
  const rechained = (streamId: string, edit: (data: Record<string, unknown>) => Record<string, unknown>) => {
    let prevHash = original.get(streamId)![0]!.prev_hash;
    return original.get(streamId)!.map((row, i) => {
      const data = i === 0 ? JSON.stringify(edit(JSON.parse(row.data) as Record<string, unknown>)) : row.data;
      const hash = eventHash({
        streamId,
        revision: BigInt(row.revision),
        id: row.event_id,
        type: row.type,
        version: row.version,
        dataJson: data,
        metadataJson: row.metadata,
        prevHash,
      });
      const forged = { ...row, data, prev_hash: prevHash, hash };
      prevHash = hash;
      return forged;
    });
  };
  const env = () => ({
    LEDGER_DATA_DIR: api.dir,
    LEDGER_JWT_SECRET: 'unused-here-but-32-bytes-or-longer',
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
  });

  it('lists a forgery re-chained after the edit, with the last hash to compare with an earlier export', async () => {
    const streamId = 'collaboration-k-every';
    const rows = original.get(streamId)!;
    const earlier = (await exportOf(tokens.auditor, 'k-every')).body as AuditExport;
    const forged = rechained(streamId, ({ brief, ...rest }) => ({ ...rest, bRief: brief }));
    overwrite(forged);
    try {
      const audit = await ask(tokens.auditor, 'k-every', 0, rows.at(-1)!.revision);
      // The chain agrees with itself: only the last hash, against an earlier export, shows the forgery.
      expect(audit.verify).toMatchObject({ valid: true });
      const events = audit.history!.events;
      expect(events.map((e) => e.revision)).toEqual(rows.map((r) => r.revision));
      expect(events[0]).toMatchObject({
        type: 'CollaborationProposed',
        replayed: false,
        whyNotReplayed: { code: 'DATA_SHAPE' },
      });
      expect(events.at(-1)!.hash).toBe(forged.at(-1)!.hash);
      expect(events.at(-1)!.hash).not.toBe(earlier.verification.lastHash);

      const file = join(dir, 'k-every-forged.json');
      const exported = await runScript('audit/auditExport.ts', ['k-every', '--out', file], env());
      expect(exported.code).toBe(1);
      expect(exported.stderr).toContain(
        `Revision 0 (position ${rows[0]!.position}, CollaborationProposed) of ${streamId} cannot be replayed: DATA_SHAPE`,
      );
      const written = JSON.parse(readFileSync(file, 'utf8')) as AuditExport;
      expect(written.verification.lastHash).toBe(forged.at(-1)!.hash);
      expect(written.verification.notReplayed).toMatchObject([{ revision: '0', code: 'DATA_SHAPE' }]);
      const verified = await runScript('audit/auditVerify.ts', [file], {});
      expect(verified.code).toBe(1);
      expect(verified.stdout).toContain('Revision 0 (position');
      expect(verified.stdout).toContain('cannot be replayed: DATA_SHAPE');
      // The parties still read it, established by the links written with the proposal.
      for (const party of [tokens.s1, tokens.c1]) {
        expect((await ask(party, 'k-every', 0, 0)).history!.events).toHaveLength(rows.length);
        // Its signed export is not theirs: what the unreadable proposal holds cannot be told.
        expect(await exportOf(party, 'k-every')).toMatchObject({
          status: 403,
          body: { errors: [{ extensions: { code: 'EXPORT_WITHHELD_DAMAGED' } }] },
        });
      }
    } finally {
      restore(streamId);
    }
  }, 60_000);

  it('lets a party in only when the log still establishes its id', async () => {
    // The proposal's party ids renamed: nothing in k-declined names the seller any more; the
    // creator's own link stream still names the creator.
    for (const id of ['k-declined', 'k-every']) {
      const streamId = `collaboration-${id}`;
      const [first] = original.get(streamId)!;
      overwrite([
        {
          ...first!,
          data: first!.data.replace('"sellerId"', '"sellerID"').replace('"creatorId"', '"creatorID"'),
        },
      ]);
    }
    try {
      const seen = async (token: string, id: string) => (await ask(token, id, 0, 0)).history !== null;
      for (const token of [tokens.auditor, tokens.arbitrator, tokens.c1])
        expect(await seen(token, 'k-declined')).toBe(true);
      for (const token of [tokens.s1, tokens.s2, tokens.c2])
        expect(await seen(token, 'k-declined')).toBe(false);
      expect(await ask(tokens.s1, 'k-declined', 0, 0)).toEqual({
        history: null,
        asOf: null,
        latest: null,
        verify: null,
      });
      expect((await exportOf(tokens.s1, 'k-declined')).status).toBe(404);
      // In k-every the ratings, whose content still gives their hashes, name both parties.
      for (const token of [tokens.s1, tokens.c1]) expect(await seen(token, 'k-every')).toBe(true);
      for (const token of [tokens.s2, tokens.c2]) expect(await seen(token, 'k-every')).toBe(false);
    } finally {
      restore('collaboration-k-declined');
      restore('collaboration-k-every');
    }
  });

  it('lets nobody in as a seller a re-chained forgery names against the creator’s link stream', async () => {
    const streamId = 'collaboration-k-withdrawn';
    overwrite(rechained(streamId, (data) => ({ ...data, sellerId: 's2' })));
    try {
      const audit = await ask(tokens.auditor, 'k-withdrawn', 0, 1);
      expect(audit.verify).toMatchObject({ valid: true });
      expect(audit.history!.events.every((e) => e.replayed)).toBe(true);
      // The stream names s2, the link written with the proposal names s1: neither is established.
      for (const seller of [tokens.s1, tokens.s2]) {
        expect((await ask(seller, 'k-withdrawn', 0, 1)).history).toBeNull();
        expect((await exportOf(seller, 'k-withdrawn')).status).toBe(404);
      }
      expect((await ask(tokens.c1, 'k-withdrawn', 0, 1)).history).not.toBeNull();
      expect((await ask(tokens.c2, 'k-withdrawn', 0, 1)).history).toBeNull();
    } finally {
      restore(streamId);
    }
  });
});
