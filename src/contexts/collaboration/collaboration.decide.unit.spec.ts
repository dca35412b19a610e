import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../../../test/support/deciderSpec.js';
import {
  ARBITRATOR,
  COLLABORATION_ID,
  CREATOR,
  DEFAULT_LOOKUPS,
  OTHER_CREATOR,
  OTHER_SELLER,
  PLATFORM,
  SELLER,
  T0,
  aBrief,
  command,
  day,
  scenario,
} from '../../../test/support/collaborationFixtures.js';
import { collaborationDecider } from './collaboration.decide.js';

const spec = deciderSpec(collaborationDecider);
const lookups = { ...DEFAULT_LOOKUPS, creatorPlatforms: [...DEFAULT_LOOKUPS.creatorPlatforms] };
const propose = (overrides: object = {}, brief = aBrief()) =>
  command(SELLER, T0, {
    type: 'ProposeCollaboration',
    sellerId: 's1',
    creatorId: 'c1',
    brief,
    lookups,
    ...overrides,
  });

describe('collaboration: proposal', () => {
  it('records the brief with defaults and splits the fee into milestones', () =>
    spec
      .given([])
      .when(propose({}, aBrief({ fee: { amountMinor: 99_999, currency: 'USD' } })))
      .thenEvents(([proposed]) => {
        expect(proposed!.type).toBe('CollaborationProposed');
        const data = proposed!.data as {
          brief: { revisionLimit: number; measurementWindowDays: number };
          milestones: unknown;
        };
        expect(data.brief.revisionLimit).toBe(2);
        expect(data.brief.measurementWindowDays).toBe(7);
        // 30% floored, the remainder to the last milestone: the amounts add up to the fee.
        expect(data.milestones).toEqual([
          { name: 'DEPOSIT', percent: 30, dueOn: 'ACCEPT', amount: { amountMinor: 29_999, currency: 'USD' } },
          {
            name: 'FINAL',
            percent: 70,
            dueOn: 'COMPLETION',
            amount: { amountMinor: 70_000, currency: 'USD' },
          },
        ]);
      }));

  it('refuses a creator proposing', () =>
    spec
      .given([])
      .when(command(CREATOR, T0, { ...propose(), type: 'ProposeCollaboration' } as never))
      .thenThrows('FORBIDDEN'));
  it('refuses a seller proposing for another seller', () =>
    spec
      .given([])
      .when({ ...propose(), actor: OTHER_SELLER })
      .thenThrows('FORBIDDEN'));
  it('refuses an id already used', () =>
    spec.given(scenario().proposed().events).when(propose()).thenThrows('COLLABORATION_ALREADY_EXISTS'));
  it('refuses an unregistered seller', () =>
    spec
      .given([])
      .when(propose({ lookups: { ...lookups, sellerRegistered: false } }))
      .thenThrows('SELLER_NOT_FOUND'));
  it('refuses an unknown creator', () =>
    spec
      .given([])
      .when(propose({ lookups: { ...lookups, creatorPlatforms: null } }))
      .thenThrows('CREATOR_NOT_FOUND'));
  it('refuses a creator the seller blocked', () =>
    spec
      .given([])
      .when(propose({ lookups: { ...lookups, creatorBlocked: true } }))
      .thenThrows('CREATOR_BLOCKED'));
  it('refuses a platform the creator is not on', () =>
    spec
      .given([])
      .when(propose({}, aBrief({ platforms: ['YOUTUBE'] })))
      .thenThrows('CREATOR_NOT_ON_PLATFORM'));
  it('refuses a script due date in the past', () =>
    spec
      .given([])
      .when(propose({}, aBrief({ scriptDueAt: day(-1) })))
      .thenThrows('INVALID_BRIEF_DATES'));
  it('refuses a publish due date before the script due date', () =>
    spec
      .given([])
      .when(propose({}, aBrief({ publishDueAt: day(4) })))
      .thenThrows('INVALID_BRIEF_DATES'));
  it('refuses a zero fee', () =>
    spec
      .given([])
      .when(propose({}, aBrief({ fee: { amountMinor: 0, currency: 'USD' } })))
      .thenThrows('INVALID_FEE'));
  it('refuses milestones not adding up to 100%', () =>
    spec
      .given([])
      .when(propose({}, aBrief({ paymentMilestones: [{ name: 'DEPOSIT', percent: 50, dueOn: 'ACCEPT' }] })))
      .thenThrows('MILESTONES_MUST_TOTAL_100'));
  it('refuses two milestones with one name', () =>
    spec
      .given([])
      .when(
        propose(
          {},
          aBrief({
            paymentMilestones: [
              { name: 'FINAL', percent: 50, dueOn: 'ACCEPT' },
              { name: 'FINAL', percent: 50, dueOn: 'COMPLETION' },
            ],
          }),
        ),
      )
      .thenThrows('DUPLICATE_MILESTONE'));
  it('refuses a measurement window outside 7–14 days', () =>
    spec
      .given([])
      .when(propose({}, aBrief({ measurementWindowDays: 21 })))
      .thenThrows('INVALID_MEASUREMENT_WINDOW'));
  it('refuses a revision limit above 10', () =>
    spec
      .given([])
      .when(propose({}, aBrief({ revisionLimit: 11 })))
      .thenThrows('INVALID_REVISION_LIMIT'));
  it('refuses any other command on a collaboration that does not exist', () =>
    spec
      .given([])
      .when(command(CREATOR, day(1), { type: 'AcceptProposal' }))
      .thenThrows('COLLABORATION_NOT_FOUND'));
});

