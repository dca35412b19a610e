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
} as const satisfies Record<string, Message>;

export type NotificationKind = keyof typeof NOTIFICATIONS;

export const notificationKey = (kind: string): string => `notification.${kind}`;
