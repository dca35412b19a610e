import { cap, m, t, type Message } from './message.js';

/**
 * Each event type of the log (schema/events/index.json) as a person names it (`event.<Type>`), and,
 * for those that can move a creator's reputation, why a figure moved (`event.<Type>.cause`, with the
 * `{collaboration}` it happened in): "credit score 700 → 717 after the ratings of k-001477 were
 * revealed". Unit-checked against the event catalog and the reputation projection.
 */
interface EventWords {
  readonly name: Message;
  readonly cause?: Message;
}

const e = (name: Message, cause?: Message): EventWords => (cause ? { name, cause } : { name });

const collaborationEvents = {
  CollaborationProposed: e(
    m(`${cap(t.collaboration.en)} proposed`, `${t.seller.zh}发出${t.proposal.zh}`),
    m('after {collaboration} was proposed', '因 {collaboration} 发出合作邀请'),
  ),
  ProposalAccepted: e(
    m(`${cap(t.proposal.en)} accepted`, `${t.creator.zh}接受了${t.proposal.zh}`),
    m('after {collaboration} was accepted', '因 {collaboration} 被接受'),
  ),
  ProposalDeclined: e(
    m(`${cap(t.proposal.en)} declined`, `${t.creator.zh}拒绝了${t.proposal.zh}`),
    m('after {collaboration} was declined', '因 {collaboration} 被拒绝'),
  ),
  ProposalWithdrawn: e(
    m(`${cap(t.proposal.en)} withdrawn`, `${t.seller.zh}撤回了${t.proposal.zh}`),
    m('after {collaboration} was withdrawn', '因 {collaboration} 被撤回'),
  ),
  ProposalExpired: e(
    m(`${cap(t.proposal.en)} expired`, `${t.proposal.zh}已过期`),
    m('after {collaboration} expired unanswered', '因 {collaboration} 无人答复而过期'),
  ),
  CollaborationCancelled: e(
    m(`${cap(t.collaboration.en)} cancelled`, `${t.collaboration.zh}已取消`),
    m('after {collaboration} was cancelled', '因 {collaboration} 被取消'),
  ),
  ScriptSubmitted: e(
    m(`${cap(t.script.en)} submitted`, `${t.creator.zh}提交了${t.script.zh}`),
    m('after a script of {collaboration} was submitted', '因 {collaboration} 提交了脚本'),
  ),
  RevisionRequested: e(
    m('Revision requested', `${t.seller.zh}提出${t.revisionRequest.zh}`),
    m('after a revision of {collaboration} was requested', '因 {collaboration} 提出修改意见'),
  ),
  ScriptApproved: e(
    m(`${cap(t.script.en)} approved`, `${t.seller.zh}通过了${t.script.zh}`),
    m('after the script of {collaboration} was approved', '因 {collaboration} 的脚本获得通过'),
  ),
  ScriptAutoApproved: e(
    m(`${cap(t.script.en)} approved by the platform`, `${t.platform.zh}自动通过${t.script.zh}`),
    m('after the platform approved the script of {collaboration}', '因平台自动通过 {collaboration} 的脚本'),
  ),
  ContentPublished: e(
    m('Content published', `${t.creator.zh}${t.publish.zh}了内容`),
    m('after {collaboration} was published', '因 {collaboration} 的内容发布'),
  ),
  ContentReviewed: e(
    m('Content reviewed', `${t.seller.zh}完成${t.contentReview.zh}`),
    m('after the content of {collaboration} was reviewed', '因 {collaboration} 的内容完成验收'),
  ),
  ContentAutoAccepted: e(
    m('Content accepted by the platform', `${t.platform.zh}自动验收内容`),
    m('after the platform accepted the content of {collaboration}', '因平台自动验收 {collaboration} 的内容'),
  ),
  MetricsSnapshotRecorded: e(
    m(`${cap(t.metrics.en)} recorded`, `记录${t.metrics.zh}`),
    m('after metrics of {collaboration} were recorded', '因记录了 {collaboration} 的推广数据'),
  ),
  DeadlineReminderSent: e(m('Reminder before a deadline', '期限提醒')),
  MessagePosted: e(
    m('Message posted', `发送${t.message.zh}`),
    m('after a message on {collaboration}', '因 {collaboration} 中的一条沟通记录'),
  ),
  CollaborationCompleted: e(
    m(`${cap(t.collaboration.en)} completed`, `${t.collaboration.zh}完成`),
    m('after {collaboration} was completed', '因 {collaboration} 完成'),
  ),
  MilestoneDue: e(
    m(`${cap(t.milestone.en)} due`, `${t.milestone.zh}到期`),
    m('after a payment of {collaboration} fell due', '因 {collaboration} 的付款节点到期'),
  ),
  MilestoneReleased: e(
    m(`${cap(t.milestone.en)} released`, `${t.milestone.zh}已${t.release.zh}`),
    m('after a payment of {collaboration} was released', '因 {collaboration} 放款'),
  ),
  MilestoneHeld: e(
    m(`${cap(t.milestone.en)} held`, `${t.milestone.zh}${t.hold.zh}`),
    m('after a payment of {collaboration} was held', '因 {collaboration} 暂停支付'),
  ),
  MilestoneHoldLifted: e(
    m(`Hold on a ${t.milestone.en} lifted`, `${t.milestone.zh}解除${t.hold.zh}`),
    m('after a hold on {collaboration} was lifted', '因 {collaboration} 解除暂停支付'),
  ),
  MilestoneRefunded: e(
    m(`${cap(t.milestone.en)} refunded`, `${t.milestone.zh}已${t.refund.zh}`),
    m('after a payment of {collaboration} was refunded', '因 {collaboration} 退款'),
  ),
  MilestoneCancelled: e(
    m(`${cap(t.milestone.en)} cancelled`, `${t.milestone.zh}已取消`),
    m('after a payment of {collaboration} was cancelled', '因 {collaboration} 取消付款节点'),
  ),
  CollaborationRated: e(
    m(`${cap(t.rating.en)} given`, `提交${t.rating.zh}`),
    m('after {collaboration} was rated', '因 {collaboration} 收到评价'),
  ),
  RatingsRevealed: e(
    m(`${cap(t.rating.en)}s revealed`, `${t.rating.zh}公开`),
    m('after the ratings of {collaboration} were revealed', '因 {collaboration} 的评价公开'),
  ),
  RatingWindowClosed: e(
    m('Rating window closed', '评价期结束'),
    m('after the rating window of {collaboration} closed', '因 {collaboration} 的评价期结束'),
  ),
  RatingFlagged: e(
    m(`${cap(t.rating.en)} flagged for review`, `${t.rating.zh}被标记待审核`),
    m('after a rating of {collaboration} was flagged for review', '因 {collaboration} 的评价被标记待审核'),
  ),
  RatingReviewed: e(
    m(`${cap(t.rating.en)} reviewed`, `${t.ratingReview.zh}完成`),
    m('after a rating of {collaboration} was reviewed', '因 {collaboration} 的评价审核完成'),
  ),
  DisputeOpened: e(
    m(`${cap(t.dispute.en)} opened`, `发起${t.dispute.zh}`),
    m('after a dispute over {collaboration} was opened', '因 {collaboration} 发起争议'),
  ),
  DisputeEvidenceAdded: e(
    m(`${cap(t.evidence.en)} added`, `提交${t.evidence.zh}`),
    m('after evidence was added to a dispute over {collaboration}', '因 {collaboration} 的争议提交了证据'),
  ),
  DisputeStatementAdded: e(
    m(`${cap(t.statement.en)} added`, `提交${t.statement.zh}`),
    m('after a statement in a dispute over {collaboration}', '因 {collaboration} 的争议提交了陈述'),
  ),
  DisputeResolved: e(
    m(`${cap(t.dispute.en)} resolved`, `${t.dispute.zh}已裁决`),
    m('after the dispute over {collaboration} was resolved', '因 {collaboration} 的争议裁决'),
  ),
  // Public reviews
  ReviewReplied: e(m(`${cap(t.reply.en)} to a ${t.review.en}`, `${t.review.zh}收到${t.reply.zh}`)),
  ReviewReported: e(m(`${cap(t.review.en)} reported`, `${t.review.zh}被${t.report.zh}`)),
  ReviewReportDismissed: e(m(`${cap(t.report.en)} dismissed`, `${t.report.zh}被驳回`)),
  ReviewTextRemoved: e(m(`${cap(t.review.en)} text removed by arbitration`, `${t.review.zh}文字经仲裁删除`)),
  ReviewReportEscalated: e(
    m(`${cap(t.report.en)} escalated: not decided in 10 days`, `${t.report.zh} 10 天未处理，已升级`),
  ),
  // Negotiation, acceptance with consequences, deadlines of the lifecycle, usage rights.
  CounterOfferMade: e(m(`${cap(t.counterOffer.en)} made`, `提出${t.counterOffer.zh}`)),
  CounterOfferAccepted: e(
    m(
      `${cap(t.counterOffer.en)} accepted: its terms are the ${t.brief.en}`,
      `${t.counterOffer.zh}被接受，成为${t.brief.zh}`,
    ),
  ),
  ContentFixed: e(
    m(`Content ${t.contentFix.en} recorded`, `${t.creator.zh}完成内容${t.contentFix.zh}`),
    m('after content of {collaboration} was fixed', '因 {collaboration} 的内容完成整改'),
  ),
  ContentFixOverdue: e(
    m(`Content ${t.contentFix.en} overdue`, `内容${t.contentFix.zh}逾期`),
    m('after the fix of {collaboration} was overdue', '因 {collaboration} 的内容整改逾期'),
  ),
  CollaborationAutoCompleted: e(
    m(
      `${cap(t.collaboration.en)} completed by the platform`,
      `${t.platform.zh}自动完成${t.collaboration.zh}`,
    ),
  ),
  DisputeResponseMissed: e(m('No answer from the other side in time', `被${t.dispute.zh}方逾期未陈述`)),
  DisputeEscalated: e(m(`${cap(t.dispute.en)} escalated`, `${t.dispute.zh}已${t.escalation.zh}`)),
  UsageRightsEnded: e(m(`${cap(t.usageRights.en)} ended`, `${t.usageRights.zh}到期`)),
  UsageRightsExtensionProposed: e(
    m(`${cap(t.usageRightsExtension.en)} proposed`, `${t.seller.zh}提出${t.usageRightsExtension.zh}`),
  ),
  UsageRightsExtended: e(
    m(`${cap(t.usageRights.en)} extended`, `${t.creator.zh}接受${t.usageRightsExtension.zh}`),
  ),
  UsageRightsExtensionDeclined: e(
    m(`${cap(t.usageRightsExtension.en)} declined`, `${t.creator.zh}拒绝${t.usageRightsExtension.zh}`),
  ),
};

