/**
 * The domain's words in both languages: one term, one translation, everywhere the apps speak.
 * The Chinese side takes the sellers' own words where the source guide has them
 * (docs/seed/creator-collaboration-evaluation.zh.txt, quoted in `guide`); the messages
 * (web/i18n/messages/) are written with these terms, and docs/GLOSSARY.md is made from this file
 * (`npm run glossary`; a unit test fails when it drifts).
 */
export interface Term {
  readonly en: string;
  readonly zh: string;
  /** What it means here, when the word alone could mislead. */
  readonly note?: { readonly en: string; readonly zh: string };
  /** Where the guide uses the Chinese word, in its own words. */
  readonly guide?: string;
}

export interface GlossarySection {
  readonly title: { readonly en: string; readonly zh: string };
  readonly terms: Readonly<Record<string, Term>>;
}

const people = {
  creator: {
    en: 'creator',
    zh: '达人',
    note: {
      en: 'An overseas social-media creator (KOL or KOC) a seller hires.',
      zh: '卖家雇用的海外社交媒体创作者（KOL/KOC）。',
    },
    guide: '与联星出海平台上的达人(KOL/KOC)完成推广合作',
  },
  seller: {
    en: 'seller',
    zh: '卖家',
    note: { en: 'A brand or cross-border shop.', zh: '品牌或跨境店铺。' },
    guide: '跨境品牌或卖家',
  },
  arbitrator: {
    en: 'arbitrator',
    zh: '仲裁员',
    note: { en: 'Platform staff who resolve disputes.', zh: '处理争议的平台人员。' },
  },
  auditor: {
    en: 'auditor',
    zh: '审计员',
    note: {
      en: 'Compliance, finance or an outside reviewer: reads everything, writes nothing.',
      zh: '合规、财务或外部审查人员：可读全部记录，不能写入。',
    },
  },
  platform: {
    en: 'platform',
    zh: '平台',
    note: {
      en: 'The service itself, acting when a deadline passes.',
      zh: '服务本身：期限届满时由平台执行。',
    },
  },
} as const;

