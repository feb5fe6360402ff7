import { buildPreset, chatCourtesyDimension, fatalDimension, type PresetEntry, SCENARIO_RULE_IDS, template, WHY } from './common.js';

/** Scenario families that only arise on the phone (or at a front desk). */
const PHONE_ONLY = new Set(['scenario-dialect', 'scenario-personal-call', 'scenario-note-down', 'scenario-wrong-number', 'scenario-transfer', 'scenario-service-request']);

const entries: PresetEntry[] = [
  ['forbidden-phrase', 'error', WHY.forbidden],
  ['filler-only-reply', 'warn', WHY.filler],
  ['greeting', 'warn', `${WHY.greeting}；001「亲，您好，欢迎光顾」`],
  ['closing', 'warn', WHY.closing],
  ['polite-address', 'warn', `${WHY.politeAddress}；001 的示范用语以「亲」称呼客户，故 settings.allowQin 为 true`],
  ['response-time', 'warn', WHY.responseTime, { maxSeconds: 60 }],
  ['long-reply', 'warn', WHY.longReply],
  ['emoji-per-message', 'warn', WHY.emoji],
  ['personal-info-disclosure', 'error', WHY.privacy],
  ['after-sales-order', 'warn', WHY.afterSales],
  ['empathy', 'warn', WHY.empathy],
  ['complaint-reply-promise', 'warn', WHY.promise],
  ...SCENARIO_RULE_IDS.map(
    (id): PresetEntry => (PHONE_ONLY.has(id) ? [id, 'off', '电话或前台场景，在线客服不会出现'] : [id, 'warn', WHY.scenario]),
  ),
];

const built = buildPreset(
  {
    name: 'kefu:ecommerce-chat',
    description: '电商在线客服（001 客服服务准则）：亲可用、每句带表情、60 秒内答复、售后四步',
    settings: { allowQin: true },
    scoring: template('kefu-ecommerce-chat', '电商在线客服质检评分', 80, [
      fatalDimension,
      chatCourtesyDimension,
      {
        id: 'timing',
        name: '响应时效',
        points: 20,
        items: [{ ruleId: 'response-time', points: 4, cap: 20 }],
      },
      {
        id: 'format',
        name: '表达规范',
        points: 10,
        items: [
          { ruleId: 'long-reply', points: 2, cap: 6 },
          { ruleId: 'emoji-per-message', points: 1, cap: 5 },
        ],
      },
      {
        id: 'opening',
        name: '开场与结束',
        points: 10,
        items: [
          { ruleId: 'greeting', points: 5 },
          { ruleId: 'closing', points: 5 },
        ],
      },
      {
        id: 'complaint',
        name: '售后处理',
        points: 15,
        items: [
          { ruleId: 'after-sales-order', points: 8 },
          { ruleId: 'empathy', points: 4 },
          { ruleId: 'complaint-reply-promise', points: 4 },
        ],
      },
      {
        id: 'scenario',
        name: '场景话术',
        points: 10,
        items: SCENARIO_RULE_IDS.filter((id) => !PHONE_ONLY.has(id)).map((ruleId) => ({ ruleId, points: 3 })),
      },
    ]),
  },
  entries,
);

export const ecommerceChat = built.preset;
export const ecommerceChatReasons = built.reasons;
