import { ValidationError } from '../core/errors.js';
import type { Fence, LeaseStore } from '../leases/leaseStore.js';

/**
 * The read store port: collections of JSON documents with declared indexes, written by projections
 * together with their checkpoints, read by the API. Shaped so that both SQLite (tables with indexed
 * generated columns) and MongoDB (collections with indexes) implement it directly.
 *
 * Every collection belongs to one projection and exists once per projection version: a rebuild
 * writes a new version beside the live one and {@link ReadStore.activate} swaps readers to it
 * atomically. Reads always see the active version.
 */

/** A document: a JSON object, of the type its collection declares (src/readStore/collection.ts). */
export type Doc = object;

/** A document read by a collection's bare name: its fields are unknown until checked. */
export type UntypedDoc = Record<string, unknown>;

declare const documentType: unique symbol;

/**
 * A collection's name, carrying the type of its documents for the type checker only: reads by a
 * typed name (a collection handle's: src/readStore/collection.ts) answer that type; any string still
 * names a collection, untyped.
 */
export type CollectionName<D extends Doc = Doc> = string & { readonly [documentType]?: D };

export interface IndexSpec {
  /** Dotted path into the document (`reputation.overall`). */
  readonly field: string;
  readonly type: 'string' | 'number';
  /** The field holds an array; an `eq`/`in` filter matches any element. Not sortable. */
  readonly multi?: boolean;
  /** Value indexed (and sorted) when the field is missing or null. Default: `''` or `-1`. */
  readonly missing?: string | number;
}

export interface CollectionSpec {
  readonly name: string;
  readonly indexes: readonly IndexSpec[];
  /**
   * Indexes over several of the fields above (scalar ones), in order: for queries that filter on the
   * leading fields and sort on the last, answered from the index alone (e.g. a creator's
   * collaborations, most recent first: `['creatorId', 'updatedAt']`). They change no result, only
   * what a query costs.
   */
  readonly compoundIndexes?: readonly (readonly string[])[];
}

/** Refuses a compound index over a field that is not a declared scalar index. */
export const checkCompoundIndexes = (spec: CollectionSpec): void => {
  for (const fields of spec.compoundIndexes ?? []) {
    for (const field of fields) {
      const index = spec.indexes.find((i) => i.field === field);
      if (!index || index.multi) {
        throw new Error(`Compound index of ${spec.name} over ${field}: not a declared scalar index`);
      }
    }
  }
};

/** `topPerGroup`: the first `perGroup` documents in `orderBy` order for each value of `groupField`. */
export interface GroupQuery {
  readonly groupField: string;
  readonly groups: readonly string[];
  readonly perGroup: number;
  readonly orderBy: readonly SortKey[];
  readonly where?: readonly Condition[];
  /**
   * Only the id and these fields of each, as their (single-valued) indexes hold them, read from the
   * indexes and not from the documents: a page that shows a few fields of many documents parses
   * none of them. Without it, the documents.
   */
  readonly select?: readonly string[];
}

/** What `topPerGroup` answers with `select`: the id and the selected index values. */
export type IndexedFields = { readonly id: string } & Readonly<Record<string, unknown>>;

/** The indexes `select` names: declared, single-valued. */
export const selectedIndexes = (spec: CollectionSpec, select: readonly string[]): IndexSpec[] =>
  select.map((field) => {
    const index = spec.indexes.find((i) => i.field === field);
    if (!index || index.multi) {
      throw new ValidationError(`${spec.name} has no single-valued index on ${field} to select`, { field });
    }
    return index;
  });

export type Operator = 'eq' | 'in' | 'gt' | 'gte' | 'lt' | 'lte';

export interface Condition {
  readonly field: string;
  readonly op: Operator;
  readonly value: string | number | readonly (string | number)[];
}

export interface SortKey {
  readonly field: string;
  readonly direction: 'asc' | 'desc';
}