describe('collaboration: when proposed', () => {
  const given = () => spec.given(scenario().proposed().events);

  it('accepting makes the deposit due', () =>
    given()
      .when(command(CREATOR, day(1), { type: 'AcceptProposal' }))
      .then([
        { type: 'ProposalAccepted', data: {} },
        { type: 'MilestoneDue', data: { name: 'DEPOSIT', amount: { amountMinor: 30_000, currency: 'USD' } } },
      ]));
  it('refuses the seller accepting', () =>
    given()
      .when(command(SELLER, day(1), { type: 'AcceptProposal' }))
      .thenThrows('FORBIDDEN'));
  it('answers another creator accepting as if the collaboration did not exist', () =>
    given()
      .when(command(OTHER_CREATOR, day(1), { type: 'AcceptProposal' }))
      .thenThrows('COLLABORATION_NOT_FOUND'));
  it('refuses accepting after the script due date', () =>
    given()
      .when(command(CREATOR, day(6), { type: 'AcceptProposal' }))
      .thenThrows('PROPOSAL_EXPIRED'));
  it('declines with a reason', () =>
    given()
      .when(command(CREATOR, day(1), { type: 'DeclineProposal', reason: 'Fully booked in March' }))
      .then([{ type: 'ProposalDeclined', data: { reason: 'Fully booked in March' } }]));
  it('refuses declining without a reason', () =>
    given()
      .when(command(CREATOR, day(1), { type: 'DeclineProposal', reason: '  ' }))
      .thenThrows('REASON_REQUIRED'));
  it('lets the seller withdraw', () =>
    given()
      .when(command(SELLER, day(1), { type: 'WithdrawProposal' }))
      .then([{ type: 'ProposalWithdrawn', data: {} }]));
  it('refuses the creator withdrawing', () =>
    given()
      .when(command(CREATOR, day(1), { type: 'WithdrawProposal' }))
      .thenThrows('FORBIDDEN'));
  it('refuses a script before acceptance', () =>
    given()
      .when(command(CREATOR, day(1), { type: 'SubmitScript', text: 'draft' }))
      .thenThrows('INVALID_STATUS'));
  it('refuses cancelling (withdraw instead)', () =>
    given()
      .when(command(SELLER, day(1), { type: 'CancelCollaboration', reason: 'budget cut' }))
      .thenThrows('INVALID_STATUS'));
});