const collaboration = {
  collaboration: { en: 'collaboration', zh: '合作', guide: '完成达人合作订单' },
  brief: {
    en: 'brief',
    zh: '合作需求',
    note: {
      en: 'What the seller asks for: product, content form, dates, fee.',
      zh: '卖家提出的条款：产品、内容形式、交付时间、费用。',
    },
    guide: '发起合作需求,确认达人报价、内容形式、交付时间等条款',
  },
  proposal: { en: 'proposal', zh: '合作邀请' },
  counterOffer: {
    en: 'counter-offer',
    zh: '还价',
    note: {
      en: 'The fee, dates and deliverables one side answers an offer with, before acceptance.',
      zh: '接受之前，一方针对报价提出的费用、交付时间和交付内容。',
    },
    guide: '确认达人报价、内容形式、交付时间等条款',
  },
  contentFormat: { en: 'content form', zh: '内容形式', guide: '内容形式' },
  category: { en: 'category', zh: '类目', guide: '产品类目' },
  market: { en: 'target market', zh: '目标市场', guide: '目标市场与语言要求' },
  script: { en: 'script', zh: '脚本', guide: '跟踪达人脚本提交、修改反馈' },
  revisionRequest: { en: 'revision request', zh: '修改意见', guide: '所有修改意见应通过平台留痕' },
  revisionLimit: { en: 'revision limit', zh: '修改次数上限', guide: '未规定内容修改次数上限' },
  publish: { en: 'publish', zh: '发布', guide: '检查是否按约定时间发布' },
  contentReview: { en: 'content review', zh: '内容验收', guide: '验收发布内容' },
  contentFix: {
    en: 'fix',
    zh: '整改',
    note: {
      en: 'The creator’s correction of published content the seller reviewed with issues.',
      zh: '卖家验收发现问题后，达人对已发布内容的修正。',
    },
  },
  metrics: { en: 'metrics', zh: '推广数据', guide: '获取推广数据' },
  views: { en: 'views', zh: '播放量', guide: '收集播放量、点赞、评论、引流点击、转化订单等指标' },
  likes: { en: 'likes', zh: '点赞' },
  comments: { en: 'comments', zh: '评论' },
  shares: { en: 'shares', zh: '分享' },
  clicks: { en: 'clicks', zh: '引流点击' },
  orders: { en: 'orders', zh: '转化订单' },
  gmv: { en: 'GMV', zh: 'GMV（成交额）' },
  measurementWindow: {
    en: 'measurement window',
    zh: '数据稳定期',
    note: { en: 'Days after publishing until the metrics count as final.', zh: '发布后数据视为最终的天数。' },
    guide: '等待7-14天数据稳定期',
  },
  disclosure: { en: 'ad disclosure', zh: '广告标注', guide: '必须标注#ad' },
  usageRights: { en: 'usage rights', zh: '使用权', guide: '在合作前确认视频使用权' },
  usageRightsExtension: {
    en: 'usage rights extension',
    zh: '使用权续期',
    note: {
      en: 'An amendment the seller proposes and the creator accepts: a later end, maybe for a fee.',
      zh: '卖家提出、达人接受的补充约定：延长使用期限，可附带费用。',
    },
    guide: '避免后期无法二次传播',
  },
  tracking: { en: 'tracking', zh: '数据追踪', guide: '提前配置UTM链接或专属折扣码' },
  discountCode: { en: 'discount code', zh: '专属折扣码' },
  message: { en: 'message', zh: '沟通记录', guide: '不保存沟通记录' },
  library: {
    en: 'creator library',
    zh: '私域达人库',
    note: { en: 'A seller’s own, private list of creators.', zh: '卖家自己的、不公开的达人名单。' },
    guide: '卖家自身也可积累私域达人库',
  },
  template: { en: 'brief template', zh: '需求模板', guide: '形成可复制的合作SOP' },
} as const;

const money = {
  fee: { en: 'fee', zh: '费用', guide: '达人报价' },
  milestone: {
    en: 'payment milestone',
    zh: '付款节点',
    guide: '建议采用分阶段付款',
  },
  deposit: { en: 'deposit', zh: '定金' },
  finalPayment: { en: 'final payment', zh: '尾款', guide: '尾款绑定内容发布与数据达标' },
  release: { en: 'release', zh: '放款' },
  hold: { en: 'hold', zh: '暂停支付', guide: '同时暂停尾款支付' },
  refund: { en: 'refund', zh: '退款' },
} as const;

const ratings = {
  rating: {
    en: 'rating',
    zh: '评价',
    note: {
      en: 'Scores per dimension with a specific comment, given by each side; hidden until both have rated.',
      zh: '双方各自按维度打分并填写具体反馈；双方都评价后才同时公开。',
    },
    guide: '从多个维度对达人进行评分和文字反馈',
  },
  score: { en: 'score', zh: '评分' },
  dimension: {
    en: 'dimension',
    zh: '评价维度',
    guide: '根据预设维度(如内容质量、发布时间、沟通效率、合规性)打分',
  },
  tag: { en: 'tag', zh: '标签' },
  ratingReview: { en: 'rating review', zh: '评价审核', guide: '平台会对异常评分进行审核' },
  reputation: { en: 'reputation', zh: '信誉' },
  creditScore: { en: 'credit score', zh: '信用评分', guide: '达人信用评分' },
  grade: { en: 'grade', zh: '信用等级', guide: '信用评级' },
  recommendationWeight: { en: 'recommendation weight', zh: '推荐权重', guide: '推荐权重与信用评级' },
  engagementRate: { en: 'engagement rate', zh: '互动率', guide: '真实互动率' },
  conversionRate: { en: 'conversion rate', zh: '转化率', guide: '转化反馈' },
  onTimeRate: { en: 'on-time rate', zh: '按时发布率' },
  completionRate: { en: 'completion rate', zh: '完成率' },
  disputeLossRate: { en: 'dispute loss rate', zh: '争议败诉率' },
} as const;

