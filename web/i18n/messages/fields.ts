import type { EnumType } from './enums.js';
import { cap, m, t, type Message } from './message.js';

/**
 * The fields of a collaboration's state (what `collaborationHistory` and `collaborationAsOf` answer
 * as `state`), each with its words (`field.<path>`) and how its value reads: the audit views name a
 * changed field and show its value with these, never with the code's path. A list's elements are
 * named by what they are (the deposit, script version 2, the seller's rating), not by their index.
 */
export type ValueKind =
  | { readonly kind: 'text' | 'id' | 'url' | 'hash' | 'date' | 'boolean' | 'count' | 'hours' | 'days' }
  | { readonly kind: 'money' | 'percentInt' | 'ratio' | 'score' | 'months' | 'country' | 'language' }
  /** An amount in minor units of the brief's fee currency. */
  | { readonly kind: 'minorOfFee' }
  | { readonly kind: 'enum'; readonly type: EnumType };

/** How an element of a list is named: by an enum value of one of its fields, or a message with its fields. */
export type ItemName =
  | { readonly enumOf: string; readonly type: EnumType }
  | {
      readonly message: Message;
      readonly params: (item: Record<string, unknown>, index: number) => Record<string, unknown>;
    };

export interface FieldNode {
  readonly label: Message;
  /** A leaf's value. */
  readonly value?: ValueKind;
  /** An object's fields. */
  readonly fields?: Readonly<Record<string, FieldNode>>;
  /** A list's elements (or a record's values: `keys` names them). */
  readonly items?: ItemNode;
  readonly itemName?: ItemName;
  /** A record keyed by enum values (a rating's scores). */
  readonly keys?: EnumType;
}

/** The elements of a list: named by `itemName`, or by the list itself when they are plain values. */
export type ItemNode = Omit<FieldNode, 'label'>;

const leaf = (label: Message, value: ValueKind): FieldNode => ({ label, value });
const group = (label: Message, fields: Record<string, FieldNode>): FieldNode => ({ label, fields });
const list = (label: Message, items: ItemNode, itemName?: ItemName): FieldNode =>
  itemName ? { label, items, itemName } : { label, items };

const each = (fields: Record<string, FieldNode>): ItemNode => ({ fields });

const text = { kind: 'text' } as const;
const id = { kind: 'id' } as const;
const date = { kind: 'date' } as const;
const yes = { kind: 'boolean' } as const;
const count = { kind: 'count' } as const;
const money = { kind: 'money' } as const;
const enumOf = (type: EnumType): ValueKind => ({ kind: 'enum', type });
const nth = (en: string, zh: string): ItemName => ({
  message: m(en, zh),
  params: (_, index) => ({ n: index + 1 }),
});

const deliverables = list(
  m('Deliverables', '交付内容'),
  each({
    description: leaf(m('Description', '说明'), text),
    quantity: leaf(m('Quantity', '数量'), count),
  }),
  nth('Deliverable {n}', '交付内容 {n}'),
);

