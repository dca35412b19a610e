import type { Decider } from '../../core/decider.js';
import { assertNever } from '../../core/decider.js';
import { DomainError } from '../../core/errors.js';
import { requireParty, type CommandContext } from '../shared.js';
import type { BriefTemplate, SellerLibraryEvent } from './sellerLibrary.events.js';
import {
  evolveSellerLibrary,
  initialSellerLibraryState,
  type SellerLibraryState,
} from './sellerLibrary.state.js';

/** Each seller's library is a stream of its own: this prefix and the seller's id. */
export const SELLER_LIBRARY_STREAM_PREFIX = 'sellerLibrary-';
export const sellerLibraryStreamId = (sellerId: string): string =>
  `${SELLER_LIBRARY_STREAM_PREFIX}${sellerId}`;
/** The seller whose library stream this is. */
export const sellerOfLibraryStream = (streamId: string): string =>
  streamId.slice(SELLER_LIBRARY_STREAM_PREFIX.length);

type C<Type extends string, Fields> = CommandContext & {
  readonly type: Type;
  readonly sellerId: string;
} & Fields;
/** Commands about a creator carry whether that creator exists (looked up by the handler). */
type AboutCreator = { readonly creatorId: string; readonly creatorRegistered: boolean };

export type SellerLibraryCommand =
  | C<'TagCreator', AboutCreator & { readonly tag: string }>
  | C<'UntagCreator', AboutCreator & { readonly tag: string }>
  | C<'AddCreatorNote', AboutCreator & { readonly noteId: string; readonly text: string }>
  | C<'FavouriteCreator', AboutCreator>
  | C<'UnfavouriteCreator', AboutCreator>
  | C<'BlockCreator', AboutCreator & { readonly reason: string }>
  | C<'UnblockCreator', AboutCreator>
  | C<
      'SaveBriefTemplate',
      { readonly templateId: string; readonly name: string; readonly brief: BriefTemplate }
    >
  | C<'DeleteBriefTemplate', { readonly templateId: string }>;

const refuse = (code: string, message: string): never => {
  throw new DomainError(code, message);
};

const normalTag = (tag: string): string => {
  const normal = tag.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (!normal) refuse('INVALID_TAG', 'A tag cannot be blank');
  return normal;
};

export const decideSellerLibrary = (
  command: SellerLibraryCommand,
  state: SellerLibraryState,
): SellerLibraryEvent[] => {
  // No other seller can touch (or read) this library.
  requireParty(command.actor, 'SELLER', command.sellerId);
  if ('creatorRegistered' in command && !command.creatorRegistered) {
    refuse('CREATOR_NOT_FOUND', `Creator ${command.creatorId} is not registered`);
  }
  switch (command.type) {
    case 'TagCreator': {
      const tag = normalTag(command.tag);
      if (state.tags.get(command.creatorId)?.has(tag))
        refuse('ALREADY_TAGGED', `The creator is already tagged "${tag}"`);
      return [{ type: 'CreatorTagged', data: { creatorId: command.creatorId, tag } }];
    }
    case 'UntagCreator': {
      const tag = normalTag(command.tag);
      if (!state.tags.get(command.creatorId)?.has(tag))
        refuse('TAG_NOT_FOUND', `The creator is not tagged "${tag}"`);
      return [{ type: 'CreatorUntagged', data: { creatorId: command.creatorId, tag } }];
    }
    case 'AddCreatorNote':
      if (!command.text.trim()) refuse('EMPTY_NOTE', 'A note needs a text');
      if (state.noteIds.has(command.noteId)) refuse('DUPLICATE_NOTE', `Note ${command.noteId} exists`);
      return [
        {
          type: 'CreatorNoteAdded',
          data: { creatorId: command.creatorId, noteId: command.noteId, text: command.text },
        },
      ];
    case 'FavouriteCreator':
      if (state.favourites.has(command.creatorId))
        refuse('ALREADY_FAVOURITE', 'The creator is already a favourite');
      return [{ type: 'CreatorFavourited', data: { creatorId: command.creatorId } }];
    case 'UnfavouriteCreator':
      if (!state.favourites.has(command.creatorId)) refuse('NOT_FAVOURITE', 'The creator is not a favourite');
      return [{ type: 'CreatorUnfavourited', data: { creatorId: command.creatorId } }];
    case 'BlockCreator':
      if (state.blocked.has(command.creatorId)) refuse('ALREADY_BLOCKED', 'The creator is already blocked');
      if (!command.reason.trim()) refuse('REASON_REQUIRED', 'Blocking needs a reason');
      return [{ type: 'CreatorBlocked', data: { creatorId: command.creatorId, reason: command.reason } }];
    case 'UnblockCreator':
      if (!state.blocked.has(command.creatorId)) refuse('NOT_BLOCKED', 'The creator is not blocked');
      return [{ type: 'CreatorUnblocked', data: { creatorId: command.creatorId } }];
    case 'SaveBriefTemplate':
      if (!command.name.trim()) refuse('INVALID_TEMPLATE', 'A template needs a name');
      if (command.brief.paymentMilestones) {
        const total = command.brief.paymentMilestones.reduce((sum, m) => sum + m.percent, 0);
        if (total !== 100)
          refuse('MILESTONES_MUST_TOTAL_100', `Payment milestones add up to ${total}%, not 100%`);
      }
      return [
        {
          type: 'BriefTemplateSaved',
          data: { templateId: command.templateId, name: command.name, brief: command.brief },
        },
      ];
    case 'DeleteBriefTemplate':
      if (!state.templates.has(command.templateId))
        refuse('TEMPLATE_NOT_FOUND', `No template ${command.templateId}`);
      return [{ type: 'BriefTemplateDeleted', data: { templateId: command.templateId } }];
    default:
      return assertNever(command);
  }
};

export const sellerLibraryDecider: Decider<SellerLibraryCommand, SellerLibraryState, SellerLibraryEvent> = {
  initialState: initialSellerLibraryState,
  evolve: evolveSellerLibrary,
  decide: decideSellerLibrary,
};
