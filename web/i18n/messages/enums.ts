import { cap, m, t, type Message } from './message.js';

/**
 * Every enum value a person may meet, as a person says it: `enum.<Type>.<VALUE>`. The types of the
 * API's schema (schema/schema.graphql) come first, each with every value it has (a unit test fails on
 * a value without its words); then the words of values the API sends inside event data and states
 * (JSON) that the schema does not type.
 */
const schemaEnums = {
  Role: {
    SELLER: m(cap(t.seller.en), t.seller.zh),
    CREATOR: m(cap(t.creator.en), t.creator.zh),
    ARBITRATOR: m(cap(t.arbitrator.en), t.arbitrator.zh),
    AUDITOR: m(cap(t.auditor.en), t.auditor.zh),
  },
  CollaborationStatus: {
    PROPOSED: m('Proposed', '已发出邀请'),
    ACTIVE: m('Active', '进行中'),
    SCRIPT_APPROVED: m('Script approved', '脚本已通过'),
    PUBLISHED: m('Published', '已发布'),
    COMPLETED: m('Completed', '已完成'),
    DECLINED: m('Declined', '已拒绝'),
    CANCELLED: m('Cancelled', '已取消'),
    EXPIRED: m('Expired', '已过期'),
  },
  Category: {
    BEAUTY: m('Beauty', '美妆'),
    FASHION: m('Fashion', '服饰'),
    ELECTRONICS: m('Electronics', '3C 数码'),
    HOME: m('Home', '家居'),
    PETS: m('Pets', '宠物'),
    FOOD: m('Food', '食品'),
    FITNESS: m('Fitness', '健身'),
    HEALTH: m('Health', '健康'),
    TOYS: m('Toys', '玩具'),
    OUTDOOR: m('Outdoor', '户外'),
    GAMING: m('Gaming', '游戏'),
    TRAVEL: m('Travel', '旅行'),
    OTHER: m('Other', '其他'),
  },
  ContentFormat: {
    TALKING_HEAD: m('Talking head', '口播视频'),
    SKIT: m('Skit', '场景短剧'),
    UNBOXING: m('Unboxing', '开箱'),
    TUTORIAL: m('Tutorial', '教程'),
    LIVE: m('Live stream', '直播'),
    REVIEW: m('Product review', '测评'),
    OTHER: m('Other', '其他'),
  },
  Platform: {
    TIKTOK: m('TikTok', 'TikTok'),
    INSTAGRAM: m('Instagram', 'Instagram'),
    YOUTUBE: m('YouTube', 'YouTube'),
  },
  MilestoneTrigger: {
    ACCEPT: m('on acceptance', '接受邀请时'),
    SCRIPT_APPROVAL: m('on script approval', '脚本通过时'),
    PUBLISH: m('on publishing', '发布时'),
    COMPLETION: m('on completion', '合作完成时'),
  },
  UsageScope: {
    ORGANIC: m('organic posts on its own accounts', '自有账号自然发布'),
    PAID_ADS: m('paid ads', '付费广告投放'),
    WHITELISTING: m(
      'ads through the creator’s account (whitelisting)',
      `通过${t.creator.zh}账号投放广告（白名单授权）`,
    ),
  },
  DeadlineRule: {
    PROPOSAL_EXPIRED: m('no answer to the proposal by the script due date', '截至脚本交付日仍未答复邀请'),
    SCRIPT_AUTO_APPROVED: m('no answer to a script for 7 days', '7 天未答复脚本'),
    CONTENT_AUTO_ACCEPTED: m('no content review for 7 days', '7 天未验收发布内容'),
    RATING_WINDOW_CLOSED: m('the 14-day rating window ended', '14 天评价期结束'),
    REPORT_ESCALATED: m('a report not decided in 10 days', '举报 10 天未处理'),
    CONTENT_FIX_OVERDUE: m(
      'content issues not fixed in the days the brief gives',
      '未在整改期限内修正内容问题',
    ),
    COLLABORATION_AUTO_COMPLETED: m(
      'not completed 3 days after the measurement window',
      '数据观察期结束 3 天后仍未完成合作',
    ),
    DISPUTE_RESPONSE_MISSED: m(
      'the other side did not state its case within 5 days',
      `被${t.dispute.zh}方 5 天内未陈述`,
    ),
    DISPUTE_ESCALATED: m('no arbitration decision within 30 days', '30 天内未作出裁决'),
    USAGE_RIGHTS_ENDED: m('the usage rights ended', `${t.usageRights.zh}到期`),
  },
  MilestoneStatus: {
    PENDING: m('Not yet due', '未到期'),
    DUE: m('Due', '待支付'),
    HELD: m('Held', `已${t.hold.zh}`),
    RELEASED: m('Released', '已放款'),
    REFUNDED: m('Refunded', '已退款'),
    CANCELLED: m('Cancelled', '已取消'),
  },
  DisputeReason: {
    NOT_PUBLISHED_ON_TIME: m('Not published on time', '未按时发布'),
    CONTENT_MISMATCH: m('Content not as agreed', '内容不符合约定'),
    FAKE_METRICS: m('Fake metrics', '数据造假'),
    POLICY_VIOLATION: m('Platform policy violated', '违反平台政策'),
    COMMUNICATION: m('Poor communication', '沟通不畅'),
    NON_PAYMENT: m('Not paid', '未付款'),
    OTHER: m('Other', '其他'),
  },
  Side: {
    SELLER: m(cap(t.seller.en), t.seller.zh),
    CREATOR: m(cap(t.creator.en), t.creator.zh),
    ARBITRATOR: m(cap(t.arbitrator.en), t.arbitrator.zh),
  },
  DisputeOutcome: {
    CREATOR_AT_FAULT: m(`The ${t.creator.en} is at fault`, `${t.creator.zh}责任`),
    SELLER_AT_FAULT: m(`The ${t.seller.en} is at fault`, `${t.seller.zh}责任`),
    SHARED: m('Both share the fault', '双方共同责任'),
    NO_FAULT: m('Nobody is at fault', '双方均无责任'),
    WITHDRAWN: m('Withdrawn by its opener', '发起方已撤回'),
  },
  RatingDirection: {
    SELLER_TO_CREATOR: m(`${cap(t.seller.en)} rates ${t.creator.en}`, `${t.seller.zh}评价${t.creator.zh}`),
    CREATOR_TO_SELLER: m(`${cap(t.creator.en)} rates ${t.seller.en}`, `${t.creator.zh}评价${t.seller.zh}`),
  },
  RatingReviewState: {
    NONE: m('Not under review', '无需审核'),
    PENDING: m('Under review', '审核中'),
    UPHELD: m('Upheld', '审核后保留'),
    REMOVED: m('Removed', '审核后删除'),
  },
  RatingFlagRule: {
    TIMELINESS_CONTRADICTS_PUBLISH: m(
      'timeliness score contradicts the publish date',
      '发布时效评分与实际发布时间不符',
    ),
    RATING_BURST: m('a burst of low ratings from one seller', '同一卖家短时间内集中给出低分'),
    POSSIBLE_COLLUSION: m('repeated perfect ratings between the same pair', '同一对双方反复互给满分'),
    CONTRADICTS_METRICS: m('low scores although every target was met', '数据全部达标却给出低分'),
  },
  FollowerTier: {
    NANO: m('Nano (under 10k)', '纳米级（1 万以下）'),
    MICRO: m('Micro (under 100k)', '微型（10 万以下）'),
    MID: m('Mid (under 500k)', '腰部（50 万以下）'),
    MACRO: m('Macro (under 1M)', '头部（100 万以下）'),
    MEGA: m('Mega (1M and more)', '超头部（100 万以上）'),
  },
  Grade: {
    A: m('A', 'A'),
    B: m('B', 'B'),
    C: m('C', 'C'),
    D: m('D', 'D'),
    NEW: m('New', '新人'),
  },
  CreatorSort: {
    RECOMMENDATION: m(cap(t.recommendationWeight.en), t.recommendationWeight.zh),
    RATING: m('Rating', t.rating.zh),
    ENGAGEMENT: m(cap(t.engagementRate.en), t.engagementRate.zh),
    CONVERSION: m(cap(t.conversionRate.en), t.conversionRate.zh),
    FOLLOWERS: m('Followers', '粉丝量'),
  },
  DisputeStatus: {
    OPEN: m('Open', '处理中'),
    RESOLVED: m('Resolved', '已裁决'),
  },
  EvidenceKind: {
    CHAT_LOG: m('chat log', '聊天记录'),
    SCREENSHOT: m('screenshot', '截图'),
    PUBLISH_PROOF: m('proof of publishing', '发布证明'),
    METRICS_REPORT: m('metrics report', '数据报告'),
    CONTRACT: m('contract', '合同'),
    OTHER: m('other file', '其他文件'),
  },
  MilestoneAction: {
    RELEASE: m('release to the creator', `${t.release.zh}给${t.creator.zh}`),
    REFUND: m('refund to the seller', `${t.refund.zh}给${t.seller.zh}`),
    RESUME: m('resume as before', '恢复原状'),
  },
  LibrarySort: {
    LAST_COLLABORATION: m('Last collaboration', '最近合作'),
    RATING: m('Your rating', '我的评价'),
    ROI: m('ROI', 'ROI'),
    COLLABORATIONS: m('Collaborations', '合作次数'),
    SPEND: m('Spend', '花费'),
  },
  ContentIssue: {
    MISSING_DISCLOSURE: m('ad disclosure missing', '未标注广告（#ad）'),
    OFF_BRIEF: m('not what the brief asked', '不符合合作需求'),
    BRAND_SAFETY: m('brand safety', '不符合品牌调性或品牌安全'),
    POLICY_VIOLATION: m('platform policy violated', '存在违规信息'),
    OTHER: m('other issue', '其他问题'),
  },
  RatingDecision: {
    UPHOLD: m('Uphold', '保留'),
    REMOVE: m('Remove', '删除'),
  },
  ArbitrationOutcome: {
    CREATOR_AT_FAULT: m(`The ${t.creator.en} is at fault`, `${t.creator.zh}责任`),
    SELLER_AT_FAULT: m(`The ${t.seller.en} is at fault`, `${t.seller.zh}责任`),
    SHARED: m('Both share the fault', '双方共同责任'),
    NO_FAULT: m('Nobody is at fault', '双方均无责任'),
  },
  ReplayProblem: {
    DATA_NOT_JSON: m('its stored data can no longer be decoded', '其存储的数据已无法解码'),
    METADATA_NOT_JSON: m(
      'its stored record of who and when can no longer be decoded',
      '其存储的操作人与时间记录已无法解码',
    ),
    UNKNOWN_TYPE: m('it is of a kind this service does not know', '该事件的类型不为本服务所知'),
    DATA_SHAPE: m(
      'its data no longer has the fields of its kind (one renamed, removed or of another type)',
      '其数据已不符合该类事件的字段（有字段被改名、删除或改变了类型）',
    ),
    METADATA_SHAPE: m(
      'its record of who and when no longer has its fields (one renamed, removed or of another type)',
      '其操作人与时间记录已不符合应有的字段（有字段被改名、删除或改变了类型）',
    ),
    RULES_CANNOT_APPLY: m(
      'the rules could not apply it to the collaboration as it stood before it',
      '规则无法将其应用到此前的合作状态上',
    ),
  },
  ChainBreak: {
    MISSING_REVISION: m('that revision is missing from the log', '日志中缺少该修订号'),
    OUT_OF_ORDER: m('another revision stands in its place', '该位置上是另一个修订号'),
    LINK_BROKEN: m('it does not link to the hash of the event before it', '它与上一个事件的哈希值不相连'),
    NOT_ENCODABLE: m('its content cannot be encoded', '其内容无法编码'),
    CONTENT_CHANGED: m('its content does not match its hash', '其内容与哈希值不符'),
  },
  // Public reviews and verified parties
  ReportReason: {
    PERSONAL_ATTACK: m('personal attack', '人身攻击'),
    FALSE_ACCUSATION: m('false accusation', '虚假指控'),
    PRIVATE_INFORMATION: m('private information', '泄露隐私信息'),
    IRRELEVANT: m('not about the collaboration', '与合作无关'),
    RETALIATION: m('retaliation', '报复性评价'),
  },
  ReportStatus: {
    OPEN: m('Open', '待处理'),
    DISMISSED: m('Dismissed', '已驳回'),
    TEXT_REMOVED: m('Text removed', '文字已删除'),
  },
  MetricsSource: {
    SELLER: m(cap(t.seller.en), t.seller.zh),
    CREATOR: m(cap(t.creator.en), t.creator.zh),
    INTEGRATION: m('Integration', '数据对接'),
  },
  RatingDimension: {
    CONTENT_QUALITY: m('Content quality', '内容质量'),
    TIMELINESS: m('Timeliness', '发布时效'),
    COMMUNICATION: m('Communication', '沟通效率'),
    COMPLIANCE: m('Compliance', '合规性'),
    BRAND_FIT: m('Brand fit', '品牌调性匹配度'),
    BRIEF_CLARITY: m('Brief clarity', '需求清晰度'),
    FEEDBACK_QUALITY: m('Feedback quality', '反馈质量'),
    PAYMENT_RELIABILITY: m('Payment reliability', '付款可靠性'),
  },
  ReportDecision: {
    DISMISS: m('Dismiss the report', '驳回举报'),
    REMOVE_TEXT: m('Remove the review’s text', '删除评价文字'),
  },
  ReviewSort: {
    RECENT: m('Most recent', '最新'),
    LOWEST: m('Lowest first', '评分从低到高'),
    HIGHEST: m('Highest first', '评分从高到低'),
    MOST_RELEVANT: m('Most relevant to you', '与你最相关'),
  },
  VerificationStatus: {
    UNVERIFIED: m('Not verified', '未认证'),
    PENDING: m('Waiting for a check', '待审核'),
    VERIFIED: m('Verified', '已认证'),
    REJECTED: m('Rejected', '未通过'),
    DECLINED: m('Declined', '申请被拒绝'),
  },
  VerificationDecision: {
    APPROVE: m('Approve', '通过'),
    REJECT: m('Reject', '拒绝'),
  },
  NotificationKind: {
    PROPOSAL_RECEIVED: m(`New ${t.proposal.en}`, `收到${t.proposal.zh}`),
    PROPOSAL_ACCEPTED: m(`${cap(t.proposal.en)} accepted`, `${t.proposal.zh}已被接受`),
    PROPOSAL_DECLINED: m(`${cap(t.proposal.en)} declined`, `${t.proposal.zh}被拒绝`),
    PROPOSAL_WITHDRAWN: m(`${cap(t.proposal.en)} withdrawn`, `${t.proposal.zh}已撤回`),
    PROPOSAL_EXPIRED: m(`${cap(t.proposal.en)} expired`, `${t.proposal.zh}已过期`),
    COLLABORATION_CANCELLED: m(`${cap(t.collaboration.en)} cancelled`, `${t.collaboration.zh}已取消`),
    SCRIPT_SUBMITTED: m('Script submitted', '脚本已提交'),
    REVISION_REQUESTED: m('Revision requested', '要求修改脚本'),
    SCRIPT_APPROVED: m('Script approved', '脚本已通过'),
    SCRIPT_AUTO_APPROVED: m('Script approved by the platform', '平台自动通过脚本'),
    CONTENT_PUBLISHED: m('Content published', '内容已发布'),
    CONTENT_REVIEWED: m('Content reviewed', '内容已验收'),
    CONTENT_AUTO_ACCEPTED: m('Content accepted by the platform', '平台自动验收内容'),
    METRICS_RECORDED: m('Metrics recorded', '已记录数据'),
    MESSAGE_POSTED: m(`New ${t.message.en}`, `新${t.message.zh}`),
    COLLABORATION_COMPLETED: m(`${cap(t.collaboration.en)} completed`, `${t.collaboration.zh}已完成`),
    PAYMENT_DUE: m(`${cap(t.milestone.en)} due`, `${t.milestone.zh}待支付`),
    PAYMENT_RELEASED: m(`${cap(t.milestone.en)} released`, `${t.milestone.zh}已放款`),
    PAYMENT_HELD: m(`${cap(t.milestone.en)} held`, `${t.milestone.zh}暂停支付`),
    PAYMENT_HOLD_LIFTED: m(`Hold on a ${t.milestone.en} lifted`, `${t.milestone.zh}解除暂停`),
    PAYMENT_REFUNDED: m(`${cap(t.milestone.en)} refunded`, `${t.milestone.zh}已${t.refund.zh}`),
    RATING_RECEIVED: m(`You were rated`, `你收到了${t.rating.zh}`),
    RATINGS_REVEALED: m(`${cap(t.rating.en)}s revealed`, `${t.rating.zh}已公开`),
    RATING_REVIEWED: m(`Your ${t.rating.en} was reviewed`, `你的${t.rating.zh}已审核`),
    DISPUTE_OPENED: m(`${cap(t.dispute.en)} opened`, `发起${t.dispute.zh}`),
    DISPUTE_EVIDENCE_ADDED: m(`${cap(t.evidence.en)} added`, `提交${t.evidence.zh}`),
    DISPUTE_STATEMENT_ADDED: m('Statement added', '提交陈述'),
    DISPUTE_RESOLVED: m(`${cap(t.dispute.en)} resolved`, `${t.dispute.zh}已裁决`),
    DEADLINE_REMINDER: m('A deadline is near', '期限将至'),
    WEBHOOK_ENDPOINT_DISABLED: m('Webhook endpoint disabled', 'Webhook 端点已停用'),
    REVIEW_REPLIED: m(`${cap(t.reply.en)} to your ${t.review.en}`, `你的${t.review.zh}收到${t.reply.zh}`),
    REVIEW_REPORT_DISMISSED: m(`${cap(t.report.en)} dismissed`, `${t.report.zh}被驳回`),
    REVIEW_TEXT_REMOVED: m(`${cap(t.review.en)} text removed`, `${t.review.zh}文字已删除`),
    REVIEW_REPORT_ESCALATED: m(`${cap(t.report.en)} escalated`, `${t.report.zh}已${t.escalation.zh}`),
    VERIFICATION_APPROVED: m('Verified', '认证已通过'),
    VERIFICATION_REJECTED: m('Verification not granted', '认证未通过'),
    COUNTER_OFFER_RECEIVED: m(`New ${t.counterOffer.en}`, `收到${t.counterOffer.zh}`),
    COUNTER_OFFER_ACCEPTED: m(`${cap(t.counterOffer.en)} accepted`, `${t.counterOffer.zh}已被接受`),
    CONTENT_FIXED: m(`Content ${t.contentFix.en} recorded`, `内容已${t.contentFix.zh}`),
    CONTENT_FIX_OVERDUE: m(`Content ${t.contentFix.en} overdue`, `内容${t.contentFix.zh}逾期`),
    COLLABORATION_AUTO_COMPLETED: m(
      `${cap(t.collaboration.en)} completed by the ${t.platform.en}`,
      `${t.platform.zh}自动完成${t.collaboration.zh}`,
    ),
    DISPUTE_RESPONSE_MISSED: m('No answer in the dispute', `${t.dispute.zh}逾期未陈述`),
    DISPUTE_ESCALATED: m(`${cap(t.dispute.en)} escalated`, `${t.dispute.zh}已${t.escalation.zh}`),
    USAGE_RIGHTS_ENDED: m(`${cap(t.usageRights.en)} ended`, `${t.usageRights.zh}到期`),
    USAGE_RIGHTS_EXTENSION_PROPOSED: m(
      `${cap(t.usageRightsExtension.en)} proposed`,
      `收到${t.usageRightsExtension.zh}提议`,
    ),
    USAGE_RIGHTS_EXTENDED: m(`${cap(t.usageRights.en)} extended`, `${t.usageRights.zh}已续期`),
    USAGE_RIGHTS_EXTENSION_DECLINED: m(
      `${cap(t.usageRightsExtension.en)} declined`,
      `${t.usageRightsExtension.zh}被拒绝`,
    ),
  },
  WebhookEndpointStatus: {
    ACTIVE: m('Active', '启用中'),
    DISABLED: m('Disabled', '已停用'),
  },
  WebhookDisableReason: {
    BY_OWNER: m('Disabled by you', '由你停用'),
    DELIVERIES_FAILING: m('Deliveries failed for 3 days', '投递连续失败 3 天'),
  },
  WebhookAttemptStatus: {
    SUCCEEDED: m('Delivered', '已送达'),
    FAILED: m('Failed', '失败'),
  },
  WebhookAttemptError: {
    HTTP_STATUS: m('The receiver answered with an error', '接收方返回错误'),
    TIMEOUT: m('No answer within 10 s', '10 秒内无应答'),
    ADDRESS_FORBIDDEN: m('Not a public address', '不是公网地址'),
    DNS_FAILED: m('The name does not resolve', '域名无法解析'),
    CONNECTION_FAILED: m('No connection', '无法连接'),
  },
} as const satisfies Record<string, Record<string, Message>>;

