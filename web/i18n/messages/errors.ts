import { m, t, type Message } from './message.js';

/**
 * What each stable error code of the service (`extensions.code`) means, said to a person, with the
 * parameters the service sends beside it (`extensions`), already put in words by web/i18n/errors.ts:
 * `{status}` and `{allowed}` (statuses), `{missing}` (platforms), `{missedTargets}` (targets),
 * `{windowEndsAt}` (a time), `{quotaBytes}` (a size). A unit test fails when the service throws a code
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
  DUPLICATE_EVIDENCE: m('This file is already evidence in this dispute.', '该文件已是此争议的证据。'),
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
  DEADLINE_NOT_DUE: m('This deadline has not passed yet.', '该期限尚未届满。'),
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
};

export const errorKey = (code: string): string => `error.${code}`;