describe('collaboration: when active', () => {
  it('numbers script versions', () =>
    spec
      .given(scenario().upToActive().scriptSubmitted().revisionRequested().events)
      .when(command(CREATOR, day(4), { type: 'SubmitScript', url: 'https://docs.example.com/v2' }))
      .then([{ type: 'ScriptSubmitted', data: { version: 2, url: 'https://docs.example.com/v2' } }]));
  it('refuses a second script while one awaits a response', () =>
    spec
      .given(scenario().upToActive().scriptSubmitted().events)
      .when(command(CREATOR, day(2), { type: 'SubmitScript', text: 'another' }))
      .thenThrows('SCRIPT_ALREADY_PENDING'));
  it('refuses an empty script', () =>
    spec
      .given(scenario().upToActive().events)
      .when(command(CREATOR, day(2), { type: 'SubmitScript', text: ' ' }))
      .thenThrows('SCRIPT_EMPTY'));
  it('counts revision requests', () =>
    spec
      .given(scenario().upToActive().scriptSubmitted().events)
      .when(
        command(SELLER, day(3), { type: 'RequestRevision', feedback: 'Mention the SPF in the first 3 s' }),
      )
      .then([
        {
          type: 'RevisionRequested',
          data: { scriptVersion: 1, revisionNumber: 1, feedback: 'Mention the SPF in the first 3 s' },
        },
      ]));
  it('refuses a third revision request when the brief allows two', () => {
    const s = scenario().upToActive();
    s.scriptSubmitted()
      .revisionRequested()
      .scriptSubmitted(day(3))
      .revisionRequested(day(3))
      .scriptSubmitted(day(4));
    spec
      .given(s.events)
      .when(
        command(SELLER, day(4), { type: 'RequestRevision', feedback: 'Once more with the new packaging' }),
      )
      .thenThrows('REVISION_LIMIT_REACHED');
  });
  it('refuses a revision request with no script pending', () =>
    spec
      .given(scenario().upToActive().events)
      .when(command(SELLER, day(3), { type: 'RequestRevision', feedback: 'Show the texture more' }))
      .thenThrows('NO_SCRIPT_PENDING'));
  it('refuses vague revision feedback', () =>
    spec
      .given(scenario().upToActive().scriptSubmitted().events)
      .when(command(SELLER, day(3), { type: 'RequestRevision', feedback: 'redo' }))
      .thenThrows('VAGUE_FEEDBACK'));
  it('approves the pending script', () =>
    spec
      .given(scenario().upToActive().scriptSubmitted().events)
      .when(command(SELLER, day(3), { type: 'ApproveScript' }))
      .then([{ type: 'ScriptApproved', data: { scriptVersion: 1 } }]));
  it('makes SCRIPT_APPROVAL milestones due on approval', () =>
    spec
      .given(
        scenario()
          .proposed({
            paymentMilestones: [
              { name: 'SCRIPT', percent: 40, dueOn: 'SCRIPT_APPROVAL' },
              { name: 'FINAL', percent: 60, dueOn: 'COMPLETION' },
            ],
          })
          .accepted()
          .scriptSubmitted().events,
      )
      .when(command(SELLER, day(3), { type: 'ApproveScript' }))
      .then([
        { type: 'ScriptApproved', data: { scriptVersion: 1 } },
        { type: 'MilestoneDue', data: { name: 'SCRIPT', amount: { amountMinor: 40_000, currency: 'USD' } } },
      ]));
  it('refuses approval with no script pending', () =>
    spec
      .given(scenario().upToActive().events)
      .when(command(SELLER, day(3), { type: 'ApproveScript' }))
      .thenThrows('NO_SCRIPT_PENDING'));
  it('refuses publishing before the script is approved', () =>
    spec
      .given(scenario().upToActive().events)
      .when(
        command(CREATOR, day(3), {
          type: 'PublishContent',
          platform: 'TIKTOK',
          url: 'https://t.co/x',
          publishedAt: day(3),
        }),
      )
      .thenThrows('INVALID_STATUS'));
  it('cancels, lapsing unpaid milestones', () =>
    spec
      .given(scenario().upToActive().events)
      .when(command(CREATOR, day(2), { type: 'CancelCollaboration', reason: 'Product arrived broken' }))
      .then([
        {
          type: 'CollaborationCancelled',
          data: { cancelledBy: 'CREATOR', reason: 'Product arrived broken' },
        },
        { type: 'MilestoneCancelled', data: { name: 'DEPOSIT' } },
        { type: 'MilestoneCancelled', data: { name: 'FINAL' } },
      ]));
  it('refuses cancelling without a reason', () =>
    spec
      .given(scenario().upToActive().events)
      .when(command(SELLER, day(2), { type: 'CancelCollaboration', reason: '' }))
      .thenThrows('REASON_REQUIRED'));
  it('refuses cancelling during a dispute', () =>
    spec
      .given(
        scenario().upToActive().run(SELLER, day(2), {
          type: 'OpenDispute',
          disputeId: 'd1',
          reason: 'COMMUNICATION',
          statement: 'No answer for 5 days',
        }).events,
      )
      .when(command(SELLER, day(2), { type: 'CancelCollaboration', reason: 'No answer' }))
      .thenThrows('DISPUTE_OPEN'));
});

