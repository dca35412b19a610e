import {
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationTypeNode,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import type { RequestLimits } from '../access/limits.js';
import type { TokenVerifier } from '../access/tokens.js';
import type { Viewer } from '../access/viewer.js';
import { AppError, UnauthenticatedError } from '../core/errors.js';
import { createLoaders, type GraphQLContext, type GraphQLServices } from './context.js';
import { createErrorFormatter, type ErrorLogger } from './errors.js';
import { waitForFreshness } from './freshness.js';
import { limitRules, type DocumentLimitSettings } from './limits.js';

/** A refusal of a request before it runs: its stable code, and details. */
export class RequestRefusal extends AppError {
  constructor(
    readonly code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, details);
  }
}

/** The transports an operation arrives by: each carries its own kinds of operation. */
export type Transport = 'http' | 'websocket';

/** What a document text came to: parsed and valid, or the errors that refuse it. */
export type CheckedDocument =
  { readonly document: DocumentNode } | { readonly errors: readonly RequestRefusal[] };

/** What a request or a subscription brings, whatever its transport. */
export interface RequestInit {
  readonly viewer: Viewer | null;
  readonly requestId: string;
  /** From the `Idempotency-Key` header: a retried mutation returns its first result. */
  readonly idempotencyKey?: string;
  /** Read-your-writes: the request wants read models at least this fresh. */
  readonly minPosition?: bigint;
}

export interface GraphQLPipelineOptions {
  readonly schema: GraphQLSchema;
  readonly services: GraphQLServices;
  readonly tokens: TokenVerifier;
  readonly limits: Pick<RequestLimits, 'user' | 'mutation'>;
  readonly documentLimits: DocumentLimitSettings;
  readonly production: boolean;
  readonly logger: ErrorLogger;
}

/** Characters of document text the validated documents may hold (a parsed document weighs ~70 bytes a character). */
const DOCUMENT_CHARS = 256 * 1024;

/** The cache key of a document's text: its SHA-256 in hex, as Apollo Server keys its document store. */
export const documentKey = (query: string): string => createHash('sha256').update(query).digest('hex');

/**
 * One GraphQL request pipeline for every transport, as graphql-ws's `makeServer` and graphql-yoga
 * keep theirs: it knows no transport. The HTTP and WebSocket adapters (src/http) carry operations
 * to it and its refusals back in their own terms (a status, a subscription's error message); who
 * asks, what a document may be, which operation goes by which transport, the rates, the context of
 * the resolvers and the shape of errors are decided here, once.
 */