const reviews = {
  review: {
    en: 'review',
    zh: '公开评价',
    note: {
      en: 'A revealed rating that rating review does not hold: what every signed-in user reads of a creator or a seller.',
      zh: '已公开且未被评价审核暂扣的评价：所有登录用户都能看到的达人或卖家评价。',
    },
    guide: '作为其他卖家后续选择达人的重要参考依据',
  },
  reply: { en: 'reply', zh: '回复' },
  report: {
    en: 'report',
    zh: '举报',
    note: {
      en: 'The reviewed side asks arbitration to remove a review’s text.',
      zh: '被评价方请求仲裁删除一条评价的文字内容。',
    },
    guide: '不涉及人身攻击或虚假指控',
  },
  businessVerification: {
    en: 'business verification',
    zh: '企业认证',
    note: {
      en: 'A seller’s registration number, store link and licence, checked by an arbitrator.',
      zh: '卖家的注册号、店铺链接和营业执照，由仲裁员审核。',
    },
    guide: '注册联星出海平台商家账号并通过企业认证',
  },
} as const;

const disputes = {
  dispute: { en: 'dispute', zh: '争议', guide: '在平台订单内发起争议申请' },
  evidence: { en: 'evidence', zh: '证据', guide: '上传证据(聊天记录、未发布证明、违规内容截图)' },
  statement: { en: 'statement', zh: '陈述' },
  resolution: { en: 'resolution', zh: '裁决' },
  outcome: { en: 'outcome', zh: '裁决结果' },
  escalation: {
    en: 'escalation',
    zh: '升级处理',
    note: { en: 'A dispute no arbitrator decided within 30 days.', zh: '30 天内没有仲裁员作出裁决的争议。' },
  },
} as const;

const audit = {
  event: {
    en: 'event',
    zh: '事件',
    note: { en: 'One recorded step; never changed afterwards.', zh: '一条记录下来的步骤，之后不可更改。' },
  },
  timeline: { en: 'timeline', zh: '时间线' },
  revision: {
    en: 'revision',
    zh: '修订号',
    note: {
      en: 'The number of an event within its collaboration, from 0.',
      zh: '事件在其合作中的序号，从 0 开始。',
    },
  },
  position: {
    en: 'log position',
    zh: '日志位置',
    note: { en: 'The event’s place in the whole log.', zh: '事件在整个日志中的位置。' },
  },
  hashChain: {
    en: 'hash chain',
    zh: '哈希链',
    note: {
      en: 'Each event carries the SHA-256 of the one before it: a changed byte breaks the chain.',
      zh: '每个事件都带有上一个事件的 SHA-256：改动任何一个字节都会使链断开。',
    },
  },
  asOf: { en: 'as of', zh: '回溯至' },
  signedExport: { en: 'signed export', zh: '签名导出文件' },
} as const;

/** The glossary, section by section, as docs/GLOSSARY.md shows it. */
export const GLOSSARY_SECTIONS: readonly GlossarySection[] = [
  { title: { en: 'People', zh: '角色' }, terms: people },
  { title: { en: 'The collaboration', zh: '合作' }, terms: collaboration },
  { title: { en: 'Money', zh: '款项' }, terms: money },
  { title: { en: 'Ratings and reputation', zh: '评价与信誉' }, terms: ratings },
  { title: { en: 'Reviews and verified parties', zh: '公开评价与认证' }, terms: reviews },
  { title: { en: 'Disputes', zh: '争议' }, terms: disputes },
  { title: { en: 'Audit', zh: '审计' }, terms: audit },
];

/** Every term by its id, for the messages to write with. */
export const TERMS = {
  ...people,
  ...collaboration,
  ...money,
  ...ratings,
  ...reviews,
  ...disputes,
  ...audit,
} as const;
export type TermId = keyof typeof TERMS;