describe('collaboration: publish', () => {
  const given = () => spec.given(scenario().upToScriptApproved().events);
  const publish = (publishedAt: string, now = publishedAt, platform: 'TIKTOK' | 'YOUTUBE' = 'TIKTOK') =>
    command(CREATOR, now, {
      type: 'PublishContent',
      platform,
      url: 'https://www.tiktok.com/@c1/video/1',
      publishedAt,
    });

  it('records an on-time publish', () =>
    given()
      .when(publish(day(9)))
      .then([
        {
          type: 'ContentPublished',
          data: {
            platform: 'TIKTOK',
            url: 'https://www.tiktok.com/@c1/video/1',
            publishedAt: day(9),
            publishDueAt: day(10),
            late: false,
            lateByHours: 0,
          },
        },
      ]));
  it('records the lateness in hours', () =>
    given()
      .when(publish('2026-03-13T06:30:00.000Z'))
      .thenEvents(([published]) => expect(published!.data).toMatchObject({ late: true, lateByHours: 54.5 })));
  it('refuses a platform the brief does not ask for', () =>
    given()
      .when(publish(day(9), day(9), 'YOUTUBE'))
      .thenThrows('PLATFORM_NOT_IN_BRIEF'));
  it('refuses a publish time in the future', () =>
    given()
      .when(publish(day(9), day(8)))
      .thenThrows('PUBLISHED_IN_FUTURE'));
  it('refuses a publish time before the proposal', () =>
    given()
      .when(publish(day(-2), day(8)))
      .thenThrows('PUBLISHED_BEFORE_PROPOSAL'));
  it('makes PUBLISH milestones due', () =>
    spec
      .given(
        scenario()
          .proposed({
            paymentMilestones: [
              { name: 'ON_PUBLISH', percent: 50, dueOn: 'PUBLISH' },
              { name: 'FINAL', percent: 50, dueOn: 'COMPLETION' },
            ],
          })
          .accepted()
          .scriptSubmitted()
          .scriptApproved().events,
      )
      .when(publish(day(9)))
      .thenEvents((events) =>
        expect(events.map((e) => e.type)).toEqual(['ContentPublished', 'MilestoneDue']),
      ));
});

