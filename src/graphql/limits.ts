import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';

/**
 * What one operation may ask for: nesting, estimated cost, aliases. Page sizes are capped at 100 by
 * the resolvers; tokens (at parse) and fragments are the configured limits (README § Security).
 */
export const LIMITS = { maxDepth: 12, maxCost: 5_000, maxAliases: 30 } as const;

/** At most `n` fragment definitions in a document. */
const maxFragmentsRule =
  (n: number): ValidationRule =>
  (context) => {
    const fragments = context.getDocument().definitions.filter((d) => d.kind === 'FragmentDefinition');
    if (n > 0 && fragments.length > n) {
      context.reportError(new GraphQLError(`At most ${n} fragments per document, not ${fragments.length}`));
    }
    return {};
  };

/**
 * A rejected operation is reported as a validation error (GRAPHQL_VALIDATION_FAILED, HTTP 400), not
 * thrown (which would surface as an internal error).
 */
const report = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''))),
  ],
};

/** The configured limits on a GraphQL document (README § Security). */
export interface DocumentLimitSettings {
  /** Tokens one GraphQL document may have (`LEDGER_MAX_QUERY_TOKENS`). */
  readonly queryTokens: number;
  /** Fragment definitions one GraphQL document may have (`LEDGER_MAX_QUERY_FRAGMENTS`). */
  readonly queryFragments: number;
}

/** The same limits for HTTP and WebSocket operations. */
export const limitRules = (limits: Pick<DocumentLimitSettings, 'queryFragments'>): ValidationRule[] =>
  [
    maxFragmentsRule(limits.queryFragments),
    maxDepthRule({ n: LIMITS.maxDepth, ignoreIntrospection: true, exposeLimits: true, ...report }),
    costLimitRule({
      maxCost: LIMITS.maxCost,
      objectCost: 2,
      scalarCost: 1,
      depthCostFactor: 1.5,
      ignoreIntrospection: true,
      exposeLimits: true,
      ...report,
    }),
    maxAliasesRule({ n: LIMITS.maxAliases, exposeLimits: true, ...report }),
  ] as unknown as ValidationRule[];
