import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { GENESIS_HASH } from '../core/event.js';
import { canonicalJson, verifyChain } from '../core/hash.js';
import { EXPORT_FORMAT, type AuditExport } from './exportFile.js';
import { replayCollaboration, type ReplayInput } from './history.js';
import { checkSignature, type SignatureCheck } from './signing.js';

/**
 * The offline check of an export (`npm run audit:verify`): with nothing but the file, no server and
 * no database (DOMAIN.md § Audit, a self-verifying file).
 */

export interface ExportVerification {
  readonly valid: boolean;
  readonly eventsChecked: number;
  readonly firstBroken?: {
    readonly revision: string;
    readonly position: string;
    readonly type: string;
    readonly reason: string;
  };
  readonly finalStateMatches: boolean;
  readonly evidenceMatches: boolean;
  readonly signature: SignatureCheck;
  readonly problems: readonly string[];
}

/** The shape an export must have before anything in it is checked. */
const ExportShape = Type.Object({
  format: Type.Literal(EXPORT_FORMAT),
  streamId: Type.String(),
  verification: Type.Object({ events: Type.Integer(), lastHash: Type.Union([Type.String(), Type.Null()]) }),
  // Closed: the verifier reads exactly the fields it defines. Anything beside them (a `dataJson`
  // claiming to be the canonical text of an edited event) is refused, not trusted.
  events: Type.Array(
    Type.Object(
      {
        position: Type.String({ pattern: '^[0-9]+$' }),
        revision: Type.String({ pattern: '^[0-9]+$' }),
        id: Type.String(),
        type: Type.String(),
        version: Type.Integer(),
        data: Type.Unknown(),
        metadata: Type.Unknown(),
        recordedAt: Type.String(),
        prevHash: Type.String(),
        hash: Type.String(),
      },
      { additionalProperties: false },
    ),
    { minItems: 1 },
  ),
  evidence: Type.Array(Type.Object({ sha256: Type.String(), file: Type.Optional(Type.String()) })),
  finalState: Type.Object({ state: Type.Unknown(), collaboration: Type.Unknown() }),
  signature: Type.Optional(
    Type.Object({
      alg: Type.String(),
      keyId: Type.String(),
      publicKey: Type.String(),
      value: Type.String(),
    }),
  ),
});

/**
 * Checks an export with nothing but its own content: the hash chain, that the final state is what
 * the events give, that the evidence list is the evidence the events cite, and the signature (by the
 * key `keyId` names, when given: an unsigned file then fails).
 */
export const verifyExport = async (
  file: unknown,
  options: { keyId?: string } = {},
): Promise<ExportVerification> => {
  if (!Value.Check(ExportShape, file)) {
    const first = Value.Errors(ExportShape, file).First();
    return {
      valid: false,
      eventsChecked: 0,
      finalStateMatches: false,
      evidenceMatches: false,
      signature: { status: 'absent' },
      problems: [`Not a ${EXPORT_FORMAT} file${first ? `: ${first.path || '/'} ${first.message}` : ''}`],
    };
  }
  const doc = file as unknown as AuditExport;
  const problems: string[] = [];
  const { events } = doc;
  // Each hash is recomputed from the event's content as the file states it, nothing else.
  const chain = verifyChain(
    events.map((e) => ({
      streamId: doc.streamId,
      revision: BigInt(e.revision),
      id: e.id,
      type: e.type,
      version: e.version,
      data: e.data,
      metadata: e.metadata,
      prevHash: e.prevHash,
      hash: e.hash,
    })),
    GENESIS_HASH,
  );
  let firstBroken: ExportVerification['firstBroken'];
  if (!chain.valid) {
    const revision = String(chain.firstBrokenRevision);
    // A revision missing from the file has no event to name: its position and type are unknown.
    const broken = events.find((e) => e.revision === revision);
    firstBroken = {
      revision,
      position: broken?.position ?? 'unknown',
      type: broken?.type ?? 'missing',
      reason: chain.reason!,
    };
    problems.push(
      `The hash chain breaks at revision ${revision} (position ${firstBroken.position}, ${firstBroken.type}): ${chain.reason}`,
    );
  }
  if (doc.verification.events !== events.length || doc.verification.lastHash !== events.at(-1)!.hash) {
    problems.push('The event count or last hash stated does not match the events');
  }
  // The events replayed as the file states them: what no longer reads, or does not follow, is said.
  const steps = await replayCollaboration(
    events.map((e): ReplayInput => ({
      ...e,
      streamId: doc.streamId,
      revision: BigInt(e.revision),
      position: BigInt(e.position),
    })),
  );
  for (const step of steps.filter((s) => s.problem)) {
    problems.push(
      `Revision ${step.stored.revision} (position ${step.stored.position}, ${step.stored.type}) cannot be replayed: ${step.problem!.code} ${step.problem!.detail}`,
    );
  }
  const last = steps.at(-1)!;
  const finalStateMatches =
    canonicalJson(last.state) === canonicalJson(doc.finalState.state) &&
    canonicalJson(last.view ?? null) === canonicalJson(doc.finalState.collaboration);
  if (!finalStateMatches) problems.push('The final state is not what the events give');
  const cited = steps
    .filter((s) => s.event?.type === 'DisputeEvidenceAdded')
    .map((s) => (s.event!.data as { sha256?: unknown }).sha256);
  const listed = doc.evidence.map((e) => e.sha256);
  const evidenceMatches = cited.length === listed.length && cited.every((sha, i) => sha === listed[i]);
  if (!evidenceMatches) problems.push('The evidence list is not the evidence the events cite');
  // What the service found when it exported: a file it could not vouch for is a problem to say.
  for (const item of doc.evidence) {
    if (item.file === 'changed' || item.file === 'missing') {
      problems.push(
        `Evidence ${item.sha256} was ${item.file === 'changed' ? 'changed in' : 'missing from'} the service's store at export`,
      );
    }
  }
  const signature = checkSignature(doc);
  if (signature.status === 'invalid') problems.push(`The signature does not hold: ${signature.reason}`);
  if (options.keyId !== undefined) {
    if (signature.status === 'absent')
      problems.push(`The file is not signed (expected key ${options.keyId})`);
    if (signature.status === 'valid' && signature.keyId !== options.keyId.toLowerCase()) {
      problems.push(`The file is signed by key ${signature.keyId}, not by ${options.keyId}`);
    }
  }
  return {
    valid: problems.length === 0,
    eventsChecked: chain.eventsChecked,
    ...(firstBroken ? { firstBroken } : {}),
    finalStateMatches,
    evidenceMatches,
    signature,
    problems,
  };
};
