import { assertNever } from '../../core/decider.js';
import type { BriefTemplate, SellerLibraryEvent } from './sellerLibrary.events.js';

export interface SellerLibraryState {
  readonly tags: ReadonlyMap<string, ReadonlySet<string>>;
  readonly favourites: ReadonlySet<string>;
  readonly blocked: ReadonlySet<string>;
  readonly templates: ReadonlyMap<string, { readonly name: string; readonly brief: BriefTemplate }>;
  readonly noteIds: ReadonlySet<string>;
}

export const initialSellerLibraryState = (): SellerLibraryState => ({
  tags: new Map(),
  favourites: new Set(),
  blocked: new Set(),
  templates: new Map(),
  noteIds: new Set(),
});

const withSet = (set: ReadonlySet<string>, value: string, present: boolean): ReadonlySet<string> => {
  const next = new Set(set);
  if (present) next.add(value);
  else next.delete(value);
  return next;
};

export const evolveSellerLibrary = (
  state: SellerLibraryState,
  event: SellerLibraryEvent,
): SellerLibraryState => {
  switch (event.type) {
    case 'CreatorTagged':
    case 'CreatorUntagged': {
      const tags = new Map(state.tags);
      tags.set(
        event.data.creatorId,
        withSet(
          state.tags.get(event.data.creatorId) ?? new Set(),
          event.data.tag,
          event.type === 'CreatorTagged',
        ),
      );
      return { ...state, tags };
    }
    case 'CreatorNoteAdded':
      return { ...state, noteIds: withSet(state.noteIds, event.data.noteId, true) };
    case 'CreatorFavourited':
    case 'CreatorUnfavourited':
      return {
        ...state,
        favourites: withSet(state.favourites, event.data.creatorId, event.type === 'CreatorFavourited'),
      };
    case 'CreatorBlocked':
    case 'CreatorUnblocked':
      return {
        ...state,
        blocked: withSet(state.blocked, event.data.creatorId, event.type === 'CreatorBlocked'),
      };
    case 'BriefTemplateSaved': {
      const templates = new Map(state.templates);
      templates.set(event.data.templateId, { name: event.data.name, brief: event.data.brief });
      return { ...state, templates };
    }
    case 'BriefTemplateDeleted': {
      const templates = new Map(state.templates);
      templates.delete(event.data.templateId);
      return { ...state, templates };
    }
    default:
      return assertNever(event);
  }
};
