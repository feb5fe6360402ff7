import { buildPreset, chatCourtesyDimension, fatalDimension, type PresetEntry, SCENARIO_RULE_IDS, template, WHY } from './common.js';

const entries: PresetEntry[] = [
  ['forbidden-phrase', 'error', WHY.forbidden],
  ['filler-only-reply', 'warn', WHY.filler],
  ['greeting', 'warn', WHY.greeting],
  ['closing', 'warn', WHY.closing],
  ['polite-address', 'warn', WHY.politeAddress],
  ['response-time', 'warn', WHY.responseTime],
  ['long-reply', 'warn', WHY.longReply],
  ['emoji-per-message', 'off', WHY.emoji],
  ['personal-info-disclosure', 'error', WHY.privacy],
  ['after-sales-order', 'warn', WHY.afterSales],
  ['empathy', 'warn', WHY.empathy],
  ['complaint-reply-promise', 'warn', WHY.promise],
  ['complaint-record', 'warn', WHY.record],
  ['answer-rings', 'warn', WHY.rings],
  ['self-introduction', 'warn', WHY.selfIntro],
  ['silent-call-script', 'warn', WHY.silent],
  ['unclear-line', 'warn', WHY.unclear],
  ['hang-up-last', 'warn', WHY.hangUp],
  ['call-length', 'warn', `${WHY.callLength}；接听电话默认不判时长`],
  ...SCENARIO_RULE_IDS.map(
    (id): PresetEntry =>
      id === 'scenario-service-request'
        ? [id, 'off', '004「客人來電要求服務時…我馬上派人過去」是酒店/物业前台话术，见 kefu:property-service']
        : [id, 'warn', WHY.scenario],
  ),
];

const built = buildPreset(
  {
    name: 'kefu:recommended',
    description: '通用服务规范：适用于在线、电话与邮件的所有渠道（000、001、002、003、004 中各渠道通用的要求）',
    settings: { allowQin: false },
    scoring: template('kefu-recommended', '通用质检评分', 80, [
      fatalDimension,
      chatCourtesyDimension,
      {
        id: 'opening',
        name: '开场与结束',
        points: 15,
        items: [
          { ruleId: 'greeting', points: 5 },
          { ruleId: 'self-introduction', points: 5 },
          { ruleId: 'closing', points: 5 },
        ],
      },
      {
        id: 'complaint',
        name: '投诉处理',
        points: 15,
        items: [
          { ruleId: 'after-sales-order', points: 5 },
          { ruleId: 'empathy', points: 5 },
          { ruleId: 'complaint-reply-promise', points: 5 },
          { ruleId: 'complaint-record', points: 5 },
        ],
      },
      { id: 'scenario', name: '场景话术', points: 15, items: SCENARIO_RULE_IDS.map((ruleId) => ({ ruleId, points: 5 })) },
      {
        id: 'phone',
        name: '电话礼仪',
        points: 10,
        items: [
          { ruleId: 'answer-rings', points: 3 },
          { ruleId: 'silent-call-script', points: 3 },
          { ruleId: 'unclear-line', points: 3 },
          { ruleId: 'hang-up-last', points: 3 },
          { ruleId: 'call-length', points: 2 },
        ],
      },
      {
        id: 'timing',
        name: '响应与表达',
        points: 10,
        items: [
          { ruleId: 'response-time', points: 3, cap: 6 },
          { ruleId: 'long-reply', points: 2, cap: 4 },
        ],
      },
    ]),
  },
  entries,
);

export const recommended = built.preset;
export const recommendedReasons = built.reasons;