const brief = group(m(cap(t.brief.en), t.brief.zh), {
  title: leaf(m('Title', '标题'), text),
  product: group(m('Product', '产品'), {
    name: leaf(m('Name', '名称'), text),
    category: leaf(m(cap(t.category.en), t.category.zh), enumOf('Category')),
    url: leaf(m('Link', '链接'), { kind: 'url' }),
  }),
  targetMarkets: list(m('Target markets', t.market.zh), { value: { kind: 'country' } }),
  language: leaf(m('Language', '语言'), { kind: 'language' }),
  contentFormat: leaf(m(cap(t.contentFormat.en), t.contentFormat.zh), enumOf('ContentFormat')),
  platforms: list(m('Platforms', '发布平台'), { value: enumOf('Platform') }),
  deliverables,
  scriptDueAt: leaf(m('Script due', '脚本交付日'), date),
  publishDueAt: leaf(m('Publish due', '发布截止日'), date),
  fee: leaf(m(cap(t.fee.en), t.fee.zh), money),
  paymentMilestones: list(
    m('Payment plan', '分阶段付款'),
    each({
      name: leaf(m('Name', '名称'), enumOf('MilestoneName')),
      percent: leaf(m('Share of the fee', '占费用比例'), { kind: 'percentInt' }),
      dueOn: leaf(m('Due', '到期条件'), enumOf('MilestoneTrigger')),
    }),
    { enumOf: 'name', type: 'MilestoneName' },
  ),
  revisionLimit: leaf(m(cap(t.revisionLimit.en), t.revisionLimit.zh), count),
  measurementWindowDays: leaf(m(cap(t.measurementWindow.en), t.measurementWindow.zh), { kind: 'days' }),
  metricTargets: group(m('Metric targets', '数据目标'), {
    minViews: leaf(m('Minimum views', '最低播放量'), count),
    minEngagementRate: leaf(m('Minimum engagement rate', '最低互动率'), { kind: 'ratio' }),
    minClicks: leaf(m('Minimum clicks', '最低引流点击'), count),
    minOrders: leaf(m('Minimum orders', '最低转化订单'), count),
    minGmvMinor: leaf(m('Minimum GMV', '最低 GMV'), { kind: 'minorOfFee' }),
  }),
  usageRights: group(m(cap(t.usageRights.en), t.usageRights.zh), {
    scope: list(m('Scope', '使用范围'), { value: enumOf('UsageScope') }),
    platforms: list(m('Platforms', '平台'), { value: enumOf('Platform') }),
    months: leaf(m('Months after publishing', '发布后月数'), { kind: 'months' }),
    endsAt: leaf(m('Ends', '到期日'), date),
  }),
  disclosure: group(m(cap(t.disclosure.en), t.disclosure.zh), {
    required: leaf(m('Required', '是否必须'), yes),
    tag: leaf(m('Tag', '标注'), text),
  }),
  tracking: group(m(cap(t.tracking.en), t.tracking.zh), {
    utmLink: leaf(m('UTM link', 'UTM 链接'), { kind: 'url' }),
    discountCode: leaf(m(cap(t.discountCode.en), t.discountCode.zh), text),
  }),
  notes: leaf(m('Notes', '备注'), text),
  fixDays: leaf(m('Days to fix content', '内容整改期限'), { kind: 'days' }),
  negotiationRounds: leaf(m('Counter-offers allowed', '可还价轮数'), count),
});

const metricCounter = (en: string, zh: string) => leaf(m(en, zh), count);

