import { cap, m, t, type Messages } from './message.js';

/**
 * The console's words for public reviews, verified parties and the arbitrators' queues of reports
 * and verifications (DOMAIN.md § Public reviews).
 */
export const REVIEWS: Messages = {
  'find.seller': m(`${cap(t.seller.en)} id`, `${t.seller.zh}编号`),
  'find.reviews': m(`${cap(t.review.en)}s`, `查看${t.review.zh}`),

  'seller.loading': m(`Loading ${t.seller.en} {id}…`, `正在加载${t.seller.zh} {id}…`),
  'seller.notFound': m(`No ${t.seller.en} {id}.`, `没有${t.seller.zh} {id}。`),

  'reviews.loading': m(`Loading the ${t.review.en}s…`, `正在加载${t.review.zh}…`),
  'reviews.none': m(`No ${t.review.en}s yet.`, `暂无${t.review.zh}。`),
  'reviews.title': m(`${cap(t.review.en)}s ({count, number})`, `${t.review.zh}（{count, number}）`),
  'reviews.sort': m('Order', '排序'),
  'list.previousPage': m('Previous page', '上一页'),
  'reviews.summary.title': m(
    `{count, plural, one {# ${t.review.en}} other {# ${t.review.en}s}} in figures`,
    `${t.review.zh}概览（{count, number} 条）`,
  ),
  'reviews.summary.stars': m('Reviews by stars', '按星级统计'),
  'reviews.summary.star': m('{stars, plural, one {# star} other {# stars}}', '{stars} 星'),
  'reviews.summary.dimensions': m(
    `Mean ${t.score.en} of each ${t.dimension.en}`,
    `各${t.dimension.zh}平均${t.score.zh}`,
  ),
  'reviews.summary.mean': m(
    `{mean}, over {count, plural, one {# ${t.review.en}} other {# ${t.review.en}s}}`,
    `{mean}，基于 {count, number} 条${t.review.zh}`,
  ),
  'reviews.summary.tags': m(`Most used ${t.tag.en}s:`, `最常用的${t.tag.zh}：`),
  'reviews.summary.tag': m('{tag} ({count, number})', '{tag}（{count, number}）'),

  'review.reviewerVerified': m('verified when it wrote this', '撰写时已认证'),
  'review.context': m(
    `{category} · {markets} · {platform} · completed in {month}`,
    `{category} · {markets} · {platform} · {month}完成`,
  ),
  'review.score': m('{dimension} {score}', '{dimension} {score}'),
  'review.removed': m(
    'Text removed by arbitration on {at}: {reason}.',
    '文字已于 {at} 被仲裁删除：{reason}。',
  ),
  'review.results': m(
    `Verified results: {views} ${t.views.en}, ${t.engagementRate.en} {engagement}, {clicks} ${t.clicks.en}, {orders} ${t.orders.en}, ${t.conversionRate.en} {conversion} (recorded by {source}; ${t.position.en} {position}).`,
    `已验证的${t.metrics.zh}：${t.views.zh} {views}，${t.engagementRate.zh} {engagement}，${t.clicks.zh} {clicks}，${t.orders.zh} {orders}，${t.conversionRate.zh} {conversion}（记录方：{source}；${t.position.zh} {position}）。`,
  ),
  'review.noResults': m(
    `No final, consistent ${t.metrics.en} snapshot in the log yet.`,
    `日志中尚无最终且一致的${t.metrics.zh}快照。`,
  ),
  'review.onTime': m('Published on time.', '按时发布。'),
  'review.late': m(
    'Published {days, plural, one {# day} other {# days}} late.',
    '延迟 {days, number} 天发布。',
  ),
  'review.log': m(
    `The ${t.rating.en} is at ${t.position.en} {rating}, its reveal at {reveal}.`,
    `该${t.rating.zh}位于${t.position.zh} {rating}，公开于 {reveal}。`,
  ),
  'review.check': m('Check it against the log', '对照日志核验'),
  'review.check.valid': m(
    `✓ The ${t.rating.en}, its reveal and its results are the log’s events at these positions, and the ${t.hashChain.en} holds.`,
    `✓ 该${t.rating.zh}、其公开和推广数据正是日志中这些位置的事件，且${t.hashChain.zh}完整。`,
  ),
  'review.check.chain': m(
    `✗ The ${t.hashChain.en} of this ${t.review.en}’s ${t.collaboration.en} is broken.`,
    `✗ 该${t.review.zh}所属${t.collaboration.zh}的${t.hashChain.zh}已断开。`,
  ),
  'review.check.mismatch': m(
    '✗ The log does not say what the review shows at {positions}.',
    '✗ 日志中位置 {positions} 的内容与评价所示不符。',
  ),
  'review.history': m(`Open the ${t.collaboration.en}`, `打开${t.collaboration.zh}`),
  'review.reply': m(`The {side}’s ${t.reply.en} on {at}:`, `{side}于 {at} 的${t.reply.zh}：`),

  'verification.title': m('Verification', '认证'),
  'verification.business': m(cap(t.businessVerification.en), t.businessVerification.zh),
  'verification.since': m('{status} since {since}', '{status}（自 {since} 起）'),
  'verification.unchecked': m('not verified', '未认证'),
  'verification.checked': m('verified on {at}:', '已于 {at} 认证：'),
  'verification.declined': m('The last request was declined:', '上次申请被拒绝：'),
  'verification.submission': m(
    'Submission {number, number} of {at}, registered in {country}:',
    '第 {number, number} 次提交（{at}），注册地：{country}：',
  ),
  'verification.approved': m('Approved on {at}:', '已于 {at} 通过：'),
  'verification.rejected': m('Rejected on {at}:', '已于 {at} 拒绝：'),

  'reports.title': m(`${cap(t.report.en)}s of ${t.review.en}s`, `${t.review.zh}${t.report.zh}`),
  'reports.count': m(
    `${cap(t.report.en)}s of ${t.review.en}s ({count, number})`,
    `${t.review.zh}${t.report.zh}（{count, number}）`,
  ),
  'reports.loading': m(`Loading the ${t.report.en}s…`, `正在加载${t.report.zh}…`),
  'reports.by': m('Reported by', '举报方'),
  'reports.reported': m('Reported', '举报时间'),
  'reports.where': m('Decision', '处理'),
  'reports.text': m(`The ${t.review.en} as written`, `${t.review.zh}原文`),
  'reports.reply': m(`${cap(t.reply.en)}:`, `${t.reply.zh}：`),
  'reports.files': m('{count, plural, one {# file} other {# files}}:', '{count, number} 个文件：'),
  'reports.due': m('Escalated if not decided by {at}', '如在 {at} 前未处理将升级'),
  'reports.escalated': m('Escalated on {at}: decide it first', '已于 {at} 升级：请优先处理'),
  'reports.dismissed': m('Dismissed on {at}', '已于 {at} 驳回'),
  'reports.removed': m('Text removed on {at} ({reason})', '已于 {at} 删除文字（{reason}）'),

  'verifications.title': m('Verifications', '认证申请'),
  'verifications.count': m('Verifications ({count, number})', '认证申请（{count, number}）'),
  'verifications.loading': m('Loading the verifications…', '正在加载认证申请…'),
  'verifications.party': m('Party', '申请方'),
  'verifications.waiting': m('Waiting since', '等待起始时间'),
  'verifications.what': m('To check', '待审核内容'),
};
