import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { defineEvent, type EventOf } from '../../core/eventCatalog.js';
import { Closed, Id, Text } from '../../core/schema.js';
import { briefFromV1 } from '../collaboration/briefVersions.js';
import { BriefSchema, BriefSchemaV1 } from '../collaboration/collaboration.events.js';

/** DOMAIN.md § The seller's private creator library: a seller's own tags, notes, favourites, blocks, templates. */

/** A reusable brief (the seller's SOP): any part of a brief, with due dates as days from the proposal. */
const templateOf = <B extends typeof BriefSchema | typeof BriefSchemaV1>(brief: B) =>
  Type.Composite(
    [
      Type.Partial(Type.Omit(brief, ['scriptDueAt', 'publishDueAt'])),
      Type.Object({
        scriptDueInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
        publishDueInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
      }),
    ],
    { additionalProperties: false },
  );
export const BriefTemplateSchema = templateOf(BriefSchema);
export type BriefTemplate = Static<typeof BriefTemplateSchema>;

const CreatorRef = { creatorId: Id('Creator id') };

export const CreatorTagged = defineEvent(
  'CreatorTagged',
  'The seller tagged a creator in its library.',
  Closed({ ...CreatorRef, tag: Text(40) }),
);
export const CreatorUntagged = defineEvent(
  'CreatorUntagged',
  'The seller removed a tag from a creator.',
  Closed({ ...CreatorRef, tag: Text(40) }),
);
export const CreatorNoteAdded = defineEvent(
  'CreatorNoteAdded',
  'The seller wrote a private note about a creator.',
  Closed({ ...CreatorRef, noteId: Id('Note id'), text: Text(5000) }),
);
export const CreatorFavourited = defineEvent(
  'CreatorFavourited',
  'The seller marked a creator as a favourite.',
  Closed(CreatorRef),
);
export const CreatorUnfavourited = defineEvent(
  'CreatorUnfavourited',
  'The seller no longer counts a creator among its favourites.',
  Closed(CreatorRef),
);
export const CreatorBlocked = defineEvent(
  'CreatorBlocked',
  'The seller put a creator on its block list: no proposals to it.',
  Closed({ ...CreatorRef, reason: Text(1000) }),
);
export const CreatorUnblocked = defineEvent(
  'CreatorUnblocked',
  'The seller took a creator off its block list.',
  Closed(CreatorRef),
);
const templateSaved = <T extends TSchema>(brief: T) =>
  Closed({ templateId: Id('Template id'), name: Text(200), brief });
export const BriefTemplateSaved = defineEvent(
  'BriefTemplateSaved',
  'The seller saved (or replaced) a reusable brief template.',
  templateSaved(BriefTemplateSchema),
  {
    // 2: the brief's version 2 (usage rights with a scope, platforms and an end; fix days; negotiation rounds).
    version: 2,
    history: [
      {
        version: 1,
        schema: templateSaved(templateOf(BriefSchemaV1)),
        upcast: (data) => {
          const v1 = data as { brief: Record<string, unknown> };
          return { ...v1, brief: briefFromV1(v1.brief, { partial: true }) };
        },
      },
    ],
  },
);
export const BriefTemplateDeleted = defineEvent(
  'BriefTemplateDeleted',
  'The seller deleted a brief template.',
  Closed({ templateId: Id('Template id') }),
);

export const sellerLibraryEvents = [
  CreatorTagged,
  CreatorUntagged,
  CreatorNoteAdded,
  CreatorFavourited,
  CreatorUnfavourited,
  CreatorBlocked,
  CreatorUnblocked,
  BriefTemplateSaved,
  BriefTemplateDeleted,
];
export type SellerLibraryEvent = EventOf<(typeof sellerLibraryEvents)[number]>;