/** Values the API sends inside JSON (event data, states) and in strings the schema does not type. */
const dataEnums = {
  /** Who acted: the schema's roles, and the platform itself (deadlines, review policy). */
  ActorRole: {
    SELLER: m(cap(t.seller.en), t.seller.zh),
    CREATOR: m(cap(t.creator.en), t.creator.zh),
    ARBITRATOR: m(cap(t.arbitrator.en), t.arbitrator.zh),
    AUDITOR: m(cap(t.auditor.en), t.auditor.zh),
    PLATFORM: m(cap(t.platform.en), t.platform.zh),
  },
  ScriptOutcome: {
    PENDING: m('Awaiting the seller', '等待卖家答复'),
    REVISION_REQUESTED: m('Revision requested', '已提出修改意见'),
    APPROVED: m('Approved', '已通过'),
  },
  ContentReviewState: {
    NONE: m('Not reviewed', '未验收'),
    ISSUES: m('Issues found', '发现问题'),
    FIXED: m('Fixed, awaiting the seller', `已${t.contentFix.zh}，等待${t.seller.zh}答复`),
    ACCEPTED: m('Accepted', '已验收'),
  },
  Settlement: {
    OPEN: m('Not paid out', '未结算'),
    RELEASED: m('Released', '已放款'),
    REFUNDED: m('Refunded', '已退款'),
    CANCELLED: m('Cancelled', '已取消'),
  },
  ReleaseTrigger: {
    SELLER: m(`the ${t.seller.en}`, t.seller.zh),
    COMPLETION: m('completion', '合作完成'),
    DISPUTE_RESOLUTION: m('the dispute resolution', '争议裁决'),
  },
  HoldReason: {
    DISPUTE_OPEN: m('a dispute is open', '有争议正在处理'),
    TARGETS_MISSED: m('metric targets missed', '数据未达标'),
    CONTENT_NOT_ACCEPTED: m('the content is not accepted yet', '内容尚未通过验收'),
  },
  RevealReason: {
    BOTH_RATED: m('both sides rated', '双方均已评价'),
    WINDOW_CLOSED: m('the rating window closed', '评价期已结束'),
  },
  MetricTarget: {
    minViews: m('minimum views', '最低播放量'),
    minEngagementRate: m('minimum engagement rate', '最低互动率'),
    minClicks: m('minimum clicks', '最低引流点击'),
    minOrders: m('minimum orders', '最低转化订单'),
    minGmvMinor: m('minimum GMV', '最低 GMV'),
  },
  /** Milestone names the rules give by default; a brief may name others (shown as written). */
  MilestoneName: {
    DEPOSIT: m(cap(t.deposit.en), t.deposit.zh),
    FINAL: m(cap(t.finalPayment.en), t.finalPayment.zh),
  },
  /** Rating tags DOMAIN.md names; a rating may carry others (shown in words made from the code). */
  RatingTag: {
    CREATIVE_SCRIPT: m('creative script', '脚本创意佳'),
    LATE_PUBLISH: m('published late', '发布延迟'),
    FAST_RESPONSE: m('fast response', '响应迅速'),
  },
  /** Counters of a metrics snapshot. */
  MetricsField: {
    views: m(cap(t.views.en), t.views.zh),
    likes: m(cap(t.likes.en), t.likes.zh),
    comments: m(cap(t.comments.en), t.comments.zh),
    shares: m(cap(t.shares.en), t.shares.zh),
    clicks: m(cap(t.clicks.en), t.clicks.zh),
    orders: m(cap(t.orders.en), t.orders.zh),
    gmv: m(t.gmv.en, t.gmv.zh),
  },
} as const satisfies Record<string, Record<string, Message>>;

export const SCHEMA_ENUMS: Readonly<Record<string, Readonly<Record<string, Message>>>> = schemaEnums;
export const DATA_ENUMS: Readonly<Record<string, Readonly<Record<string, Message>>>> = dataEnums;

export type EnumType = keyof typeof schemaEnums | keyof typeof dataEnums;

export const enumKey = (type: EnumType, value: string): string => `enum.${type}.${value}`;
