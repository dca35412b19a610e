import { GENESIS_HASH } from '../core/event.js';
import type { ChainVerification } from '../core/hash.js';
import type { BlobStore } from '../blobStore/blobStore.js';
import type { EventStore } from '../eventStore/eventStore.js';
import type { StoredEvent } from '../eventStore/storedEvent.js';
import type { KeyObject } from 'node:crypto';
import {
  collaborationEvents,
  replayCollaboration,
  type HistoryStep,
  type ReplayProblemCode,
} from './history.js';
import { signFile, type ExportSignature } from './signing.js';

/**
 * The self-verifying export of a collaboration's history (DOMAIN.md § Audit): the events with their
 * hashes, the evidence hashes, the replayed final state, and how to verify — checked offline by
 * `npm run audit:verify` (verifyExport.ts), with no server and no database.
 */

export const EXPORT_FORMAT = 'creator-ledger/audit-export@1';

export const HOW_TO_VERIFY = [
  'Each event hash is SHA-256 (hex) of the RFC 8785 (JCS) canonical JSON of the object',
  '{ data, id, metadata, prevHash, revision, streamId, type, version } of that event, with revision as a decimal string.',
  `The first event's prevHash is ${GENESIS_HASH}; every later event's prevHash is the hash of the event before it.`,
  'Revisions run 0, 1, 2, … without gaps.',
  'The final state is what replaying the events through the collaboration rules gives (npm run audit:verify recomputes it).',
  'Evidence files are addressed by their SHA-256: hash a file and compare.',
  'signature: Ed25519 over the RFC 8785 canonical JSON of this file without its signature field, by the key in publicKey;',
  "keyId is the SHA-256 (hex) of that key in DER (SPKI): compare it with the service's fingerprint (npm run audit:key).",
  'Events cut off the end of the log itself cannot show: compare lastHash with the hash of the last event the service holds.',
  'notReplayed lists the events that could not be replayed (their data or metadata no longer decodes or has its type’s shape, or the rules could not apply them), with the text stored; data or metadata that does not decode is null among the events.',
  'Offline: npm run audit:verify -- <this file> [--key-id <the service fingerprint>]',
];

export interface ExportedEvent {
  readonly position: string;
  readonly revision: string;
  readonly id: string;
  readonly type: string;
  readonly version: number;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly recordedAt: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** An event of the export that could not be replayed, and why (src/audit/history.ts). */
export interface ExportedProblem {
  readonly revision: string;
  readonly position: string;
  readonly type: string;
  readonly code: ReplayProblemCode;
  readonly detail: string;
  /** Data and metadata exactly as stored, when the event cannot be read as one. */
  readonly storedData?: string;
  readonly storedMetadata?: string;
}

export interface ExportedEvidence {
  readonly disputeId: string;
  readonly evidenceId: string;
  readonly sha256: string;
  readonly kind: string;
  readonly description: string;
  readonly side: string;
  /** What the blob store held at export time. */
  readonly file: 'verified' | 'missing' | 'changed' | 'not checked';
}

export interface AuditExport {
  readonly format: typeof EXPORT_FORMAT;
  readonly collaborationId: string;
  readonly streamId: string;
  readonly exportedAt: string;
  readonly verification: {
    readonly howTo: readonly string[];
    readonly events: number;
    readonly lastHash: string | null;
    /** The store's own check when exporting. */
    readonly atExport: ChainVerification & { firstBrokenRevision?: string };
    /** The events that could not be replayed (empty on an intact log). */
    readonly notReplayed: readonly ExportedProblem[];
  };
  readonly events: readonly ExportedEvent[];
  readonly evidence: readonly ExportedEvidence[];
  readonly finalState: { readonly state: unknown; readonly collaboration: unknown };
  /** The service's signature over everything above (absent when exported without a key). */
  readonly signature?: ExportSignature;
}

const toExported = (e: StoredEvent): ExportedEvent => ({
  position: e.position.toString(),
  revision: e.revision.toString(),
  id: e.id,
  type: e.type,
  version: e.version,
  data: e.data === undefined ? null : e.data,
  metadata: e.metadata === undefined ? null : e.metadata,
  recordedAt: e.recordedAt,
  prevHash: e.prevHash,
  hash: e.hash,
});

export const buildExport = async (
  store: EventStore,
  collaborationId: string,
  options: {
    blobs?: BlobStore;
    now: string;
    signingKey?: KeyObject;
    /** The collaboration's events as stored and their replay, when the caller has them already. */
    history?: { readonly stored: readonly StoredEvent[]; readonly steps: readonly HistoryStep[] };
  },
): Promise<AuditExport> => {
  const events = options.history?.stored ?? (await collaborationEvents(store, collaborationId));
  if (events.length === 0) throw new Error(`No collaboration ${collaborationId}`);
  const steps = options.history?.steps ?? (await replayCollaboration(events));
  const last = steps.at(-1)!;
  const atExport = await store.verifyStream(events[0]!.streamId);
  const notReplayed = steps.flatMap((step, i): ExportedProblem[] => {
    if (!step.problem) return [];
    const stored = events[i]!;
    return [
      {
        revision: stored.revision.toString(),
        position: stored.position.toString(),
        type: stored.type,
        code: step.problem.code,
        detail: step.problem.detail,
        ...(stored.damage ? { storedData: stored.dataText, storedMetadata: stored.metadataText } : {}),
      },
    ];
  });
  const evidence: ExportedEvidence[] = [];
  // Evidence the log cites: what can be read of it (an unreadable event is listed in notReplayed).
  for (const { event } of steps.filter((s) => s.event?.type === 'DisputeEvidenceAdded')) {
    const data = event!.data as {
      disputeId: string;
      evidenceId: string;
      sha256: string;
      kind: string;
      description: string;
      side: string;
    };
    let file: ExportedEvidence['file'] = 'not checked';
    if (options.blobs) {
      const blob = await options.blobs.get(data.sha256);
      file = !blob ? 'missing' : blob.actualSha256 === data.sha256 ? 'verified' : 'changed';
    }
    evidence.push({
      disputeId: data.disputeId,
      evidenceId: data.evidenceId,
      sha256: data.sha256,
      kind: data.kind,
      description: data.description,
      side: data.side,
      file,
    });
  }
  const file: AuditExport = {
    format: EXPORT_FORMAT,
    collaborationId,
    streamId: events[0]!.streamId,
    exportedAt: options.now,
    verification: {
      howTo: HOW_TO_VERIFY,
      events: events.length,
      lastHash: events.at(-1)!.hash,
      atExport: {
        ...atExport,
        ...(atExport.firstBrokenRevision !== undefined
          ? { firstBrokenRevision: atExport.firstBrokenRevision.toString() }
          : {}),
      } as AuditExport['verification']['atExport'],
      notReplayed,
    },
    events: events.map(toExported),
    evidence,
    finalState: { state: last.state, collaboration: last.view ?? null },
  };
  return options.signingKey ? { ...file, signature: signFile(file, options.signingKey) } : file;
};
