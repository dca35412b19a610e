import { cap, m, t, type Message } from './message.js';

/** Who acted, inside a sentence (`side`, `cancelledBy` arrive as their codes for this `select`). */
const who = (name: string, language: 'en' | 'zh') =>
  `{${name}, select, SELLER {${t.seller[language]}} CREATOR {${t.creator[language]}} other {${t.arbitrator[language]}}}`;

/**
 * What a notification tells, one message per kind (`notification.<KIND>`), from its parameters —
 * never from prose the service wrote (DOMAIN.md § Notifications). The parameters arrive as the API
 * sends them and are put in words by `i18n/notifications.ts` (an instant, an enum value, an amount);
 * a yes/no arrives as `yes` or `no` for a `select`, a side as its code. The kind's short name is its enum value's words.
 */
export const NOTIFICATIONS = {
  PROPOSAL_RECEIVED: m(
    `A ${t.seller.en} sent you a ${t.proposal.en}: “{title}”. Answer by {scriptDueAt}.`,
    `${t.seller.zh}向你发来${t.proposal.zh}：“{title}”。请在 {scriptDueAt} 前答复。`,
  ),
  PROPOSAL_ACCEPTED: m(
    `The ${t.creator.en} accepted your ${t.proposal.en}.`,
    `${t.creator.zh}接受了你的${t.proposal.zh}。`,
  ),
  PROPOSAL_DECLINED: m(
    `The ${t.creator.en} declined your ${t.proposal.en}.`,
    `${t.creator.zh}拒绝了你的${t.proposal.zh}。`,
  ),
  PROPOSAL_WITHDRAWN: m(
    `The ${t.seller.en} withdrew the ${t.proposal.en}.`,
    `${t.seller.zh}撤回了${t.proposal.zh}。`,
  ),
  PROPOSAL_EXPIRED: m(
    `The ${t.proposal.en} expired: it was not answered by the ${t.script.en} due date.`,
    `${t.proposal.zh}已过期：截至脚本交付日仍未答复。`,
  ),
  COLLABORATION_CANCELLED: m(
    `The ${t.collaboration.en} was cancelled by the ${who('cancelledBy', 'en')}.`,
    `${t.collaboration.zh}已被${who('cancelledBy', 'zh')}取消。`,
  ),
  SCRIPT_SUBMITTED: m(
    `${cap(t.script.en)} version {version} waits for your review.`,
    `${t.script.zh}第 {version} 版等待你审核。`,
  ),
  REVISION_REQUESTED: m(
    `The ${t.seller.en} asked for revision {revisionNumber} of ${t.script.en} version {scriptVersion}.`,
    `${t.seller.zh}对${t.script.zh}第 {scriptVersion} 版提出第 {revisionNumber} 次${t.revisionRequest.zh}。`,
  ),
  SCRIPT_APPROVED: m(
    `The ${t.seller.en} approved ${t.script.en} version {scriptVersion}.`,
    `${t.seller.zh}通过了${t.script.zh}第 {scriptVersion} 版。`,
  ),
  SCRIPT_AUTO_APPROVED: m(
    `${cap(t.script.en)} version {scriptVersion} was approved by the ${t.platform.en}: no answer for 7 days.`,
    `${t.script.zh}第 {scriptVersion} 版 7 天未获答复，已由${t.platform.zh}自动通过。`,
  ),
  CONTENT_PUBLISHED: m(
    `The ${t.creator.en} published on {platform}{late, select, yes {, {lateByHours} h late} other {}}.`,
    `${t.creator.zh}已在 {platform} 发布{late, select, yes {，迟了 {lateByHours} 小时} other {}}。`,
  ),
  CONTENT_REVIEWED: m(
    `The ${t.seller.en} {accepted, select, yes {accepted the content} other {found issues in the content: {issues}}}.`,
    `${t.seller.zh}{accepted, select, yes {已验收内容} other {认为内容有问题：{issues}}}。`,
  ),
  CONTENT_AUTO_ACCEPTED: m(
    `The content was accepted by the ${t.platform.en}: no ${t.contentReview.en} for 7 days.`,
    `内容 7 天未${t.contentReview.zh}，已由${t.platform.zh}自动验收。`,
  ),
  METRICS_RECORDED: m(
    `New ${t.metrics.en}{final, select, yes { (final)} other {}}{inconsistent, select, yes {: lower than before} other {}}.`,
    `新的${t.metrics.zh}{final, select, yes {（最终数据）} other {}}{inconsistent, select, yes {：低于此前记录} other {}}。`,
  ),
  MESSAGE_POSTED: m(
    `The ${who('side', 'en')} sent a ${t.message.en}.`,
    `${who('side', 'zh')}发来一条${t.message.zh}。`,
  ),
  COLLABORATION_COMPLETED: m(
    `The ${t.collaboration.en} is completed{targetsMet, select, yes {, every metric target met} other {}}. Rate it by {ratingWindowClosesAt}.`,
    `${t.collaboration.zh}已完成{targetsMet, select, yes {，全部数据目标已达成} other {}}。请在 {ratingWindowClosesAt} 前评价。`,
  ),
  PAYMENT_DUE: m(`{milestone} of {amount} is due.`, `{milestone}（{amount}）待支付。`),
  PAYMENT_RELEASED: m(`{milestone} of {amount} was released.`, `{milestone}（{amount}）已放款。`),
  PAYMENT_HELD: m(`{milestone} is held: {reason}.`, `{milestone}${t.hold.zh}：{reason}。`),
  PAYMENT_HOLD_LIFTED: m(`The ${t.hold.en} on {milestone} was lifted.`, `{milestone}已解除${t.hold.zh}。`),
  PAYMENT_REFUNDED: m(`{milestone} of {amount} was refunded.`, `{milestone}（{amount}）已${t.refund.zh}。`),
  RATING_RECEIVED: m(
    `The other side rated you. You will see it once you have rated too, or when the ${t.rating.en} window closes.`,
    `对方已评价你。你也评价后，或评价期结束时，即可看到。`,
  ),
  RATINGS_REVEALED: m(`The ${t.rating.en}s were revealed: {reason}.`, `${t.rating.zh}已公开：{reason}。`),
  RATING_REVIEWED: m(
    `An ${t.arbitrator.en} reviewed your ${t.rating.en}: {decision}.`,
    `${t.arbitrator.zh}审核了你的${t.rating.zh}：{decision}。`,
  ),
  DISPUTE_OPENED: m(
    `The other side opened ${t.dispute.en} {disputeId}: {reason}.`,
    `对方发起了${t.dispute.zh} {disputeId}：{reason}。`,
  ),
  DISPUTE_EVIDENCE_ADDED: m(
    `The other side added ${t.evidence.en} to ${t.dispute.en} {disputeId}: {evidenceKind}.`,
    `对方为${t.dispute.zh} {disputeId} 提交了${t.evidence.zh}：{evidenceKind}。`,
  ),
  DISPUTE_STATEMENT_ADDED: m(
    `The ${who('side', 'en')} added a ${t.statement.en} to ${t.dispute.en} {disputeId}.`,
    `${who('side', 'zh')}为${t.dispute.zh} {disputeId} 提交了${t.statement.zh}。`,
  ),
  DISPUTE_RESOLVED: m(
    `${cap(t.dispute.en)} {disputeId} was resolved: {outcome}.`,
    `${t.dispute.zh} {disputeId} 已裁决：{outcome}。`,
  ),
  DEADLINE_REMINDER: m(
    `In {hoursBefore} h, on {dueAt}, the ${t.platform.en} acts in your place: {rule}.`,
    `{hoursBefore} 小时后（{dueAt}），${t.platform.zh}将代你处理：{rule}。`,
  ),
  WEBHOOK_ENDPOINT_DISABLED: m(
    `Webhook endpoint {endpointId} was disabled: {reason}{failingSince, select, none {} other { (failing since {failingSince})}}. Enable it to resume deliveries from where they stopped.`,
    `Webhook 端点 {endpointId} 已停用：{reason}{failingSince, select, none {} other {（自 {failingSince} 起失败）}}。重新启用后，从中断处继续投递。`,
  ),
  REVIEW_REPLIED: m(
    `The other side replied to your ${t.review.en}.`,
    `对方${t.reply.zh}了你的${t.review.zh}。`,
  ),
  REVIEW_REPORT_DISMISSED: m(
    `An ${t.arbitrator.en} dismissed your ${t.report.en}: the ${t.review.en} stays as written.`,
    `${t.arbitrator.zh}驳回了你的${t.report.zh}：该${t.review.zh}保持原样。`,
  ),
  REVIEW_TEXT_REMOVED: m(
    `An ${t.arbitrator.en} removed the text of a ${t.review.en}: {reason}. Its scores still count.`,
    `${t.arbitrator.zh}删除了一条${t.review.zh}的文字：{reason}。其评分仍然计入。`,
  ),
  REVIEW_REPORT_ESCALATED: m(
    `Your ${t.report.en} was not decided within 10 days: it is escalated.`,
    `你的${t.report.zh} 10 天内未获处理，已${t.escalation.zh}。`,
  ),
  VERIFICATION_APPROVED: m(
    `An ${t.arbitrator.en} verified {platform, select, none {{language, select, none {your account} other {your language {language}}}} other {your {platform} account}}.`,
    `${t.arbitrator.zh}已认证{platform, select, none {{language, select, none {你的账号} other {你的语言 {language}}}} other {你的 {platform} 账号}}。`,
  ),
  VERIFICATION_REJECTED: m(
    `An ${t.arbitrator.en} did not grant your verification; the reason is on your profile.`,
    `${t.arbitrator.zh}未通过你的认证申请，原因见你的资料页。`,
  ),
  COUNTER_OFFER_RECEIVED: m(
    `The other side made ${t.counterOffer.en} {round}: {amount}, ${t.script.en} by {scriptDueAt}, publish by {publishDueAt}.`,
    `对方提出第 {round} 次${t.counterOffer.zh}：{amount}，脚本 {scriptDueAt} 前交付，{publishDueAt} 前发布。`,
  ),
  COUNTER_OFFER_ACCEPTED: m(
    `The other side accepted ${t.counterOffer.en} {round}: its terms are the ${t.brief.en}.`,
    `对方接受了第 {round} 次${t.counterOffer.zh}，其条款即为${t.brief.zh}。`,
  ),
  CONTENT_FIXED: m(
    `The ${t.creator.en} recorded ${t.contentFix.en} {fixNumber}{late, select, yes {, after its deadline} other {}}: it waits for your review.`,
    `${t.creator.zh}完成第 {fixNumber} 次${t.contentFix.zh}{late, select, yes {（已逾期）} other {}}，等待你验收。`,
  ),
  CONTENT_FIX_OVERDUE: m(
    `The content was not fixed in the days the ${t.brief.en} gives; the final payment stays held.`,
    `内容未在${t.brief.zh}规定的天数内${t.contentFix.zh}，尾款继续暂停支付。`,
  ),
  COLLABORATION_AUTO_COMPLETED: m(
    `The ${t.platform.en} completed the ${t.collaboration.en}: nobody completed it 3 days after the measurement window.`,
    `数据稳定期结束 3 天后仍未完成，${t.platform.zh}已自动完成${t.collaboration.zh}。`,
  ),
  DISPUTE_RESPONSE_MISSED: m(
    `The ${who('side', 'en')} did not state its case in ${t.dispute.en} {disputeId} within 5 days; the ${t.dispute.en} goes on.`,
    `${who('side', 'zh')}未在 5 天内就${t.dispute.zh} {disputeId} 陈述，${t.dispute.zh}继续进行。`,
  ),
  DISPUTE_ESCALATED: m(
    `${cap(t.dispute.en)} {disputeId} was not decided within 30 days: it is escalated.`,
    `${t.dispute.zh} {disputeId} 30 天内未获裁决，已${t.escalation.zh}。`,
  ),
  USAGE_RIGHTS_ENDED: m(
    `The ${t.usageRights.en} of the content ended.`,
    `该内容的${t.usageRights.zh}已到期。`,
  ),
  USAGE_RIGHTS_EXTENSION_PROPOSED: m(
    `The ${t.seller.en} proposes to extend the ${t.usageRights.en} to {endsAt}{amount, select, none {} other { for {amount}}}.`,
    `${t.seller.zh}提议将${t.usageRights.zh}延长至 {endsAt}{amount, select, none {} other {，费用 {amount}}}。`,
  ),
  USAGE_RIGHTS_EXTENDED: m(
    `The ${t.creator.en} accepted: the ${t.usageRights.en} run to {endsAt}.`,
    `${t.creator.zh}已接受，${t.usageRights.zh}延长至 {endsAt}。`,
  ),
  USAGE_RIGHTS_EXTENSION_DECLINED: m(
    `The ${t.creator.en} declined the ${t.usageRightsExtension.en}.`,
    `${t.creator.zh}拒绝了${t.usageRightsExtension.zh}。`,
  ),
} as const satisfies Record<string, Message>;

export type NotificationKind = keyof typeof NOTIFICATIONS;

export const notificationKey = (kind: string): string => `notification.${kind}`;
