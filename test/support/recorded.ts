import { createHash } from 'node:crypto';
import type { DomainEvent, RecordedEvent, Role } from '../../src/core/event.js';
import { deterministicUuid } from '../../src/core/ids.js';

/**
 * A log made by hand for projection specs: events of several streams, in order, as the store would
 * record them (positions, revisions, chained hashes, metadata with the time).
 */
export class LogBuilder {
  readonly events: RecordedEvent[] = [];
  private readonly revisions = new Map<string, bigint>();
  private readonly hashes = new Map<string, string>();

  add(
    streamId: string,
    event: DomainEvent,
    at: string,
    actor: { userId: string; role: Role } = { userId: 'u', role: 'PLATFORM' },
  ): RecordedEvent {
    const revision = (this.revisions.get(streamId) ?? -1n) + 1n;
    const position = BigInt(this.events.length + 1);
    const prevHash = this.hashes.get(streamId) ?? '0'.repeat(64);
    const hash = createHash('sha256').update(`${prevHash}${position}`).digest('hex');
    const recorded: RecordedEvent = {
      id: deterministicUuid(streamId, String(revision)),
      type: event.type,
      version: 1,
      data: event.data,
      metadata: { actor: actor.userId, role: actor.role, occurredAt: at },
      streamId,
      revision,
      position,
      recordedAt: at,
      prevHash,
      hash,
    };
    this.events.push(recorded);
    this.revisions.set(streamId, revision);
    this.hashes.set(streamId, hash);
    return recorded;
  }

  /** Adds a decided history (e.g. a CollaborationScenario's `{ event, at }` pairs) to one stream. */
  addAll(streamId: string, history: readonly { event: DomainEvent; at: string }[]): this {
    for (const { event, at } of history) this.add(streamId, event, at);
    return this;
  }
}