const otherEvents = {
  CreatorRegistered: e(
    m(`${cap(t.creator.en)} registered`, `${t.creator.zh}注册`),
    m('after the creator registered', '因达人注册'),
  ),
  CreatorProfileUpdated: e(
    m(`${cap(t.creator.en)} profile updated`, `${t.creator.zh}资料更新`),
    m('after the creator’s profile changed', '因达人资料更新'),
  ),
  SellerRegistered: e(m(`${cap(t.seller.en)} registered`, `${t.seller.zh}注册`)),
  // Verified parties
  SellerVerificationSubmitted: e(
    m(`${cap(t.businessVerification.en)} submitted`, `提交${t.businessVerification.zh}`),
  ),
  SellerVerificationApproved: e(
    m(`${cap(t.businessVerification.en)} approved`, `${t.businessVerification.zh}通过`),
  ),
  SellerVerificationRejected: e(
    m(`${cap(t.businessVerification.en)} rejected`, `${t.businessVerification.zh}未通过`),
  ),
  CreatorVerificationRequested: e(m(`${cap(t.creator.en)} asked to be verified`, `${t.creator.zh}申请认证`)),
  CreatorAccountVerified: e(
    m('Platform account verified', '平台账号已认证'),
    m('after a platform account of the creator was verified', '因达人的平台账号通过认证'),
  ),
  CreatorLanguageVerified: e(
    m('Language verified', '语言能力已认证'),
    m('after a language of the creator was verified', '因达人的语言能力通过认证'),
  ),
  CreatorVerificationDeclined: e(
    m(`${cap(t.creator.en)} verification declined`, `${t.creator.zh}认证申请被拒绝`),
  ),
  CollaborationLinked: e(
    m(`${cap(t.collaboration.en)} linked to its creator`, `${t.collaboration.zh}关联到达人`),
  ),
  IdClaimed: e(m('Id claimed', '编号已占用')),
  BriefTemplateSaved: e(m(`${cap(t.template.en)} saved`, `保存${t.template.zh}`)),
  BriefTemplateDeleted: e(m(`${cap(t.template.en)} deleted`, `删除${t.template.zh}`)),
  CreatorTagged: e(m(`${cap(t.creator.en)} tagged`, `为${t.creator.zh}添加标签`)),
  CreatorUntagged: e(m(`Tag removed from a ${t.creator.en}`, `移除${t.creator.zh}标签`)),
  CreatorNoteAdded: e(m(`Note on a ${t.creator.en} added`, `添加${t.creator.zh}备注`)),
  CreatorFavourited: e(m(`${cap(t.creator.en)} favourited`, `收藏${t.creator.zh}`)),
  CreatorUnfavourited: e(m(`${cap(t.creator.en)} no longer a favourite`, `取消收藏${t.creator.zh}`)),
  CreatorBlocked: e(m(`${cap(t.creator.en)} blocked`, `拉黑${t.creator.zh}`)),
  CreatorUnblocked: e(m(`${cap(t.creator.en)} unblocked`, `取消拉黑${t.creator.zh}`)),
  WebhookEndpointCreated: e(m('Webhook endpoint added', '添加 Webhook 端点')),
  WebhookSecretRotated: e(m('Webhook signing secret replaced', '更换 Webhook 签名密钥')),
  WebhookEndpointDisabled: e(m('Webhook endpoint disabled', 'Webhook 端点已停用')),
  WebhookEndpointEnabled: e(m('Webhook endpoint enabled', 'Webhook 端点已启用')),
  WebhookEndpointDeleted: e(m('Webhook endpoint deleted', 'Webhook 端点已删除')),
  WebhookReplayRequested: e(m('Webhook deliveries replayed', '重新投递 Webhook')),
  NotificationsRead: e(m('Notifications read', '通知已读')),
  /** What stands, for a party, for an event said about a rating still hidden from it. */
  Redacted: e(m('Withheld from you', '不向你显示')),
};

export const EVENTS: Readonly<Record<string, EventWords>> = { ...collaborationEvents, ...otherEvents };

export const eventKey = (type: string): string => `event.${type}`;
export const causeKey = (type: string): string => `event.${type}.cause`;
