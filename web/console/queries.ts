/** What the console asks of the public GraphQL API: nothing else, and only with the caller's token. */

export const HISTORY = /* GraphQL */ `
  query ConsoleHistory($id: ID!) {
    collaboration(id: $id) {
      id
      status
      sellerId
      creatorId
      revision
      disputes {
        disputeId
        reason
        openedBy
        openedAt
        outcome
      }
    }
    collaborationHistory(id: $id) {
      collaborationId
      verification {
        valid
        eventsChecked
        firstBrokenRevision
        code
        reason
      }
      events {
        position
        revision
        id
        type
        redacted
        recordedAt
        hash
        prevHash
        metadata {
          actor
          role
          actorRole
          occurredAt
        }
        data
        state
        replayed
        whyNotReplayed {
          code
          detail
        }
        storedData
        storedMetadata
      }
    }
  }
`;

export const AS_OF = /* GraphQL */ `
  query ConsoleAsOf($id: ID!, $revision: Int, $at: DateTime) {
    collaborationAsOf(id: $id, revision: $revision, at: $at) {
      revision
      position
      at
      collaboration {
        status
      }
      state
      notReplayed {
        revision
        why {
          code
        }
      }
    }
  }
`;

export const DISPUTE = /* GraphQL */ `
  query ConsoleDispute($id: ID!) {
    dispute(id: $id) {
      id
      collaborationId
      status
      reason
      openedBy
      openedAt
      resolution {
        outcome
        note
      }
      clocks {
        respondent
        responseDueAt
        respondedAt
        responseMissed
        decisionDueAt
        escalatedAt
      }
      trail {
        __typename
        ... on LogReference {
          at
          position
          revision
          eventHash
        }
        ... on DisputeOpenedEntry {
          side
          reason
          statement
        }
        ... on StatementEntry {
          side
          statementId
          text
        }
        ... on EvidenceEntry {
          side
          evidenceId
          evidenceKind
          description
          sha256
          fileName
          contentType
          sizeBytes
        }
        ... on ResolutionEntry {
          outcome
          note
          actor
        }
        ... on DisputeDeadlineEntry {
          rule
          dueAt
          silentSide
        }
      }
    }
  }
`;

export const DISPUTES = /* GraphQL */ `
  query ConsoleDisputes($status: DisputeStatus, $escalated: Boolean, $after: String) {
    disputes(filter: { status: $status, escalated: $escalated }, first: 50, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          collaborationId
          status
          escalated
          reason
          openedAt
          updatedAt
        }
      }
    }
  }
`;

export const COLLABORATIONS = /* GraphQL */ `
  query ConsoleCollaborations($after: String) {
    collaborations(first: 50, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          status
          sellerId
          creatorId
          updatedAt
        }
      }
    }
  }
`;

export const CREATOR = /* GraphQL */ `
  query ConsoleCreator($id: ID!) {
    creator(id: $id) {
      id
      displayName
      country
      reputation {
        overall
        creditScore
        grade
        ratingsCounted
        onTimeRate
        completionRate
        disputeLossRate
        recommendationWeight
        creditBreakdown {
          rating
          onTime
          completion
          disputes
          flagPenalty
        }
        updatedAt
      }
    }
  }
`;

/** One page of a creator's reputation changes, latest first (pages small enough for the cost limit). */
/** How many changes the creator chart loads at first, and with each "older" after. */
export const CHANGES_PER_LOAD = 300;

export const CHANGES = /* GraphQL */ `
  query ConsoleChanges($id: ID!, $after: String) {
    creator(id: $id) {
      reputation {
        changes(first: 30, after: $after) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          edges {
            node {
              position
              at
              eventType
              collaborationId
              changes {
                figure
                from
                to
                delta
              }
            }
          }
        }
      }
    }
  }
`;

/** Where a collaboration stands in the lifecycle: deadlines, negotiation, the content's fix, usage rights. */
export const LIFECYCLE = /* GraphQL */ `
  query ConsoleLifecycle($id: ID!) {
    collaboration(id: $id) {
      id
      status
      contentReview
      brief {
        usageRights {
          months
        }
      }
      deadlines {
        pending {
          rule
          dueAt
        }
      }
      negotiation {
        counterOffersLeft
        awaiting
        agreedRound
        offers {
          round
          by
          fee {
            amountMinor
            currency
          }
          scriptDueAt
          publishDueAt
          deliverables {
            description
            quantity
          }
          note
          offeredAt
        }
      }
      contentFix {
        issues
        fixRequired
        reviewedAt
        fixDueAt
        fixes
        fixedAt
        overdue
      }
      usageRights {
        scope
        platforms
        endsAt
        ended
        extensions
        pendingExtension {
          id
          endsAt
          fee {
            amountMinor
            currency
          }
        }
      }
    }
  }
`;

