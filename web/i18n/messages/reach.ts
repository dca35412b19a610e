import { cap, m, t, type Messages } from './message.js';

/** The console's words around notifications (what each one says: notifications.ts). */
export const NOTIFICATIONS_UI: Messages = {
  'notifications.title': m('Notifications', '通知'),
  'notifications.count': m(
    'Notifications ({count, number}, {unread, number} unread)',
    '通知（共 {count, number} 条，{unread, number} 条未读）',
  ),
  'notifications.loading': m('Loading notifications…', '正在加载通知…'),
  'notifications.unreadOnly': m('Unread only', '只看未读'),
  'notifications.markRead': m('Mark all as read', '全部标为已读'),
  'notifications.none': m('Nothing to tell you yet.', '暂无通知。'),
  'notifications.when': m('When', '时间'),
  'notifications.what': m('What happened', '发生了什么'),
  'notifications.new': m('new', '新'),
};

/** The console's words for webhook endpoints and their delivery log (DOMAIN.md § Webhooks). */
export const WEBHOOKS_UI: Messages = {
  'webhooks.title': m('Webhooks', 'Webhook'),
  'webhooks.intro': m(
    `Your systems hear of every event of your ${t.collaboration.en}s as it happens: each delivery is signed (Standard Webhooks), retried for 3 days, and can be replayed from any ${t.position.en} of the log.`,
    `你的系统会实时收到你的${t.collaboration.zh}中的每个事件：每次投递都带签名（Standard Webhooks），失败后重试 3 天，并可从日志的任一${t.position.zh}重新投递。`,
  ),
  'webhooks.loading': m('Loading your webhook endpoints…', '正在加载你的 Webhook 端点…'),
  'webhooks.none': m('No webhook endpoint yet.', '还没有 Webhook 端点。'),
  'webhooks.url': m('URL', '地址'),
  'webhooks.status': m('Status', '状态'),
  'webhooks.description': m('Description', '说明'),
  'webhooks.eventTypes': m('Event types', '事件类型'),
  'webhooks.eventTypesHint': m('empty: every type', '留空：全部类型'),
  'webhooks.everyType': m('Every event type', '全部事件类型'),
  'webhooks.delivered': m('Deliveries', '投递'),
  'webhooks.deliveredUpTo': m(
    `Delivered up to ${t.position.en} {position}`,
    `已投递至${t.position.zh} {position}`,
  ),
  'webhooks.failing': m(
    `the event at ${t.position.en} {position} failed {attempts, plural, one {# time} other {# times}}; next try {next}`,
    `${t.position.zh} {position} 的事件已失败 {attempts, number} 次；下次重试 {next}`,
  ),
  'webhooks.secret': m('Signing secret', '签名密钥'),
  'webhooks.generation': m('generation {generation, number}', '第 {generation, number} 代'),
  'webhooks.previousValid': m('the one before also signs until {until}', '上一代密钥在 {until} 前仍会签名'),
  'webhooks.secretOnce': m(
    'The signing secret of {endpointId}. Copy it now: it is shown this once and stored nowhere. Verify each delivery with it.',
    '{endpointId} 的签名密钥。请立即复制：它只显示这一次，不会存储在任何地方。用它验证每次投递。',
  ),
  'webhooks.secretDone': m('I have copied it', '我已复制'),
  'webhooks.add': m('Add an endpoint', '添加端点'),
  'webhooks.addButton': m('Add', '添加'),
  'webhooks.deliveries': m('Delivery log', '投递记录'),
  'webhooks.rotate': m('New secret', '更换密钥'),
  'webhooks.disable': m('Disable', '停用'),
  'webhooks.enable': m('Enable', '启用'),
  'webhooks.delete': m('Delete', '删除'),
  'webhooks.deleteConfirm': m(
    'Delete this endpoint? Nothing more will be delivered to it.',
    '删除此端点？之后不会再向它投递任何内容。',
  ),
  'webhooks.back': m('All webhook endpoints', '全部 Webhook 端点'),
  'webhooks.replayFrom': m(`Deliver again from ${t.position.en}`, `从${t.position.zh}重新投递`),
  'webhooks.replay': m('Replay', '重新投递'),
  'webhooks.replayHint': m(
    `every event from that ${t.position.en} on, in order; a ${t.collaboration.en}’s ${t.timeline.en} shows each event’s`,
    `按顺序投递该${t.position.zh}起的每个事件；${t.collaboration.zh}的${t.timeline.zh}会显示每个事件的${t.position.zh}`,
  ),
  'webhooks.replayed': m(
    `Replay asked: every event from ${t.position.en} {position} on is delivered again.`,
    `已请求重新投递：${t.position.zh} {position} 起的每个事件将再次投递。`,
  ),
  'deliveries.count': m(
    '{id}: delivery log ({count, plural, one {# attempt} other {# attempts}})',
    '{id}：投递记录（{count, number} 次尝试）',
  ),
  'deliveries.reload': m('Refresh', '刷新'),
  'deliveries.started': m('Tried', '尝试时间'),
  'deliveries.event': m('Event', '事件'),
  'deliveries.position': m(cap(t.position.en), t.position.zh),
  'deliveries.replayed': m('replayed', '重新投递'),
  'deliveries.attempt': m('Attempt', '第几次'),
  'deliveries.outcome': m('Outcome', '结果'),
  'deliveries.response': m('The receiver’s answer', '接收方的应答'),
  'deliveries.latency': m('Took', '耗时'),
  'deliveries.ms': m('{ms} ms', '{ms} 毫秒'),
  'deliveries.next': m('Next try', '下次重试'),
};