/** A collaboration's state, field by field (src/contexts/collaboration/collaboration.state.ts). */
export const STATE_FIELDS: Readonly<Record<string, FieldNode>> = {
  collaborationId: leaf(m(cap(t.collaboration.en), t.collaboration.zh), id),
  status: leaf(m('Status', '状态'), enumOf('CollaborationStatus')),
  sellerId: leaf(m(cap(t.seller.en), t.seller.zh), id),
  creatorId: leaf(m(cap(t.creator.en), t.creator.zh), id),
  brief,
  proposedAt: leaf(m('Proposed', '邀请发出时间'), date),
  scripts: list(
    m('Scripts', t.script.zh),
    each({
      version: leaf(m('Version', '版本'), count),
      submittedAt: leaf(m('Submitted', '提交时间'), date),
      outcome: leaf(m('Answer', '答复'), enumOf('ScriptOutcome')),
    }),
    {
      message: m('Script version {version}', '第 {version} 版脚本'),
      params: (item) => ({ version: item.version }),
    },
  ),
  revisionsRequested: leaf(m('Revisions requested', '已提修改意见次数'), count),
  publish: group(m('Publishing', t.publish.zh), {
    platform: leaf(m('Platform', '平台'), enumOf('Platform')),
    url: leaf(m('Link', '链接'), { kind: 'url' }),
    publishedAt: leaf(m('Published', '发布时间'), date),
    publishDueAt: leaf(m('Publish due', '发布截止日'), date),
    late: leaf(m('Late', '是否延迟'), yes),
    lateByHours: leaf(m('Late by', '延迟'), { kind: 'hours' }),
    recordedAt: leaf(m('Recorded', '记录时间'), date),
  }),
  contentReview: leaf(m(cap(t.contentReview.en), t.contentReview.zh), enumOf('ContentReviewState')),
  snapshots: list(
    m('Metrics snapshots', t.metrics.zh),
    each({
      snapshotId: leaf(m('Snapshot', '数据编号'), id),
      source: leaf(m('Source', '来源'), enumOf('MetricsSource')),
      integration: leaf(m('Integration', '数据对接'), text),
      capturedAt: leaf(m('Captured', '采集时间'), date),
      views: metricCounter(cap(t.views.en), t.views.zh),
      likes: metricCounter(cap(t.likes.en), t.likes.zh),
      comments: metricCounter(cap(t.comments.en), t.comments.zh),
      shares: metricCounter(cap(t.shares.en), t.shares.zh),
      clicks: metricCounter(cap(t.clicks.en), t.clicks.zh),
      orders: metricCounter(cap(t.orders.en), t.orders.zh),
      gmv: leaf(m(t.gmv.en, t.gmv.zh), money),
      final: leaf(m('Final', '是否为最终数据'), yes),
      inconsistent: leaf(m('A counter went down', '数据前后矛盾'), yes),
      inconsistentFields: list(m('Counters that went down', '下降的指标'), { value: enumOf('MetricsField') }),
    }),
    nth('Metrics snapshot {n}', '第 {n} 次推广数据'),
  ),
  completedAt: leaf(m('Completed', '完成时间'), date),
  ratingWindowClosesAt: leaf(m('Rating window closes', '评价期截止'), date),
  ratingWindowClosed: leaf(m('Rating window closed', '评价期已结束'), yes),
  disputeWindowClosesAt: leaf(m('Disputes possible until', '可发起争议截止'), date),
  milestones: list(
    m('Payment milestones', t.milestone.zh),
    each({
      name: leaf(m('Name', '名称'), enumOf('MilestoneName')),
      percent: leaf(m('Share of the fee', '占费用比例'), { kind: 'percentInt' }),
      dueOn: leaf(m('Due', '到期条件'), enumOf('MilestoneTrigger')),
      amount: leaf(m('Amount', '金额'), money),
      due: leaf(m('Due now', '已到期'), yes),
      settlement: leaf(m('Settlement', '结算'), enumOf('Settlement')),
      disputeHold: leaf(m('Held by dispute', '因争议暂停支付'), id),
      targetsMissed: list(m('Held for missed targets', '因未达标暂停支付'), {
        value: enumOf('MetricTarget'),
      }),
      contentHold: leaf(m('Held until the content is accepted', '待内容验收后支付'), yes),
      extensionId: leaf(m(`For the ${t.usageRightsExtension.en}`, `${t.usageRightsExtension.zh}费用`), id),
    }),
    { enumOf: 'name', type: 'MilestoneName' },
  ),
  ratings: list(
    m('Ratings', t.rating.zh),
    each({
      ratingId: leaf(m(cap(t.rating.en), '评价编号'), id),
      direction: leaf(m('Who rates whom', '评价方向'), enumOf('RatingDirection')),
      raterId: leaf(m('Rated by', '评价人'), id),
      rateeId: leaf(m('Rated', '被评价人'), id),
      scores: {
        label: m('Scores', t.score.zh),
        keys: 'RatingDimension',
        items: { value: { kind: 'score' } },
      },
      comment: leaf(m('Comment', '文字反馈'), text),
      tags: list(m('Tags', t.tag.zh), { value: enumOf('RatingTag') }),
      ratedAt: leaf(m('Rated', '评价时间'), date),
      revealed: leaf(m('Revealed', '已公开'), yes),
      flags: list(m('Flagged for review', '审核标记'), { value: enumOf('RatingFlagRule') }),
      review: leaf(m(cap(t.ratingReview.en), t.ratingReview.zh), enumOf('RatingReviewState')),
      revealedAt: leaf(m('Revealed', '公开时间'), date),
      reply: group(m(cap(t.reply.en), t.reply.zh), {
        side: leaf(m('By', '回复方'), enumOf('Side')),
        text: leaf(m('Text', '内容'), text),
        repliedAt: leaf(m('Replied', '回复时间'), date),
      }),
      removal: group(m('Text removed by arbitration', '文字经仲裁删除'), {
        reportId: leaf(m(cap(t.report.en), '举报编号'), id),
        reason: leaf(m('Reason', '原因'), enumOf('ReportReason')),
        note: leaf(m('Note', '说明'), text),
        removedAt: leaf(m('Removed', '删除时间'), date),
      }),
    }),
    { enumOf: 'direction', type: 'RatingDirection' },
  ),
  reports: list(
    m(`${cap(t.report.en)}s of ${t.review.en}s`, `${t.review.zh}${t.report.zh}`),
    each({
      reportId: leaf(m(cap(t.report.en), '举报编号'), id),
      ratingId: leaf(m(cap(t.review.en), '评价编号'), id),
      side: leaf(m('Reported by', '举报方'), enumOf('Side')),
      reason: leaf(m('Reason', '原因'), enumOf('ReportReason')),
      statement: leaf(m(cap(t.statement.en), t.statement.zh), text),
      evidence: list(m('Evidence files (SHA-256)', '证据文件（SHA-256）'), { value: { kind: 'hash' } }),
      reportedAt: leaf(m('Reported', '举报时间'), date),
      status: leaf(m('Status', '状态'), enumOf('ReportStatus')),
      decidedAt: leaf(m('Decided', '处理时间'), date),
      escalatedAt: leaf(m('Escalated', '升级时间'), date),
    }),
    {
      message: m('Report {id}', '举报 {id}'),
      params: (item) => ({ id: item.reportId }),
    },
  ),
  disputes: list(
    m('Disputes', t.dispute.zh),
    each({
      disputeId: leaf(m(cap(t.dispute.en), '争议编号'), id),
      openedBy: leaf(m('Opened by', '发起方'), enumOf('Side')),
      openedAt: leaf(m('Opened', '发起时间'), date),
      evidenceHashes: list(m('Evidence files (SHA-256)', '证据文件（SHA-256）'), { value: { kind: 'hash' } }),
      outcome: leaf(m(cap(t.outcome.en), t.outcome.zh), enumOf('DisputeOutcome')),
      respondedAt: leaf(m('The other side answered', `被${t.dispute.zh}方回应时间`), date),
      responseMissed: leaf(m('No answer in 5 days', `被${t.dispute.zh}方 5 天内未回应`), yes),
      escalated: leaf(m(cap(t.escalation.en), t.escalation.zh), yes),
      resolvedAt: leaf(m('Resolved', '裁决时间'), date),
    }),
    {
      message: m('Dispute {id}', '争议 {id}'),
      params: (item) => ({ id: item.disputeId }),
    },
  ),
  openDisputeId: leaf(m('Open dispute', '处理中的争议'), id),
  messages: leaf(m('Messages', t.message.zh), count),
  negotiation: group(m('Negotiation', '议价'), {
    offers: list(
      m('Offers', '报价'),
      each({
        round: leaf(m('Round', '轮次'), count),
        by: leaf(m('Offered by', '报价方'), enumOf('Side')),
        fee: leaf(m(cap(t.fee.en), t.fee.zh), money),
        scriptDueAt: leaf(m('Script due', '脚本交付日'), date),
        publishDueAt: leaf(m('Publish due', '发布截止日'), date),
        deliverables: deliverables,
        note: leaf(m('Note', '说明'), text),
        at: leaf(m('Offered', '报价时间'), date),
      }),
      {
        message: m(
          `{round, select, 0 {The ${t.proposal.en}} other {${cap(t.counterOffer.en)} {round}}}`,
          `{round, select, 0 {${t.proposal.zh}} other {第 {round} 次${t.counterOffer.zh}}}`,
        ),
        params: (item) => ({ round: item.round }),
      },
    ),
    agreedRound: leaf(m(`${cap(t.counterOffer.en)} agreed`, `达成一致的${t.counterOffer.zh}`), count),
  }),
  contentFix: group(m(`Content ${t.contentFix.en}es`, `内容${t.contentFix.zh}`), {
    issues: list(m('Issues found', '发现的问题'), { value: enumOf('ContentIssue') }),
    required: leaf(m('Fix required', `须${t.contentFix.zh}`), yes),
    reviewedAt: leaf(m('Reviewed', '验收时间'), date),
    dueAt: leaf(m('Fix due', `${t.contentFix.zh}截止`), date),
    fixes: leaf(m('Fixes', `${t.contentFix.zh}次数`), count),
    fixedAt: leaf(m('Fixed', `${t.contentFix.zh}时间`), date),
    overdue: leaf(m('Fix overdue', `${t.contentFix.zh}逾期`), yes),
    lateFixes: leaf(m('Fixes late or missed', `逾期或未完成的${t.contentFix.zh}`), count),
  }),
  usageRights: group(m(cap(t.usageRights.en), t.usageRights.zh), {
    scope: list(m('Scope', '使用范围'), { value: enumOf('UsageScope') }),
    platforms: list(m('Platforms', '平台'), { value: enumOf('Platform') }),
    endsAt: leaf(m('Ends', '到期日'), date),
    ended: leaf(m('Ended', '已到期'), yes),
    extensionIds: list(m('Extensions proposed', `已提出的${t.usageRightsExtension.zh}`), { value: id }),
    extensions: leaf(m('Extensions accepted', `已接受的${t.usageRightsExtension.zh}`), count),
    pendingExtension: group(m('Extension awaiting the creator', `等待${t.creator.zh}答复的续期`), {
      extensionId: leaf(m(cap(t.usageRightsExtension.en), '续期编号'), id),
      scope: list(m('Scope', '使用范围'), { value: enumOf('UsageScope') }),
      platforms: list(m('Platforms', '平台'), { value: enumOf('Platform') }),
      endsAt: leaf(m('Ends', '到期日'), date),
      fee: leaf(m(cap(t.fee.en), t.fee.zh), money),
      note: leaf(m('Note', '说明'), text),
      proposedAt: leaf(m('Proposed', '提出时间'), date),
    }),
  }),
  reminders: list(
    m('Reminders sent', '已发送的提醒'),
    each({
      rule: leaf(m('Deadline', '期限'), enumOf('DeadlineRule')),
      dueAt: leaf(m('Falls due', '到期时间'), date),
      hoursBefore: leaf(m('Hours before', '提前小时数'), { kind: 'hours' }),
    }),
    {
      message: m('Reminder {hours} h before', '提前 {hours} 小时的提醒'),
      params: (item) => ({ hours: item.hoursBefore }),
    },
  ),
};

/** Every label of the tree by its message id: `field.<path>`, and `field.<path>.item` for named elements. */
export const fieldMessages = (): Record<string, Message> => {
  const out: Record<string, Message> = {};
  const walk = (path: string, node: FieldNode) => {
    out[`field.${path}`] = node.label;
    if (node.itemName && 'message' in node.itemName) out[`field.${path}.item`] = node.itemName.message;
    for (const [name, child] of Object.entries(node.fields ?? {})) walk(`${path}.${name}`, child);
    if (node.items?.fields) {
      for (const [name, child] of Object.entries(node.items.fields)) walk(`${path}.${name}`, child);
    }
  };
  for (const [name, node] of Object.entries(STATE_FIELDS)) walk(name, node);
  return out;
};