/** The seller's content whose usage rights end within 30 days, soonest first. */
export const RIGHTS_ENDING = /* GraphQL */ `
  query ConsoleRightsEnding {
    usageRightsEnding(withinDays: 30, first: 50) {
      totalCount
      edges {
        node {
          collaborationId
          creatorId
          title
          scope
          platforms
          endsAt
          daysLeft
          content {
            platform
            url
          }
          pendingExtension {
            endsAt
          }
        }
      }
    }
  }
`;

export const UNREAD_NOTIFICATIONS = /* GraphQL */ `
  query ConsoleUnread {
    me {
      unreadNotifications
    }
  }
`;

export const NOTIFICATIONS = /* GraphQL */ `
  query ConsoleNotifications($after: String, $unreadOnly: Boolean) {
    notifications(first: 50, after: $after, unreadOnly: $unreadOnly) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          kind
          params
          collaborationId
          collaborationTitle
          occurredAt
          read
        }
      }
    }
    me {
      unreadNotifications
    }
  }
`;

export const MARK_NOTIFICATIONS_READ = /* GraphQL */ `
  mutation ConsoleMarkRead($upTo: String!) {
    markNotificationsRead(upTo: $upTo) {
      readUpTo
      position
    }
  }
`;

const ENDPOINT_FIELDS = /* GraphQL */ `
  id
  url
  description
  eventTypes
  status
  disabledReason
  failingSince
  createdAt
  createdPosition
  secretGeneration
  previousSecretValidUntil
  replayedFrom
  delivery {
    deliveredUpTo
    failingPosition
    failedAttempts
    nextAttemptAt
  }
`;

export const WEBHOOK_ENDPOINTS = /* GraphQL */ `
  query ConsoleWebhookEndpoints {
    webhookEndpoints {
      ${ENDPOINT_FIELDS}
    }
  }
`;

export const CREATE_WEBHOOK_ENDPOINT = /* GraphQL */ `
  mutation ConsoleCreateWebhookEndpoint($url: String!, $eventTypes: [String!], $description: String) {
    createWebhookEndpoint(url: $url, eventTypes: $eventTypes, description: $description) {
      endpointId
      secret
      endpoint {
        id
      }
    }
  }
`;

export const ROTATE_WEBHOOK_SECRET = /* GraphQL */ `
  mutation ConsoleRotateWebhookSecret($endpointId: ID!) {
    rotateWebhookSecret(endpointId: $endpointId) {
      endpointId
      secret
      endpoint {
        id
      }
    }
  }
`;

export const DISABLE_WEBHOOK_ENDPOINT = /* GraphQL */ `
  mutation ConsoleDisableWebhookEndpoint($endpointId: ID!) {
    disableWebhookEndpoint(endpointId: $endpointId) {
      position
      endpoint {
        id
      }
    }
  }
`;

export const ENABLE_WEBHOOK_ENDPOINT = /* GraphQL */ `
  mutation ConsoleEnableWebhookEndpoint($endpointId: ID!) {
    enableWebhookEndpoint(endpointId: $endpointId) {
      position
      endpoint {
        id
      }
    }
  }
`;

export const DELETE_WEBHOOK_ENDPOINT = /* GraphQL */ `
  mutation ConsoleDeleteWebhookEndpoint($endpointId: ID!) {
    deleteWebhookEndpoint(endpointId: $endpointId) {
      position
      endpoint {
        id
      }
    }
  }
`;

export const REPLAY_WEBHOOKS = /* GraphQL */ `
  mutation ConsoleReplayWebhooks($endpointId: ID!, $fromPosition: String!) {
    replayWebhooks(endpointId: $endpointId, fromPosition: $fromPosition) {
      replayId
      fromPosition
      endpoint {
        id
      }
    }
  }
`;

export const WEBHOOK_DELIVERIES = /* GraphQL */ `
  query ConsoleWebhookDeliveries($endpointId: ID!, $after: String) {
    webhookEndpoint(id: $endpointId) {
      ${ENDPOINT_FIELDS}
    }
    webhookDeliveries(endpointId: $endpointId, first: 50, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          messageId
          position
          eventType
          collaborationId
          attempt
          startedAt
          status
          httpStatus
          error
          latencyMs
          nextAttemptAt
          response
          replayed
        }
      }
    }
  }
`;
