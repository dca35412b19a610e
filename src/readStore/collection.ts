import type { CollectionName, CollectionSpec, Doc, IndexSpec } from './readStore.js';

/**
 * A collection declared once, with the type of its documents: its projection lists it, reads and
 * writes it through it (`docs.get(CREATORS, id)` is a `CreatorDoc`; a write to it must be one), and
 * the read store's typed reads take its `name`.
 */
export interface Collection<D extends Doc = Doc> extends CollectionSpec {
  readonly name: CollectionName<D>;
}

/** What a collection is queried by: its declared indexes (readStore.ts § CollectionSpec). */
export interface CollectionIndexes {
  readonly indexes?: readonly IndexSpec[];
  readonly compoundIndexes?: readonly (readonly string[])[];
}

/** Declares a collection whose documents are `D`; without indexes, it is read by id only. */
export const collection = <D extends Doc>(name: string, options: CollectionIndexes = {}): Collection<D> => ({
  name,
  indexes: options.indexes ?? [],
  ...(options.compoundIndexes ? { compoundIndexes: options.compoundIndexes } : {}),
});