export const createGraphQLPipeline = (options: GraphQLPipelineOptions) => {
  const { schema, services, tokens, limits } = options;
  const rules = limitRules(options.documentLimits);
  const parseOptions = { maxTokens: options.documentLimits.queryTokens };
  /**
   * Documents parsed and validated, by the hash of their text, for every transport: Apollo Server
   * reads and fills it over HTTP (its `documentStore`), the WebSocket adapter through `check` — a
   * thousand clients subscribing with one document parse and validate it once. Only valid documents
   * are kept; the schema and the rules never change while the server runs, so neither does the
   * outcome for a text. Bounded by the texts' length: a caller sending ever new documents holds at
   * most some 18 MB here.
   */
  const documents = new LRUCache<string, DocumentNode>({
    maxSize: DOCUMENT_CHARS,
    sizeCalculation: (document) => Math.max(1, document.loc?.end ?? 1),
  });

  const check = (query: unknown): CheckedDocument => {
    if (typeof query !== 'string' || query.trim() === '') {
      return {
        errors: [new RequestRefusal('BAD_REQUEST', 'GraphQL operations must contain a non-empty `query`')],
      };
    }
    const key = documentKey(query);
    const known = documents.get(key);
    if (known) return { document: known };
    let document: DocumentNode;
    try {
      document = parse(query, parseOptions);
    } catch (error) {
      return { errors: [new RequestRefusal('GRAPHQL_PARSE_FAILED', (error as Error).message)] };
    }
    const errors = validate(schema, document, [...specifiedRules, ...rules]);
    if (errors.length > 0) {
      return { errors: errors.map((e) => new RequestRefusal('GRAPHQL_VALIDATION_FAILED', e.message)) };
    }
    documents.set(key, document);
    return { document };
  };

  const kindRefusal = (kind: OperationTypeNode | undefined, transport: Transport): RequestRefusal | null => {
    if (transport === 'http' && kind === 'subscription') {
      return new RequestRefusal(
        'BAD_REQUEST',
        'Subscriptions run over WebSocket (graphql-ws) on this path, not over HTTP',
      );
    }
    if (transport === 'websocket' && kind !== 'subscription') {
      return new RequestRefusal(
        'BAD_REQUEST',
        'Send queries and mutations over HTTP; this socket carries subscriptions',
      );
    }
    return null;
  };

  const userKey = (viewer: Viewer) => `${viewer.role}:${viewer.userId}`;

  return {
    schema,
    /** Parse and validation as Apollo Server runs them, to hand it the same settings. */
    parseOptions,
    validationRules: rules,
    /** The validated documents by {@link documentKey}: Apollo Server's document store over HTTP. */
    documents,
    /** Parses and validates a document text through the shared cache. */
    check,
    /** The operation a document and an operation name select, or a refusal. */
    operationOf(document: DocumentNode, operationName: unknown) {
      if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
        return new RequestRefusal('BAD_REQUEST', '`operationName` must be a string');
      }
      const operation = getOperationAST(document, operationName ?? undefined);
      if (!operation) {
        return new RequestRefusal(
          'OPERATION_RESOLUTION_FAILURE',
          operationName ? `Unknown operation named "${operationName}"` : 'Name the operation to run',
        );
      }
      return operation;
    },
    /**
     * Who asks, from an `Authorization` value: null without one; an invalid or expired token is
     * UNAUTHENTICATED. The caller's requests are counted against its rate at each operation.
     */
    async authenticate(authorization: unknown): Promise<Viewer | null> {
      try {
        return await tokens.fromAuthorization(typeof authorization === 'string' ? authorization : undefined);
      } catch (error) {
        throw error instanceof AppError ? error : new UnauthenticatedError('Invalid bearer token');
      }
    },
    /** Counts one request (or subscription) of a signed-in caller against its rate. */
    async countRequest(viewer: Viewer | null): Promise<void> {
      if (viewer) await limits.user(userKey(viewer));
    },
    /**
     * What an operation of this kind needs before it runs over this transport: the right transport,
     * the caller's mutation rate, and for a query asking for a minimum log position, read models
     * that fresh — a position not yet written is the client's error (BAD_USER_INPUT at once), read
     * models that lag are the service's (STALE_READ).
     */
    async admit(kind: OperationTypeNode | undefined, transport: Transport, context: GraphQLContext) {
      const refusal = kindRefusal(kind, transport);
      if (refusal) throw refusal;
      if (kind === 'mutation' && context.viewer) await limits.mutation(userKey(context.viewer));
      if (kind === 'query' && context.minPosition !== undefined) {
        const head = await services.eventStore.headPosition();
        if (context.minPosition > head) {
          throw new RequestRefusal(
            'BAD_USER_INPUT',
            `Position ${context.minPosition} is beyond the head of the log (${head}): no write returned it`,
            { position: context.minPosition.toString(), head: head.toString() },
          );
        }
        await waitForFreshness(context, context.minPosition);
      }
    },
    /** The resolvers' context: one factory for every transport. */
    context(init: RequestInit): GraphQLContext {
      return {
        viewer: init.viewer,
        services,
        loaders: createLoaders(services.readStore),
        requestId: init.requestId,
        ...(init.idempotencyKey ? { idempotencyKey: init.idempotencyKey.slice(0, 200) } : {}),
        ...(init.minPosition !== undefined ? { minPosition: init.minPosition } : {}),
      };
    },
    /** Every error leaves in one shape, with a stable `extensions.code` (src/graphql/errors.ts). */
    formatError: createErrorFormatter({ production: options.production, logger: options.logger }),
  };
};

export type GraphQLPipeline = ReturnType<typeof createGraphQLPipeline>;