export interface Query {
  /** Conditions on declared indexes, all of which must hold. */
  readonly where?: readonly Condition[];
  /** Sort on declared scalar indexes; ties are broken by id (same direction as the last key). */
  readonly orderBy?: readonly SortKey[];
  readonly first: number;
  /** Opaque cursor from a previous page: the page starts after that document. */
  readonly after?: string;
}

export interface Page<D extends Doc = UntypedDoc> {
  readonly items: readonly { readonly id: string; readonly doc: D; readonly cursor: string }[];
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
}

/** A document as the projection runner sees it: with the log position that last changed it. */
export interface StoredDoc<D extends Doc = Doc> {
  readonly doc: D;
  readonly position: bigint;
}

export interface DocChange {
  readonly collection: string;
  readonly id: string;
  /** The new document, or null to delete it. */
  readonly doc: Doc | null;
  /** Position of the event that produced the change. */
  readonly position: bigint;
}

export interface ProjectionRecord {
  readonly name: string;
  /** The version readers see; null before the first version is activated. */
  readonly activeVersion: number | null;
  /** Checkpoint per version present (the active one, one being rebuilt, retired ones). */
  readonly checkpoints: ReadonlyMap<number, bigint>;
  /** Versions readers left (another was activated), with when (epoch ms): dropped after a grace. */
  readonly retired: ReadonlyMap<number, number>;
}

/** Where a projection's readers are: its active version and that version's checkpoint. */
export interface ActiveCheckpoint {
  readonly version: number;
  readonly checkpoint: bigint;
}

/** What {@link ReadStore.watchCheckpoints} answers: whether it hears now, and how to stop. */
export interface CheckpointFeed {
  /** Whether changes are heard now (while not, a watcher polls as it would without the feed). */
  readonly listening: boolean;
  close(): void;
}

export interface ReadStore {
  /**
   * Creates (if missing) the collections of one version of a projection, and registers it. With
   * `deferIndexes`, secondary indexes wait for {@link activate}: a rebuild loads faster into bare
   * tables and indexes them once.
   */
  prepare(
    projection: string,
    version: number,
    collections: readonly CollectionSpec[],
    options?: { readonly deferIndexes?: boolean },
  ): Promise<void>;

  projection(name: string): Promise<ProjectionRecord>;

  /**
   * Writes documents and the version's checkpoint atomically. Refuses (returns false, writes
   * nothing) when the checkpoint stored is already at or past `checkpoint` (another writer got
   * there), or when `fence` is given and its lease is no longer at that token (the writer lost it).
   * With a null checkpoint, writes documents only (a rebuild's documents leaving its cache, before
   * it has caught up); refuses only when the version does not exist (or the fence does not hold).
   */
  commit(
    projection: string,
    version: number,
    changes: readonly DocChange[],
    checkpoint: bigint | null,
    fence?: Fence,
  ): Promise<boolean>;

  /**
   * Makes `version` the one readers see — in every process at once — (building any index still
   * missing first) and retires the version they saw before: it stays, read by nobody, until
   * {@link dropRetired} drops it. Refused (false) when `fence` no longer holds.
   */
  activate(projection: string, version: number, fence?: Fence): Promise<boolean>;

  /** Drops one version's collections (an abandoned rebuild). Never the active version. */
  drop(projection: string, version: number): Promise<void>;

  /** Drops the versions retired at least `graceMs` ago; answers which. */
  dropRetired(projection: string, graceMs: number): Promise<number[]>;

  /** The active version and its checkpoint of every projection that has one, in one read. */
  activeCheckpoints(): Promise<Map<string, ActiveCheckpoint>>;

  /**
   * Calls `onChange` soon after any process moved a checkpoint or switched a version (a store that
   * the database tells, rather than one that must be asked), and whenever it may have missed some
   * (it stopped or started hearing): the caller then reads {@link activeCheckpoints}. Absent where
   * the store cannot tell; the checkpoint watcher polls (src/projectionRunner/checkpointWatcher.ts).
   */
  watchCheckpoints?(onChange: () => void): CheckpointFeed;

