import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { ValidationError } from '../../core/errors.js';
import type { Doc, Page } from '../../readStore/readStore.js';
import { SafeInt } from './scalars.js';

@ObjectType({ description: 'Money in integer minor units (cents) of an ISO 4217 currency' })
export class Money {
  @Field(() => SafeInt)
  amountMinor!: number;

  @Field(() => String)
  currency!: string;
}

@ObjectType({ description: 'Relay page information' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A Relay connection type for a node type (type-graphql's generic-type pattern). */
export const Connection = <T extends object>(name: string, node: ClassType<T>) => {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many match, over all pages' })
    totalCount!: number;
  }
  return ConnectionType;
};

export const MAX_PAGE_SIZE = 100;

/** Page sizes are 1–100 (the API's limit), 20 by default. */
export const pageSize = (first: number | null | undefined, fallback = 20): number => {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new ValidationError(`first must be between 1 and ${MAX_PAGE_SIZE}`, { first });
  }
  return size;
};

export const toConnection = <D, T>(
  page: Page<Doc>,
  totalCount: number,
  map: (doc: D) => T,
): ConnectionShape<T> => ({
  // An edge's cursor is encoded only if asked for (most pages ask for the end cursor alone).
  edges: page.items.map((item) => ({
    get cursor() {
      return item.cursor;
    },
    node: map(item.doc as D),
  })),
  pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
  totalCount,
});
