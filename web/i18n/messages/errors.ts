import { m, t, type Message } from './message.js';

/**
 * What each stable error code of the service (`extensions.code`) means, said to a person, with the
 * parameters the service sends beside it (`extensions`), already put in words by web/i18n/errors.ts:
 * `{status}` and `{allowed}` (statuses), `{missing}` (platforms), `{missedTargets}` (targets),
 * `{windowEndsAt}` and `{fixDueAt}` (times), `{quotaBytes}` (a size). A unit test fails when the service throws a code
 * that has no words here. `NETWORK` is the console's own: the service could not be reached.
 */
export const ERRORS: Readonly<Record<string, Message>> = {
  // The console's own.
  NETWORK: m(
    'The service cannot be reached. Check that it is running and that you are online, then try again.',
    '无法连接到服务。请确认服务正在运行、网络畅通，然后重试。',
  ),
  UNKNOWN: m('The service refused this request.', '服务拒绝了此请求。'),

  // Who may ask.
  UNAUTHENTICATED: m(
    'Your token was not accepted: it is missing, expired or not signed by this service. Set a valid token above.',
    '令牌无效：缺失、已过期或并非由本服务签发。请在上方设置有效的令牌。',
  ),
  FORBIDDEN: m('Your role may not do this.', '你的角色无权执行此操作。'),
  NOT_FOUND: m('Not found, or not yours to see.', '未找到，或你无权查看。'),
  EXPORT_WITHHELD: m(
    'The signed export is withheld from you while part of this history is hidden from you (a rating not yet revealed).',
    '此历史中仍有对你隐藏的内容（尚未公开的评价），因此暂不向你提供签名导出文件。',
  ),
  EXPORT_WITHHELD_DAMAGED: m(
    'The signed export is withheld from you: an event of this history can no longer be read, and what it holds may be hidden from you. An arbitrator or an auditor can export it.',
    '此历史中有一条事件已无法读取，其内容可能对你隐藏，因此暂不向你提供签名导出文件。仲裁员或审计员可以导出。',
  ),
  EVIDENCE_TAMPERED: m(
    'The stored file no longer matches the SHA-256 recorded in the log: it was changed after upload.',
    '存储的文件与日志中记录的 SHA-256 不一致：上传后已被改动。',
  ),
  EVENT_UNREADABLE: m(
    'A stored event of this collaboration can no longer be read: the log was damaged.',
    '该合作的一条已存储事件无法读取：日志已损坏。',
  ),

  // Requests.
  BAD_USER_INPUT: m('The service could not accept this input.', '服务无法接受此输入。'),
  BAD_REQUEST: m('The request was malformed.', '请求格式有误。'),
  GRAPHQL_PARSE_FAILED: m('The request was malformed.', '请求格式有误。'),
  GRAPHQL_VALIDATION_FAILED: m(
    'The request does not fit the service’s schema (the console may be older than the service).',
    '请求与服务的接口不符（控制台版本可能比服务旧）。',
  ),
  PERSISTED_QUERY_NOT_FOUND: m('The service did not know this stored query.', '服务中没有这条已存储的查询。'),
  OPERATION_RESOLUTION_FAILURE: m('The request named no operation to run.', '请求未指明要执行的操作。'),
  METHOD_NOT_ALLOWED: m('The service does not take this kind of request here.', '此处不接受这种请求。'),
  NOT_ACCEPTABLE: m('The service cannot answer in the form asked for.', '服务无法以所要求的格式答复。'),
  PAYLOAD_TOO_LARGE: m('What was sent is too large.', '发送的内容过大。'),
  UNSUPPORTED_MEDIA_TYPE: m('This kind of file is not accepted.', '不接受此类文件。'),
  RATE_LIMITED: m('Too many requests: wait a moment and try again.', '请求过于频繁：请稍后再试。'),
  UPLOAD_QUOTA_EXCEEDED: m(
    'Your evidence uploads would pass the daily quota of {quotaBytes}.',
    '你的证据上传将超过每日 {quotaBytes} 的限额。',
  ),
  TOO_MANY_SUBSCRIPTIONS: m('Too many live subscriptions are open.', '打开的实时订阅过多。'),
  STALE_READ: m(
    'The service has not caught up with the latest changes yet: try again in a moment.',
    '服务尚未同步最新的变更：请稍后重试。',
  ),
  SHUTTING_DOWN: m(
    'The service is stopping and did not run this request: send it again in a moment.',
    '服务正在停止，未执行此请求：请稍后重新发送。',
  ),
  CONFLICT: m('Someone changed this at the same time: try again.', '有人同时修改了此内容：请重试。'),
  INTERNAL_SERVER_ERROR: m('The service failed. It has logged the error.', '服务出错，错误已记录。'),
  WEB_NOT_BUILT: m('The browser apps are not built on this service.', '此服务尚未构建浏览器应用。'),

  // Rules of the domain (docs/DOMAIN.md).
  INVALID_STATUS: m(
    'Not possible while the collaboration is “{status}” (possible when: {allowed}).',
    '合作处于“{status}”状态时无法执行（可执行的状态：{allowed}）。',
  ),
  COLLABORATION_NOT_FOUND: m('No such collaboration.', '没有这项合作。'),
  COLLABORATION_ALREADY_EXISTS: m('A collaboration with this id exists.', '该编号的合作已存在。'),
  SELLER_NOT_FOUND: m(`The ${t.seller.en} is not registered.`, `${t.seller.zh}尚未注册。`),
  SELLER_ALREADY_REGISTERED: m(`The ${t.seller.en} is already registered.`, `${t.seller.zh}已注册。`),
  CREATOR_NOT_FOUND: m(`The ${t.creator.en} is not registered.`, `${t.creator.zh}尚未注册。`),
  CREATOR_ALREADY_REGISTERED: m(`The ${t.creator.en} is already registered.`, `${t.creator.zh}已注册。`),
  CREATOR_BLOCKED: m(`This ${t.creator.en} is on your block list.`, `该${t.creator.zh}在你的黑名单中。`),
  CREATOR_NOT_ON_PLATFORM: m(
    `The ${t.creator.en} has no account on {missing}.`,
    `该${t.creator.zh}在 {missing} 上没有账号。`,
  ),
  DUPLICATE_PLATFORM_ACCOUNT: m('This platform account is listed twice.', '该平台账号重复。'),
  INVALID_BRIEF_DATES: m(
    'The script due date must be in the future, and the publish due date after it.',
    '脚本交付日必须晚于现在，发布截止日必须晚于脚本交付日。',
  ),
  INVALID_FEE: m('The fee must be a positive amount.', '费用必须为正数。'),
  INVALID_MEASUREMENT_WINDOW: m(
    `The ${t.measurementWindow.en} is 7 to 14 days.`,
    `${t.measurementWindow.zh}为 7 至 14 天。`,
  ),
  INVALID_REVISION_LIMIT: m(`The ${t.revisionLimit.en} is 0 to 10.`, `${t.revisionLimit.zh}为 0 至 10 次。`),
  DUPLICATE_MILESTONE: m('Payment milestones need different names.', '付款节点名称不能重复。'),
  MILESTONES_MUST_TOTAL_100: m(
    'The payment milestones add up to {total}%, not 100%.',
    '各付款节点合计为 {total}%，而不是 100%。',
  ),
  TEMPLATE_NOT_FOUND: m(
    `No such ${t.template.en} in your ${t.library.en}.`,
    `你的${t.library.zh}中没有这个${t.template.zh}。`,
  ),
  PROPOSAL_EXPIRED: m('The proposal expired at its script due date.', `${t.proposal.zh}已在脚本交付日过期。`),
  SCRIPT_EMPTY: m('A script needs a text or a link.', '脚本需要正文或链接。'),
  SCRIPT_ALREADY_PENDING: m(
    `The last script still awaits the ${t.seller.en}’s answer.`,
    `上一版脚本仍在等待${t.seller.zh}答复。`,
  ),
  NO_SCRIPT_PENDING: m('No submitted script awaits an answer.', '没有等待答复的脚本。'),
  REVISION_LIMIT_REACHED: m(
    'The brief allows {revisionLimit, plural, one {# revision request} other {# revision requests}}; no more can be made.',
    '合作需求最多允许 {revisionLimit} 次修改意见，已无法再提。',
  ),
  VAGUE_FEEDBACK: m('Feedback must be specific: say what to change.', '修改意见需具体：请说明要改什么。'),
  PLATFORM_NOT_IN_BRIEF: m('The brief does not ask for this platform.', '合作需求中没有这个平台。'),
  PUBLISHED_IN_FUTURE: m('The publishing time cannot be in the future.', '发布时间不能晚于现在。'),
  PUBLISHED_BEFORE_PROPOSAL: m(
    'The publishing time cannot be before the proposal.',
    '发布时间不能早于合作邀请。',
  ),
  CONTENT_ALREADY_ACCEPTED: m('The content was already accepted.', '内容已经验收。'),
  INVALID_REVIEW: m(
    'Accept the content without issues, or name the issues found.',
    '请直接验收内容，或列出发现的问题。',
  ),
  METRICS_BEFORE_PUBLISH: m(
    'Metrics can be recorded only after the content is published.',
    '内容发布后才能记录推广数据。',
  ),
  METRICS_IN_FUTURE: m('The capture time cannot be in the future.', '采集时间不能晚于现在。'),
  METRICS_NOT_FINAL: m(
    'Completion needs final metrics, or the measurement window to end ({windowEndsAt}).',
    '完成合作需要最终数据，或等数据稳定期结束（{windowEndsAt}）。',
  ),
  DUPLICATE_SNAPSHOT: m('This metrics snapshot is already recorded.', '这次推广数据已经记录。'),
  CURRENCY_MISMATCH: m('GMV is recorded in the fee’s currency.', 'GMV 须以费用的币种记录。'),
  EMPTY_MESSAGE: m('A message needs a text.', '沟通记录需要内容。'),
  MILESTONE_NOT_FOUND: m('No such payment milestone in this brief.', '合作需求中没有这个付款节点。'),
  MILESTONE_NOT_DUE: m('This payment milestone is not due yet.', '该付款节点尚未到期。'),
  MILESTONE_ALREADY_SETTLED: m('This payment milestone is already settled.', '该付款节点已结算。'),
  TARGETS_MISSED: m(
    'Held because metric targets were missed ({missedTargets}); waive them to release it.',
    '因数据未达标（{missedTargets}）而暂停支付；放弃这些目标后方可放款。',
  ),
  DISPUTE_OPEN: m('Not while a dispute is open: it must be resolved first.', '有争议正在处理，须先裁决。'),
  DISPUTE_ALREADY_OPEN: m('A dispute is already open: one at a time.', '已有争议在处理中：一次只能有一个。'),
  DISPUTE_WINDOW_CLOSED: m(
    'Disputes may be opened up to 30 days after completion; that time has passed.',
    '争议须在合作完成后 30 天内发起，现已超过期限。',
  ),
  DISPUTE_NOT_FOUND: m('No such dispute on this collaboration.', '该合作中没有这项争议。'),
  DISPUTE_CLOSED: m('This dispute is already resolved.', '该争议已裁决。'),
  DUPLICATE_DISPUTE_ID: m('A dispute with this id exists.', '该编号的争议已存在。'),
  DISPUTE_ID_TAKEN: m('This dispute id is taken: choose another.', '该争议编号已被占用：请另选一个。'),
  STATEMENT_REQUIRED: m('A statement is needed.', '需要填写陈述。'),
  DESCRIPTION_REQUIRED: m('Evidence needs a description.', '证据需要说明。'),
  REASON_REQUIRED: m('A reason is needed.', '需要填写原因。'),
  EVIDENCE_NOT_UPLOADED: m(
    'You uploaded no file with this SHA-256: upload the file first.',
    '你没有上传过该 SHA-256 的文件：请先上传文件。',
  ),
  DUPLICATE_EVIDENCE: m('This file is already cited here.', '该文件已在此处引用。'),
  NOT_DISPUTE_OPENER: m('Only the side that opened a dispute may withdraw it.', '只有发起方可以撤回争议。'),
  INVALID_OUTCOME: m('This outcome is not possible here.', '此处不能选择该裁决结果。'),
  INVALID_MILESTONE_DECISION: m(
    'A decision names a payment milestone this dispute does not hold.',
    '裁决中包含本争议并未暂停的付款节点。',
  ),
  MILESTONE_DECISION_REQUIRED: m(
    'Decide each held payment milestone: release, refund or resume.',
    '请对每个暂停支付的付款节点作出决定：放款、退款或恢复。',
  ),
  RATING_WINDOW_CLOSED: m('The 14-day rating window has closed.', '14 天评价期已结束。'),
  RATING_ALREADY_GIVEN: m('One rating per side per collaboration.', '每项合作每一方只能评价一次。'),
  INVALID_SCORES: m(
    'Give every dimension a whole score from 1 to 5.',
    '请为每个评价维度打 1 至 5 的整数分。',
  ),
  VAGUE_COMMENT: m(
    'The comment must be specific (at least 20 characters, not only “good” or “ok”): e.g. “creative script, but published 2 days late”.',
    '文字反馈需具体（至少 20 个字符，不能只写“很好”“一般”）：例如“脚本创意佳但发布时间延迟2天”。',
  ),
  RATING_NOT_FOUND: m('No such rating on this collaboration.', '该合作中没有这条评价。'),
  RATING_NOT_REVIEWABLE: m(
    'Only ratings of creators are reviewed for reputation.',
    '只有对达人的评价才会为信誉进行审核。',
  ),
  RATING_NOT_UNDER_REVIEW: m('This rating is not under review.', '这条评价不在审核中。'),
  RATING_ALREADY_FLAGGED: m('This rating is already flagged by this rule.', '这条评价已被此规则标记。'),
  RATING_REMOVED: m('This rating was removed.', '这条评价已被删除。'),
  // Verified parties
  VERIFICATION_PENDING: m(
    'A request to be verified already waits for an arbitrator.',
    '已有认证申请在等待仲裁员处理。',
  ),
  ALREADY_VERIFIED: m('Already verified.', '已认证。'),
  NO_VERIFICATION_PENDING: m('Nothing waits to be verified here.', '此处没有待处理的认证申请。'),
  REGISTRATION_NUMBER_REQUIRED: m('Give the business registration number.', '请填写企业注册号。'),
  ACCOUNT_NOT_IN_PROFILE: m(
    'The creator’s profile lists no such platform account.',
    '达人资料中没有这个平台账号。',
  ),
  LANGUAGE_NOT_IN_PROFILE: m('The creator’s profile lists no such language.', '达人资料中没有这种语言。'),
  CHECK_REQUIRED: m('Record how it was checked.', '请记录核验方式。'),
  // Public reviews
  NOT_A_REVIEW: m(
    'This rating is not a public review: rating review holds it or removed it.',
    '这条评价不是公开评价：正在审核中或已被删除。',
  ),
  REVIEW_TEXT_REMOVED: m(
    'Arbitration removed this review’s text: it can no longer be answered or reported.',
    '这条公开评价的文字已经仲裁删除，不能再回复或举报。',
  ),
  REPLY_ALREADY_GIVEN: m('A review has one reply, and it is given.', '每条公开评价只能回复一次，你已回复。'),
  REPLY_WINDOW_CLOSED: m(
    'Replies are possible for 14 days after a review is revealed; that time has passed.',
    '公开评价须在公开后 14 天内回复，现已超过期限。',
  ),
  REPLY_EMPTY: m('A reply needs a text.', '回复需要内容。'),
  REVIEW_ALREADY_REPORTED: m(
    'This review was already reported: a review is reported once, with all its evidence.',
    '这条公开评价已被举报：每条只能举报一次，并一次提交全部证据。',
  ),
  DUPLICATE_REPORT_ID: m('A report with this id exists.', '该编号的举报已存在。'),
  TOO_MANY_FILES: m('A report cites at most 10 files.', '一次举报最多附 10 个文件。'),
  REPORT_NOT_FOUND: m('No such report on this collaboration.', '该合作中没有这项举报。'),
  REPORT_ALREADY_DECIDED: m('This report is already decided.', '该举报已处理。'),
  DEADLINE_NOT_DUE: m('This deadline has not passed yet.', '该期限尚未届满。'),
  REMINDER_NOT_APPLICABLE: m('No reminder of this deadline is due now.', '此期限目前没有待发送的提醒。'),
  INVALID_POSITION: m('Give a log position, 1 or more.', '请填写日志位置（不小于 1）。'),
  NOTIFICATIONS_ALREADY_READ: m('These notifications were already read.', '这些通知已读。'),
  WEBHOOK_ENDPOINT_NOT_FOUND: m('No such webhook endpoint.', '没有这个 Webhook 端点。'),
  WEBHOOK_ENDPOINT_EXISTS: m('This webhook endpoint exists already.', '此 Webhook 端点已存在。'),
  WEBHOOK_ENDPOINT_LIMIT_REACHED: m(
    'You have as many webhook endpoints as allowed: delete one first.',
    'Webhook 端点数量已达上限，请先删除一个。',
  ),
  WEBHOOK_ENDPOINT_DISABLED: m('This webhook endpoint is disabled.', '此 Webhook 端点已停用。'),
  WEBHOOK_ENDPOINT_ENABLED: m('This webhook endpoint is enabled.', '此 Webhook 端点已启用。'),
  UNKNOWN_EVENT_TYPE: m('No such event type can be delivered.', '没有可投递的此类事件。'),
  WEBHOOK_URL_INVALID: m('Give an https URL without credentials.', '请填写不含账号密码的 https 地址。'),
  WEBHOOK_URL_FORBIDDEN: m(
    'Webhooks go to public addresses only, never to private or local ones.',
    'Webhook 只能发往公网地址，不能发往内网或本机地址。',
  ),
  WEBHOOK_DNS_FAILED: m('This address has no host that resolves.', '该地址的主机名无法解析。'),
  DEADLINE_NOT_APPLICABLE: m('This deadline does not apply now.', '该期限目前不适用。'),
  ALREADY_TAGGED: m('The creator already has this tag.', '该达人已有此标签。'),
  TAG_NOT_FOUND: m('The creator does not have this tag.', '该达人没有此标签。'),
  INVALID_TAG: m('A tag is a short word or phrase.', '标签应为简短的词语。'),
  EMPTY_NOTE: m('A note needs a text.', '备注需要内容。'),
  DUPLICATE_NOTE: m('This note is already added.', '该备注已添加。'),
  ALREADY_FAVOURITE: m('Already a favourite.', '已收藏。'),
  NOT_FAVOURITE: m('Not a favourite.', '未收藏。'),
  ALREADY_BLOCKED: m('Already blocked.', '已拉黑。'),
  NOT_BLOCKED: m('Not blocked.', '未拉黑。'),
  INVALID_TEMPLATE: m('This brief template is not valid.', '该需求模板无效。'),

  // Negotiation, acceptance with consequences, usage rights (docs/DOMAIN.md).
  INVALID_FIX_DAYS: m(
    'The creator has 1 to 30 days to fix content.',
    `${t.creator.zh}整改内容的期限为 1 至 30 天。`,
  ),
  INVALID_NEGOTIATION_ROUNDS: m('A negotiation allows 0 to 10 counter-offers.', '还价轮数为 0 至 10 轮。'),
  AWAITING_OTHER_SIDE: m(
    'The latest offer is yours: it awaits the other side’s answer.',
    '最新的报价是你提出的：正在等待对方答复。',
  ),
  NEGOTIATION_ROUNDS_EXHAUSTED: m(
    'The brief allows no more counter-offers: accept or decline the latest offer.',
    `${t.brief.zh}不再允许${t.counterOffer.zh}：请接受或拒绝最新的报价。`,
  ),
  COUNTER_OFFER_UNCHANGED: m(
    'A counter-offer changes the fee, a date or the deliverables.',
    `${t.counterOffer.zh}须改动费用、日期或交付内容。`,
  ),
  FEE_CURRENCY_FIXED: m('The fee stays in the brief’s currency.', `费用须使用${t.brief.zh}的币种。`),
  CONTENT_FIX_PENDING: m(
    'The creator has until {fixDueAt} to fix the issues found: accept the content, or wait for the fix.',
    `${t.creator.zh}须在 {fixDueAt} 前${t.contentFix.zh}已发现的问题：可直接验收内容，或等待整改。`,
  ),
  FIX_LIMIT_REACHED: m(
    'The content was fixed twice: accept it, or open a dispute.',
    `内容已${t.contentFix.zh}两次：请验收，或发起${t.dispute.zh}。`,
  ),
  NO_FIX_REQUESTED: m('No content review asks for a fix.', `没有需要${t.contentFix.zh}的验收意见。`),
  FIX_EMPTY: m(
    'A fix is a new link to the content or a note of the edit.',
    `${t.contentFix.zh}需要提供新的内容链接或修改说明。`,
  ),
  INVALID_EXTENSION: m(
    'An extension names a scope and its platforms, and ends in the future, after the current end.',
    `${t.usageRightsExtension.zh}须写明使用范围和平台，到期日须晚于现在和当前到期日。`,
  ),
  DUPLICATE_EXTENSION_ID: m(
    'An extension with this id exists.',
    `该编号的${t.usageRightsExtension.zh}已存在。`,
  ),
  EXTENSION_NOT_FOUND: m(
    'No such extension awaits an answer (a newer one may have replaced it).',
    `没有等待答复的该${t.usageRightsExtension.zh}（可能已被新的提议取代）。`,
  ),
  EXTENSION_LAPSED: m(
    'This extension would already have ended.',
    `该${t.usageRightsExtension.zh}的到期日已过。`,
  ),
  INVALID_USAGE_RIGHTS: m(
    'Usage rights with a scope name their platforms and one end (months after publishing, or a date after the publish due date); without a scope they name neither.',
    `${t.usageRights.zh}若有使用范围，须写明平台和一个到期方式（发布后若干个月，或晚于发布截止日的日期）；没有使用范围则两者都不填。`,
  ),
};

export const errorKey = (code: string): string => `error.${code}`;