describe('collaboration: when published', () => {
  const given = () => spec.given(scenario().upToPublished().events);

  it('accepts the content', () =>
    given()
      .when(command(SELLER, day(10), { type: 'ReviewContent', accepted: true, issues: [] }))
      .then([{ type: 'ContentReviewed', data: { accepted: true, issues: [] } }]));
  it('records the issues found', () =>
    given()
      .when(
        command(SELLER, day(10), {
          type: 'ReviewContent',
          accepted: false,
          issues: ['MISSING_DISCLOSURE'],
          comment: 'No #ad',
        }),
      )
      .then([
        {
          type: 'ContentReviewed',
          data: { accepted: false, issues: ['MISSING_DISCLOSURE'], comment: 'No #ad' },
        },
      ]));
  it('refuses acceptance with issues', () =>
    given()
      .when(command(SELLER, day(10), { type: 'ReviewContent', accepted: true, issues: ['OFF_BRIEF'] }))
      .thenThrows('INVALID_REVIEW'));
  it('refuses a review of accepted content', () =>
    spec
      .given(
        scenario().upToPublished().run(SELLER, day(10), { type: 'ReviewContent', accepted: true, issues: [] })
          .events,
      )
      .when(command(SELLER, day(11), { type: 'ReviewContent', accepted: false, issues: ['OTHER'] }))
      .thenThrows('CONTENT_ALREADY_ACCEPTED'));

  const snapshot = (capturedAt: string, fields: object = {}, actor = SELLER, now = capturedAt) =>
    command(actor, now, {
      type: 'RecordMetricsSnapshot',
      snapshotId: 'm9',
      capturedAt,
      views: 1000,
      likes: 10,
      comments: 1,
      shares: 1,
      clicks: 10,
      orders: 1,
      gmv: { amountMinor: 2000, currency: 'USD' },
      ...fields,
    });

  it('records a snapshot, final from publishedAt + window', () =>
    given()
      .when(snapshot(day(16)))
      .thenEvents(([recorded]) =>
        expect(recorded!.data).toMatchObject({
          source: 'SELLER',
          final: true,
          inconsistent: false,
          inconsistentFields: [],
        }),
      ));
  it('records a snapshot before the window ends as not final', () =>
    given()
      .when(snapshot(day(12)))
      .thenEvents(([recorded]) => expect(recorded!.data).toMatchObject({ final: false })));
  it('records who sent it, or the integration', () =>
    given()
      .when(snapshot(day(12), { integration: 'tiktok-shop' }, CREATOR))
      .thenEvents(([recorded]) =>
        expect(recorded!.data).toMatchObject({ source: 'INTEGRATION', integration: 'tiktok-shop' }),
      ));
  it('keeps but flags a snapshot whose counters went down', () =>
    spec
      .given(scenario().upToPublished().metrics(day(11)).events)
      .when(snapshot(day(12), { views: 500 }))
      .thenEvents(([recorded]) =>
        expect(recorded!.data).toMatchObject({
          inconsistent: true,
          inconsistentFields: expect.arrayContaining(['views', 'likes']),
        }),
      ));
  it('refuses metrics captured before publish', () =>
    given()
      .when(snapshot(day(8), {}, SELLER, day(9)))
      .thenThrows('METRICS_BEFORE_PUBLISH'));
  it('refuses metrics before the content is published', () =>
    spec
      .given(scenario().upToScriptApproved().events)
      .when(snapshot(day(9)))
      .thenThrows('METRICS_BEFORE_PUBLISH'));
  it('refuses metrics captured in the future', () =>
    given()
      .when(snapshot(day(12), {}, SELLER, day(10)))
      .thenThrows('METRICS_IN_FUTURE'));
  it('refuses a snapshot id twice', () =>
    spec
      .given(scenario().upToPublished().metrics(day(11), {}, 1, 'm9').events)
      .when(snapshot(day(12)))
      .thenThrows('DUPLICATE_SNAPSHOT'));
  it('refuses GMV in another currency', () =>
    given()
      .when(snapshot(day(12), { gmv: { amountMinor: 5, currency: 'EUR' } }))
      .thenThrows('CURRENCY_MISMATCH'));
  it('answers metrics from another seller as if the collaboration did not exist', () =>
    given()
      .when(snapshot(day(12), {}, OTHER_SELLER))
      .thenThrows('COLLABORATION_NOT_FOUND'));

  it('refuses completion before final metrics or the window end', () =>
    spec
      .given(scenario().upToPublished().metrics(day(12)).events)
      .when(command(SELLER, day(12), { type: 'CompleteCollaboration' }))
      .thenThrows('METRICS_NOT_FINAL'));
  it('completes with final metrics meeting every target: FINAL released', () =>
    spec
      .given(scenario().upToPublished().metrics(day(16)).events)
      .when(command(SELLER, day(16), { type: 'CompleteCollaboration' }))
      .then([
        {
          type: 'CollaborationCompleted',
          data: {
            finalSnapshotId: 'm-1',
            targetsMet: true,
            missedTargets: [],
            ratingWindowClosesAt: day(30),
            disputeWindowClosesAt: day(46),
          },
        },
        { type: 'MilestoneDue', data: { name: 'FINAL', amount: { amountMinor: 70_000, currency: 'USD' } } },
        {
          type: 'MilestoneReleased',
          data: {
            name: 'FINAL',
            amount: { amountMinor: 70_000, currency: 'USD' },
            trigger: 'COMPLETION',
            waivedTargets: [],
          },
        },
      ]));
  it('completes with a missed target: FINAL held with the reason', () =>
    spec
      .given(
        scenario().upToPublished().metrics(day(16), { views: 5_000, likes: 50, comments: 0, shares: 0 })
          .events,
      )
      .when(command(SELLER, day(16), { type: 'CompleteCollaboration' }))
      .thenEvents((events) =>
        expect(events.at(-1)).toEqual({
          type: 'MilestoneHeld',
          data: { name: 'FINAL', reason: 'TARGETS_MISSED', missedTargets: ['minViews', 'minEngagementRate'] },
        }),
      ));
  it('completes after the window without final metrics: every target missed', () =>
    spec
      .given(scenario().upToPublished().events)
      .when(command(SELLER, day(17), { type: 'CompleteCollaboration' }))
      .thenEvents(([completed]) =>
        expect(completed!.data).toMatchObject({
          finalSnapshotId: null,
          targetsMet: false,
          missedTargets: ['minViews', 'minEngagementRate'],
        }),
      ));
  it('refuses completion by the creator', () =>
    given()
      .when(command(CREATOR, day(17), { type: 'CompleteCollaboration' }))
      .thenThrows('FORBIDDEN'));
  it('refuses completion twice', () =>
    spec
      .given(scenario().upToCompleted().events)
      .when(command(SELLER, day(20), { type: 'CompleteCollaboration' }))
      .thenThrows('INVALID_STATUS'));
});

