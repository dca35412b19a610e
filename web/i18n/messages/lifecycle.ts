import { cap, m, t, type Messages } from './message.js';

/**
 * The console's words for the lifecycle after the first steps (docs/DOMAIN.md § Negotiation,
 * § Acceptance, § Deadlines, § Usage rights): the deadlines running, the negotiation's rounds, the
 * content's fix, the dispute's clocks, usage rights and those ending soon.
 */
export const LIFECYCLE: Messages = {
  'lifecycle.title': m('Where it stands', '当前进展'),
  'lifecycle.loading': m('Loading where it stands…', '正在加载当前进展…'),
  'lifecycle.deadlines': m('Deadlines running', '进行中的期限'),
  'lifecycle.noDeadline': m('No deadline is running.', '当前没有进行中的期限。'),
  'lifecycle.deadline': m('{rule}: the platform acts on {dueAt}', '{rule}：平台将于 {dueAt} 执行'),

  'negotiation.title': m('Negotiation', '议价'),
  'negotiation.offer': m(
    `{round, select, 0 {The ${t.proposal.en}} other {${cap(t.counterOffer.en)} {round}}}`,
    `{round, select, 0 {${t.proposal.zh}} other {第 {round} 次${t.counterOffer.zh}}}`,
  ),
  'negotiation.by': m('By', '报价方'),
  'negotiation.fee': m(cap(t.fee.en), t.fee.zh),
  'negotiation.scriptDue': m('Script due', '脚本交付日'),
  'negotiation.publishDue': m('Publish due', '发布截止日'),
  'negotiation.deliverables': m('Deliverables', '交付内容'),
  'negotiation.deliverable': m('{quantity} × {description}', '{quantity} × {description}'),
  'negotiation.note': m('Note', '说明'),
  'negotiation.offered': m('Offered', '报价时间'),
  'negotiation.awaiting': m(
    '{side} to answer the latest offer; {left, plural, =0 {no counter-offer is left: accept or decline} one {# counter-offer is left} other {# counter-offers are left}}.',
    `最新报价等待{side}答复；{left, plural, =0 {已无还价机会：接受或拒绝} other {还可还价 # 次}}。`,
  ),
  'negotiation.agreed': m(
    `Agreed on {round, select, 0 {the ${t.proposal.en}} other {${t.counterOffer.en} {round}}}: its terms are the ${t.brief.en}.`,
    `双方就{round, select, 0 {${t.proposal.zh}} other {第 {round} 次${t.counterOffer.zh}}}达成一致，其条款即为${t.brief.zh}。`,
  ),
  'negotiation.asProposed': m(
    'Accepted as proposed, without a counter-offer.',
    `未经${t.counterOffer.zh}，按邀请条款接受。`,
  ),

  'fix.title': m(cap(t.contentReview.en), t.contentReview.zh),
  'fix.issues': m('Issues found on {at}: {issues}.', '{at} 验收发现问题：{issues}。'),
  'fix.flagOnly': m(
    'Only the ad disclosure is missing: a compliance flag; no fix is asked and the final payment is not held.',
    '仅缺少广告标注：记为合规问题，无需整改，也不暂停尾款。',
  ),
  'fix.due': m(`The ${t.contentFix.en} is due by {dueAt}.`, `须在 {dueAt} 前完成${t.contentFix.zh}。`),
  'fix.overdue': m(
    `The ${t.contentFix.en} was not recorded by {dueAt}.`,
    `未在 {dueAt} 前完成${t.contentFix.zh}。`,
  ),
  'fix.fixed': m(
    `{fixes, plural, one {Fixed once} other {Fixed # times}}, last on {fixedAt}: awaiting the ${t.seller.en}, or the platform after 7 days.`,
    `已${t.contentFix.zh} {fixes} 次，最近一次于 {fixedAt}：等待${t.seller.zh}答复，7 天无答复则由平台验收。`,
  ),
  'fix.accepted': m('The content is accepted.', '内容已通过验收。'),

  'rights.title': m(cap(t.usageRights.en), t.usageRights.zh),
  'rights.none': m(
    'No usage rights were granted: the seller may not reuse the content.',
    `未授予${t.usageRights.zh}：${t.seller.zh}不得二次使用内容。`,
  ),
  'rights.scope': m('{scope}, on {platforms}.', '{platforms}：{scope}。'),
  'rights.ends': m('They end on {endsAt}.', '{endsAt} 到期。'),
  'rights.endsAfterPublish': m(
    'They end {months, plural, one {# month} other {# months}} after publishing.',
    '发布后 {months} 个月到期。',
  ),
  'rights.ended': m('They ended on {endsAt}.', '已于 {endsAt} 到期。'),
  'rights.extensions': m(
    '{count, plural, one {Extended once} other {Extended # times}}.',
    `已${t.usageRightsExtension.zh} {count} 次。`,
  ),
  'rights.pending': m(
    `A ${t.usageRightsExtension.en} to {endsAt} awaits the ${t.creator.en}.`,
    `延长至 {endsAt} 的${t.usageRightsExtension.zh}正在等待${t.creator.zh}答复。`,
  ),
  'rights.pendingFee': m(
    `A ${t.usageRightsExtension.en} to {endsAt}, for {fee}, awaits the ${t.creator.en}.`,
    `延长至 {endsAt}、费用 {fee} 的${t.usageRightsExtension.zh}正在等待${t.creator.zh}答复。`,
  ),
  'rights.feeMilestone': m(
    `${cap(t.usageRightsExtension.en)} fee {n}`,
    `${t.usageRightsExtension.zh}费用 {n}`,
  ),

  'ending.title': m(`${cap(t.usageRights.en)} ending within 30 days`, `30 天内到期的${t.usageRights.zh}`),
  'ending.loading': m('Loading usage rights…', `正在加载${t.usageRights.zh}…`),
  'ending.none': m('No usage rights end within 30 days.', `30 天内没有到期的${t.usageRights.zh}。`),
  'ending.content': m('Content', '内容'),
  'ending.scope': m('Scope', '使用范围'),
  'ending.ends': m('Ends', '到期日'),
  'ending.daysLeft': m(
    '{days, plural, =0 {today} one {in # day} other {in # days}}',
    '{days, plural, =0 {今天} other {# 天后}}',
  ),
  'ending.extension': m('Extension to {endsAt} proposed', '已提出延长至 {endsAt}'),

  'dispute.clocks.response': m('{side} states its case by {dueAt}.', '{side}须在 {dueAt} 前陈述。'),
  'dispute.clocks.answered': m('{side} stated its case on {at}.', '{side}已于 {at} 陈述。'),
  'dispute.clocks.missed': m(
    '{side} stated nothing by {dueAt}; the dispute goes on.',
    '{side}未在 {dueAt} 前陈述；争议继续处理。',
  ),
  'dispute.clocks.decision': m(
    `An ${t.arbitrator.en} decides by {dueAt}.`,
    `${t.arbitrator.zh}须在 {dueAt} 前裁决。`,
  ),
  'dispute.clocks.escalated': m(
    `No decision by {dueAt}: ${t.escalation.en} since {at}.`,
    `{dueAt} 前未裁决：自 {at} 起${t.escalation.zh}。`,
  ),
  'disputes.escalatedOnly': m(
    'escalated: open, no decision in 30 days',
    `已${t.escalation.zh}：处理中，30 天未裁决`,
  ),
  'disputes.escalated': m('escalated', `已${t.escalation.zh}`),
  'dispute.deadline': m('The platform recorded: {rule}.', '平台记录：{rule}。'),
  'detail.rule': m('Rule', '规则'),
};
