/**
 * What the console asks of public reviews, verified parties and their queues (DOMAIN.md § Public
 * reviews): through the public GraphQL API only, so it shows exactly what the token may see.
 */

/** How many reviews a page of the console shows: the creator page, its first 20. */
export const REVIEWS_PER_PAGE = 20;

const REVIEW_FIELDS = /* GraphQL */ `
  fragment ConsoleReview on Review {
    id
    direction
    reviewer {
      side
      id
      displayName
      verified
    }
    scores {
      dimension
      score
    }
    mean
    comment
    tags
    reply {
      text
      repliedAt
    }
    removal {
      reason
      removedAt
    }
    category
    markets
    platform
    month
    results {
      views
      engagementRate
      clicks
      orders
      conversionRate
      source
      position
    }
    publish {
      onTime
      daysLate
    }
    position
    revealedPosition
    collaborationId
  }
  fragment ConsoleReviewSummary on ReviewSummary {
    count
    distribution
    dimensions {
      dimension
      reviews
      mean
    }
    topTags {
      tag
      count
    }
  }
`;

export const CREATOR_REVIEWS = /* GraphQL */ `
  query ConsoleCreatorReviews($id: ID!, $first: Int!, $after: String, $sort: ReviewSort) {
    creator(id: $id) {
      id
      verification {
        status
        verified
        since
        accounts {
          platform
          handle
          verified
          verifiedAt
          check
        }
        languages {
          language
          verified
          verifiedAt
          check
        }
        declinedReason
      }
      reviewSummary {
        ...ConsoleReviewSummary
      }
      reviews(first: $first, after: $after, sort: $sort) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...ConsoleReview
          }
        }
      }
    }
  }
  ${REVIEW_FIELDS}
`;

export const SELLER_REVIEWS = /* GraphQL */ `
  query ConsoleSellerReviews($id: ID!, $first: Int!, $after: String, $sort: ReviewSort) {
    seller(id: $id) {
      id
      name
      country
      verification {
        status
        since
        submission {
          submission
          registrationNumber
          country
          storeUrl
          licence {
            sha256
            fileName
          }
          submittedAt
          decision {
            approved
            text
            at
          }
        }
      }
      reviewSummary {
        ...ConsoleReviewSummary
      }
      reviews(first: $first, after: $after, sort: $sort) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...ConsoleReview
          }
        }
      }
    }
  }
  ${REVIEW_FIELDS}
`;

export const REVIEW_REPORTS = /* GraphQL */ `
  query ConsoleReviewReports($status: ReportStatus, $after: String) {
    reviewReports(filter: { status: $status }, first: 30, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          collaborationId
          reviewId
          reason
          statement
          side
          reporterId
          evidence {
            sha256
            fileName
          }
          status
          reportedAt
          dueAt
          escalated
          escalatedAt
          decidedAt
          decision {
            reason
            note
          }
          text {
            comment
            tags
            reply
          }
        }
      }
    }
  }
`;

export const VERIFICATION_QUEUE = /* GraphQL */ `
  query ConsoleVerificationQueue($status: VerificationStatus, $after: String) {
    verificationQueue(filter: { status: $status }, first: 25, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          side
          partyId
          status
          since
          waitingSince
          seller {
            submission {
              registrationNumber
              country
              storeUrl
              licence {
                sha256
                fileName
              }
            }
          }
          creator {
            accounts {
              platform
              handle
              verified
            }
            languages {
              language
              verified
            }
          }
        }
      }
    }
  }
`;

/** A review checked against the hash-chained log itself, by the service (never a read model). */
export const VERIFY_REVIEW = /* GraphQL */ `
  query ConsoleVerifyReview($id: ID!) {
    verifyReview(id: $id) {
      valid
      chainValid
      rating {
        position
        matches
      }
      reveal {
        position
        matches
      }
      results {
        position
        matches
      }
    }
  }
`;