describe('collaboration: messages', () => {
  const post = (actor = SELLER, body = 'Can you send the draft by Friday?') =>
    command(actor, day(2), { type: 'PostMessage', messageId: 'msg-1', body });
  it('posts a message from either party', () =>
    spec
      .given(scenario().upToActive().events)
      .when(post(CREATOR))
      .then([
        {
          type: 'MessagePosted',
          data: {
            messageId: 'msg-1',
            side: 'CREATOR',
            body: 'Can you send the draft by Friday?',
            attachments: [],
          },
        },
      ]));
  it('lets an arbitrator post', () =>
    spec
      .given(scenario().upToActive().events)
      .when(post(ARBITRATOR))
      .thenEvents(([m]) => expect(m!.data).toMatchObject({ side: 'ARBITRATOR' })));
  it('refuses an empty message', () =>
    spec.given(scenario().upToActive().events).when(post(SELLER, '   ')).thenThrows('EMPTY_MESSAGE'));
  it('answers someone else’s collaboration as if it did not exist', () =>
    spec
      .given(scenario().upToActive().events)
      .when(post(OTHER_CREATOR))
      .thenThrows('COLLABORATION_NOT_FOUND'));
});

describe('collaboration: payment milestones', () => {
  const release = (name: string, now = day(2), waiveMissedTargets?: boolean) =>
    command(SELLER, now, {
      type: 'ReleaseMilestone',
      name,
      ...(waiveMissedTargets ? { waiveMissedTargets } : {}),
    });

  it('releases the due deposit', () =>
    spec
      .given(scenario().upToActive().events)
      .when(release('DEPOSIT'))
      .then([
        {
          type: 'MilestoneReleased',
          data: {
            name: 'DEPOSIT',
            amount: { amountMinor: 30_000, currency: 'USD' },
            trigger: 'SELLER',
            waivedTargets: [],
          },
        },
      ]));
  it('refuses an unknown milestone', () =>
    spec.given(scenario().upToActive().events).when(release('BONUS')).thenThrows('MILESTONE_NOT_FOUND'));
  it('refuses a milestone not yet due', () =>
    spec.given(scenario().upToActive().events).when(release('FINAL')).thenThrows('MILESTONE_NOT_DUE'));
  it('refuses releasing twice', () =>
    spec
      .given(
        scenario().upToActive().run(SELLER, day(2), { type: 'ReleaseMilestone', name: 'DEPOSIT' }).events,
      )
      .when(release('DEPOSIT'))
      .thenThrows('MILESTONE_ALREADY_SETTLED'));
  it('refuses a release while a dispute is open', () =>
    spec
      .given(
        scenario().upToActive().run(CREATOR, day(2), {
          type: 'OpenDispute',
          disputeId: 'd1',
          reason: 'NON_PAYMENT',
          statement: 'Deposit unpaid',
        }).events,
      )
      .when(release('DEPOSIT'))
      .thenThrows('DISPUTE_OPEN'));
  const missed = () => scenario().upToPublished().metrics(day(16), { views: 100 }).completed();
  it('refuses releasing a milestone held for missed targets without a waiver', () =>
    spec
      .given(missed().events)
      .when(release('FINAL', day(17)))
      .thenThrows('TARGETS_MISSED'));
  it('releases it when the seller waives the missed targets', () =>
    spec
      .given(missed().events)
      .when(release('FINAL', day(17), true))
      .thenEvents(([released]) =>
        expect(released!.data).toMatchObject({
          name: 'FINAL',
          trigger: 'SELLER',
          waivedTargets: ['minViews'],
        }),
      ));
  it('refuses the creator releasing', () =>
    spec
      .given(scenario().upToActive().events)
      .when({ ...release('DEPOSIT'), actor: CREATOR })
      .thenThrows('FORBIDDEN'));
});