  /**
   * The leases kept in this store's database, whose fences {@link commit} and {@link activate} check:
   * handed out by the store so that both are on one database (src/leases/leaseStore.ts).
   */
  readonly leases: LeaseStore;

  /** Documents of a given version, for the projection runner. Missing ids are absent from the map. */
  load(collection: string, version: number, ids: readonly string[]): Promise<Map<string, StoredDoc>>;

  /** Documents of the active version by id, in the order asked (undefined where missing). */
  getMany<D extends Doc = UntypedDoc>(
    collection: CollectionName<D>,
    ids: readonly string[],
  ): Promise<(D | undefined)[]>;

  /** A filtered, sorted page of the active version, with a stable cursor. */
  query<D extends Doc = UntypedDoc>(collection: CollectionName<D>, query: Query): Promise<Page<D>>;

  /** How many documents of the active version match. */
  count(collection: string, where?: readonly Condition[]): Promise<number>;

  /**
   * For each value of `groupField` asked, the first `perGroup` matching documents in `orderBy` order:
   * one query for a whole page of parents (e.g. the last 5 collaborations of 20 creators).
   */
  topPerGroup<D extends Doc = UntypedDoc>(
    collection: CollectionName<D>,
    query: GroupQuery & { readonly select?: undefined },
  ): Promise<Map<string, D[]>>;
  /** With `select`: the id and the selected index values of each, not its document. */
  topPerGroup(
    collection: CollectionName,
    query: GroupQuery & { readonly select: readonly string[] },
  ): Promise<Map<string, IndexedFields[]>>;

  close(): Promise<void>;
}

/** Opaque cursors: the sort values and the id of the last document of a page. */
export const encodeCursor = (values: readonly unknown[]): string =>
  Buffer.from(JSON.stringify(values)).toString('base64url');

export const decodeCursor = (cursor: string, length: number): (string | number)[] => {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (
      Array.isArray(values) &&
      values.length === length &&
      values.every((v) => typeof v === 'string' || typeof v === 'number')
    ) {
      return values as (string | number)[];
    }
  } catch {
    // fall through: reported below
  }
  throw new ValidationError('Invalid cursor: pass the cursor of a page of the same query', { cursor });
};

/** The value an index holds for a document: the field at its path, or the index's `missing` value. */
export const indexValue = (doc: Doc, index: IndexSpec): unknown => {
  let value: unknown = doc;
  for (const key of index.field.split('.')) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (index.multi) return Array.isArray(value) ? value : [];
  // As SQLite's json_extract reads JSON booleans: 1 and 0.
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value ?? index.missing ?? (index.type === 'number' ? -1 : '');
};

/** Checks a query only uses declared indexes the way they can be used. */
export const checkQuery = (
  collection: CollectionSpec,
  query: { where?: readonly Condition[]; orderBy?: readonly SortKey[] },
) => {
  const find = (field: string) => {
    const index = collection.indexes.find((i) => i.field === field);
    if (!index) throw new ValidationError(`${collection.name} has no index on ${field}`, { field });
    return index;
  };
  for (const condition of query.where ?? []) {
    const index = find(condition.field);
    if (index.multi && condition.op !== 'eq' && condition.op !== 'in') {
      throw new ValidationError(`${condition.field} holds several values: filter it with eq or in`);
    }
    if ((condition.op === 'in') !== Array.isArray(condition.value)) {
      throw new ValidationError(
        `${condition.op} on ${condition.field} takes ${condition.op === 'in' ? 'a list' : 'one value'}`,
      );
    }
  }
  for (const key of query.orderBy ?? []) {
    if (find(key.field).multi)
      throw new ValidationError(`Cannot sort on ${key.field}: it holds several values`);
  }
};
