import type { Decider } from '../core/decider.js';
import type { DomainEvent } from '../core/event.js';
import type { EventCatalog } from '../core/eventCatalog.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { createCommandHandler, type CommandResult, type HandleOptions } from '../eventStore/handleCommand.js';
import type { CollaborationCommand } from './collaboration/collaboration.commands.js';
import { collaborationDecider, collaborationStreamId } from './collaboration/collaboration.decide.js';
import type { CollaborationState } from './collaboration/collaboration.state.js';
import { creatorDecider, creatorStreamId, type CreatorCommand } from './creator/creator.decide.js';
import type { CreatorState } from './creator/creator.state.js';
import { sellerDecider, sellerStreamId, type SellerCommand } from './seller/seller.decide.js';
import type { SellerState } from './seller/seller.state.js';
import {
  sellerLibraryDecider,
  sellerLibraryStreamId,
  type SellerLibraryCommand,
} from './sellerLibrary/sellerLibrary.decide.js';
import type { SellerLibraryState } from './sellerLibrary/sellerLibrary.state.js';
import { linkOf } from './links/collaborationLinks.js';
import { claimOf } from './uniqueIds/uniqueIds.js';
import {
  inboxDecider,
  notificationInboxStreamId,
  type InboxState,
  type NotificationCommand,
} from './notifications/notifications.js';
import { webhooksDecider, webhooksStreamId, type WebhookCommand } from './webhooks/webhooks.decide.js';
import type { WebhookOwnerState } from './webhooks/webhooks.state.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Collaboration commands as callers send them: the lookups are the write side's business. */
export type CollaborationCommandInput = DistributiveOmit<CollaborationCommand, 'lookups'>;
/** A collaboration command's own fields: without who, when and which collaboration. */
export type CollaborationCommandBody = DistributiveOmit<
  CollaborationCommandInput,
  'actor' | 'now' | 'collaborationId'
>;
export type SellerLibraryCommandInput = DistributiveOmit<SellerLibraryCommand, 'creatorRegistered'>;

/**
 * The write side: routes each command to its stream and decider, and looks up in other streams what a
 * decision needs (DOMAIN.md: a proposal needs a registered seller and creator, not blocked). Lookups
 * read the log itself, never a read model, so a decision never rests on a stale projection.
 */
export interface WriteSide {
  creator(command: CreatorCommand, options?: HandleOptions): Promise<CommandResult<CreatorState>>;
  seller(command: SellerCommand, options?: HandleOptions): Promise<CommandResult<SellerState>>;
  collaboration(
    command: CollaborationCommandInput,
    options?: HandleOptions,
  ): Promise<CommandResult<CollaborationState>>;
  sellerLibrary(
    command: SellerLibraryCommandInput,
    options?: HandleOptions,
  ): Promise<CommandResult<SellerLibraryState>>;
  /** An owner's webhook endpoints (DOMAIN.md § Webhooks). */
  webhooks(command: WebhookCommand, options?: HandleOptions): Promise<CommandResult<WebhookOwnerState>>;
  /** How far a recipient has read its notifications. */
  notifications(command: NotificationCommand, options?: HandleOptions): Promise<CommandResult<InboxState>>;
  /** A seller's library as its stream stands (for brief templates at proposal). */
  sellerLibraryState(sellerId: string): Promise<SellerLibraryState>;
}

export const createWriteSide = (deps: { store: EventStore; catalog: EventCatalog }): WriteSide => {
  const handle = createCommandHandler(deps);

  const load = async <S, E extends DomainEvent>(
    decider: Decider<never, S, E>,
    streamId: string,
  ): Promise<S> =>
    (await deps.store.readStream(streamId)).reduce(
      (state, event) => decider.evolve(state, event as unknown as E, event.metadata),
      decider.initialState(),
    );

  return {
    creator: (command, options) =>
      handle(creatorDecider, creatorStreamId(command.creatorId), command, options),
    seller: (command, options) => handle(sellerDecider, sellerStreamId(command.sellerId), command, options),
    async collaboration(command, options = {}) {
      const streamId = collaborationStreamId(command.collaborationId);
      if (command.type === 'OpenDispute') {
        // Disputes are known by their id alone (`dispute(id)`, evidence access): claim it log-wide.
        return handle(collaborationDecider, streamId, command as CollaborationCommand, {
          ...options,
          alsoAppend: (_events, metadata) =>
            claimOf(deps, { kind: 'DISPUTE', id: command.disputeId, owner: streamId }, metadata),
        });
      }
      if (command.type !== 'ProposeCollaboration') {
        return handle(collaborationDecider, streamId, command as CollaborationCommand, options);
      }
      const [seller, creator, library] = await Promise.all([
        load(sellerDecider, sellerStreamId(command.sellerId)),
        load(creatorDecider, creatorStreamId(command.creatorId)),
        load(sellerLibraryDecider, sellerLibraryStreamId(command.sellerId)),
      ]);
      const lookups = {
        sellerRegistered: seller.status === 'REGISTERED',
        creatorPlatforms:
          creator.status === 'REGISTERED' ? creator.profile.platformAccounts.map((a) => a.platform) : null,
        creatorBlocked: library.blocked.has(command.creatorId),
      };
      return handle(collaborationDecider, streamId, { ...command, lookups } as CollaborationCommand, {
        ...options,
        // The creator's link stream names it, written with the proposal (collaborationLinks.ts).
        alsoAppend: (_events, metadata) =>
          Promise.resolve([
            linkOf(
              deps.catalog,
              {
                creatorId: command.creatorId,
                collaborationId: command.collaborationId,
                sellerId: command.sellerId,
              },
              metadata,
            ),
          ]),
      });
    },
    webhooks: (command, options) =>
      handle(webhooksDecider, webhooksStreamId(command.owner), command, options),
    notifications: (command, options) =>
      handle(inboxDecider, notificationInboxStreamId(command.recipient), command, options),
    sellerLibraryState: (sellerId) => load(sellerLibraryDecider, sellerLibraryStreamId(sellerId)),
    async sellerLibrary(command, options) {
      const needsCreator = 'creatorId' in command;
      const creatorRegistered = needsCreator
        ? (await load(creatorDecider, creatorStreamId(command.creatorId))).status === 'REGISTERED'
        : true;
      const full = (needsCreator ? { ...command, creatorRegistered } : command) as SellerLibraryCommand;
      return handle(sellerLibraryDecider, sellerLibraryStreamId(command.sellerId), full, options);
    },
  };
};