describe('collaboration: deadlines', () => {
  const fire = (
    rule: 'PROPOSAL_EXPIRED' | 'SCRIPT_AUTO_APPROVED' | 'CONTENT_AUTO_ACCEPTED' | 'RATING_WINDOW_CLOSED',
    now: string,
    actor = PLATFORM,
  ) => command(actor, now, { type: 'FireDeadline', rule });

  it('expires an unanswered proposal at its script due date', () =>
    spec
      .given(scenario().proposed().events)
      .when(fire('PROPOSAL_EXPIRED', day(5)))
      .then([
        { type: 'ProposalExpired', data: { rule: 'PROPOSAL_EXPIRED', dueAt: day(5), firedAt: day(5) } },
      ]));
  it('does not fire before it is due', () =>
    spec
      .given(scenario().proposed().events)
      .when(fire('PROPOSAL_EXPIRED', day(4)))
      .thenThrows('DEADLINE_NOT_DUE'));
  it('does not fire once it no longer applies', () =>
    spec
      .given(scenario().upToActive().events)
      .when(fire('PROPOSAL_EXPIRED', day(6)))
      .thenThrows('DEADLINE_NOT_APPLICABLE'));
  it('is the platform’s alone', () =>
    spec
      .given(scenario().proposed().events)
      .when(fire('PROPOSAL_EXPIRED', day(6), SELLER))
      .thenThrows('FORBIDDEN'));
  it('approves a script the seller left unanswered for 7 days', () =>
    spec
      .given(scenario().upToActive().scriptSubmitted(day(2)).events)
      .when(fire('SCRIPT_AUTO_APPROVED', day(9)))
      .then([
        {
          type: 'ScriptAutoApproved',
          data: { scriptVersion: 1, rule: 'SCRIPT_AUTO_APPROVED', dueAt: day(9), firedAt: day(9) },
        },
      ]));
  it('accepts content left unreviewed for 7 days', () =>
    spec
      .given(scenario().upToPublished().events)
      .when(fire('CONTENT_AUTO_ACCEPTED', day(16)))
      .then([
        {
          type: 'ContentAutoAccepted',
          data: { rule: 'CONTENT_AUTO_ACCEPTED', dueAt: day(16), firedAt: day(16) },
        },
      ]));
  it('closes the rating window, revealing the ratings given', () =>
    spec
      .given(
        scenario()
          .upToCompleted()
          .run(SELLER, day(18), {
            type: 'RateCollaboration',
            ratingId: 'r1',
            scores: { CONTENT_QUALITY: 4, TIMELINESS: 4, COMMUNICATION: 4, COMPLIANCE: 5, BRAND_FIT: 4 },
            comment: 'Good hook, demo showed the texture well, on time',
          }).events,
      )
      .when(fire('RATING_WINDOW_CLOSED', day(30)))
      .then([
        {
          type: 'RatingWindowClosed',
          data: { rule: 'RATING_WINDOW_CLOSED', dueAt: day(30), firedAt: day(30) },
        },
        { type: 'RatingsRevealed', data: { ratingIds: ['r1'], reason: 'WINDOW_CLOSED' } },
      ]));
});

it('uses the collaboration id of the stream', () => expect(COLLABORATION_ID).toBe('k1'));
