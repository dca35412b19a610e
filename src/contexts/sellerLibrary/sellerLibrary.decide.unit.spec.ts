import { describe, it } from 'vitest';
import { deciderSpec } from '../../../test/support/deciderSpec.js';
import { OTHER_SELLER, SELLER, T0 } from '../../../test/support/collaborationFixtures.js';
import type { SellerLibraryEvent } from './sellerLibrary.events.js';
import { sellerLibraryDecider, type SellerLibraryCommand } from './sellerLibrary.decide.js';

const spec = deciderSpec(sellerLibraryDecider);
const about = { sellerId: 's1', creatorId: 'c1', creatorRegistered: true, actor: SELLER, now: T0 };
const cmd = (c: object) => ({ ...about, ...c }) as SellerLibraryCommand;
const tagged: SellerLibraryEvent = { type: 'CreatorTagged', data: { creatorId: 'c1', tag: 'skincare' } };
const favourited: SellerLibraryEvent = { type: 'CreatorFavourited', data: { creatorId: 'c1' } };
const blocked: SellerLibraryEvent = {
  type: 'CreatorBlocked',
  data: { creatorId: 'c1', reason: 'Missed two deadlines' },
};
const template = {
  templateId: 't1',
  name: 'TikTok unboxing SOP',
  brief: { contentFormat: 'UNBOXING' as const, scriptDueInDays: 5 },
};

describe('seller library', () => {
  it('tags a creator (trimmed)', () =>
    spec
      .given([])
      .when(cmd({ type: 'TagCreator', tag: '  skincare ' }))
      .then([tagged]));
  it('refuses the same tag twice', () =>
    spec
      .given([tagged])
      .when(cmd({ type: 'TagCreator', tag: 'skincare' }))
      .thenThrows('ALREADY_TAGGED'));
  it('refuses a blank tag', () =>
    spec
      .given([])
      .when(cmd({ type: 'TagCreator', tag: '   ' }))
      .thenThrows('INVALID_TAG'));
  it('untags', () =>
    spec
      .given([tagged])
      .when(cmd({ type: 'UntagCreator', tag: 'skincare' }))
      .then([{ type: 'CreatorUntagged', data: { creatorId: 'c1', tag: 'skincare' } }]));
  it('refuses removing a tag not there', () =>
    spec
      .given([])
      .when(cmd({ type: 'UntagCreator', tag: 'skincare' }))
      .thenThrows('TAG_NOT_FOUND'));
  it('adds a note', () =>
    spec
      .given([])
      .when(cmd({ type: 'AddCreatorNote', noteId: 'n1', text: 'Great with unboxing, slow on email' }))
      .then([
        {
          type: 'CreatorNoteAdded',
          data: { creatorId: 'c1', noteId: 'n1', text: 'Great with unboxing, slow on email' },
        },
      ]));
  it('refuses an empty note', () =>
    spec
      .given([])
      .when(cmd({ type: 'AddCreatorNote', noteId: 'n1', text: ' ' }))
      .thenThrows('EMPTY_NOTE'));
  it('refuses a note id twice', () =>
    spec
      .given([{ type: 'CreatorNoteAdded', data: { creatorId: 'c1', noteId: 'n1', text: 'x' } }])
      .when(cmd({ type: 'AddCreatorNote', noteId: 'n1', text: 'again' }))
      .thenThrows('DUPLICATE_NOTE'));
  it('favourites', () =>
    spec
      .given([])
      .when(cmd({ type: 'FavouriteCreator' }))
      .then([favourited]));
  it('refuses favouriting twice', () =>
    spec
      .given([favourited])
      .when(cmd({ type: 'FavouriteCreator' }))
      .thenThrows('ALREADY_FAVOURITE'));
  it('unfavourites', () =>
    spec
      .given([favourited])
      .when(cmd({ type: 'UnfavouriteCreator' }))
      .then([{ type: 'CreatorUnfavourited', data: { creatorId: 'c1' } }]));
  it('refuses unfavouriting a non-favourite', () =>
    spec
      .given([])
      .when(cmd({ type: 'UnfavouriteCreator' }))
      .thenThrows('NOT_FAVOURITE'));
  it('blocks with a reason', () =>
    spec
      .given([])
      .when(cmd({ type: 'BlockCreator', reason: 'Missed two deadlines' }))
      .then([blocked]));
  it('refuses blocking without a reason', () =>
    spec
      .given([])
      .when(cmd({ type: 'BlockCreator', reason: '' }))
      .thenThrows('REASON_REQUIRED'));
  it('refuses blocking twice', () =>
    spec
      .given([blocked])
      .when(cmd({ type: 'BlockCreator', reason: 'again' }))
      .thenThrows('ALREADY_BLOCKED'));
  it('unblocks', () =>
    spec
      .given([blocked])
      .when(cmd({ type: 'UnblockCreator' }))
      .then([{ type: 'CreatorUnblocked', data: { creatorId: 'c1' } }]));
  it('refuses unblocking a creator not blocked', () =>
    spec
      .given([])
      .when(cmd({ type: 'UnblockCreator' }))
      .thenThrows('NOT_BLOCKED'));
  it('refuses an unknown creator', () =>
    spec
      .given([])
      .when(cmd({ type: 'FavouriteCreator', creatorRegistered: false }))
      .thenThrows('CREATOR_NOT_FOUND'));
  it('refuses another seller writing this library', () =>
    spec
      .given([])
      .when(cmd({ type: 'FavouriteCreator', actor: OTHER_SELLER }))
      .thenThrows('FORBIDDEN'));
  it('saves a brief template', () =>
    spec
      .given([])
      .when({ type: 'SaveBriefTemplate', sellerId: 's1', actor: SELLER, now: T0, ...template })
      .then([{ type: 'BriefTemplateSaved', data: template }]));
  it('refuses a template without a name', () =>
    spec
      .given([])
      .when({ type: 'SaveBriefTemplate', sellerId: 's1', actor: SELLER, now: T0, ...template, name: ' ' })
      .thenThrows('INVALID_TEMPLATE'));
  it('refuses template milestones not adding up to 100%', () =>
    spec
      .given([])
      .when({
        type: 'SaveBriefTemplate',
        sellerId: 's1',
        actor: SELLER,
        now: T0,
        ...template,
        brief: { paymentMilestones: [{ name: 'DEPOSIT', percent: 20, dueOn: 'ACCEPT' }] },
      })
      .thenThrows('MILESTONES_MUST_TOTAL_100'));
  it('deletes a template', () =>
    spec
      .given([{ type: 'BriefTemplateSaved', data: template }])
      .when({ type: 'DeleteBriefTemplate', sellerId: 's1', templateId: 't1', actor: SELLER, now: T0 })
      .then([{ type: 'BriefTemplateDeleted', data: { templateId: 't1' } }]));
  it('refuses deleting an unknown template', () =>
    spec
      .given([])
      .when({ type: 'DeleteBriefTemplate', sellerId: 's1', templateId: 't1', actor: SELLER, now: T0 })
      .thenThrows('TEMPLATE_NOT_FOUND'));
});
