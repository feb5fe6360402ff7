import { buildPreset, fatalBlame, fatalPrivacy, SCENARIO_RULE_IDS, template, WHY, type PresetEntry } from './common.js';

const entries: PresetEntry[] = [
  ['forbidden-phrase', 'error', `${WHY.forbidden}：呼叫中心考核标准，命中即致命项`],
  ['filler-only-reply', 'warn', `${WHY.filler}；004 电话销售技巧十二「盡量少用…“嗯、這個、那麼”等」`],
  ['greeting', 'warn', WHY.greeting],
  ['closing', 'warn', WHY.closing],
  ['polite-address', 'warn', WHY.politeAddress],
  ['response-time', 'off', '在线渠道的 60 秒答复要求，电话由 answer-rings 判'],
  ['long-reply', 'off', '分次回答是在线文字的要求，电话不适用'],
  ['emoji-per-message', 'off', WHY.emoji],
  ['personal-info-disclosure', 'error', WHY.privacy],
  ['answer-rings', 'warn', `${WHY.rings}；004 §15 更严：铃响三声后接起即须致歉`, { maxRings: 3, apologiseAtRings: 4, openingAgentTurns: 2 }],
  ['self-introduction', 'warn', WHY.selfIntro],
  ['silent-call-script', 'warn', WHY.silent],
  ['unclear-line', 'warn', WHY.unclear],
  ['hang-up-last', 'warn', WHY.hangUp],
  ['call-length', 'warn', `${WHY.callLength}；接听电话默认不判时长`],
  ['after-sales-order', 'warn', `${WHY.afterSales}；004 售后服务用语同样要求先了解再致歉、安抚、解决`],
  ['empathy', 'warn', WHY.empathy],
  ['complaint-reply-promise', 'warn', WHY.promise],
  ['complaint-record', 'warn', WHY.record],
  ...SCENARIO_RULE_IDS.map(
    (id): PresetEntry =>
      id === 'scenario-service-request' ? [id, 'off', '酒店/物业前台话术，见 kefu:property-service'] : [id, 'warn', WHY.scenario],
  ),
];

const built = buildPreset(
  {
    name: 'kefu:call-center',
    description: '呼叫中心电话客服（004 服务中心标准礼貌用语与 34 条场景话术 + 002 电话礼仪）',
    settings: { allowQin: false },
    scoring: template('kefu-call-center', '呼叫中心质检评分', 85, [
      {
        id: 'fatal',
        name: '致命项',
        points: 10,
        items: [fatalPrivacy, ...fatalBlame, { ruleId: 'forbidden-phrase', points: 100, fatal: true, minSeverity: 'error' }],
      },
      {
        id: 'opening',
        name: '开场规范',
        points: 15,
        items: [
          { ruleId: 'greeting', points: 5 },
          { ruleId: 'self-introduction', points: 5 },
          { ruleId: 'answer-rings', points: 5 },
        ],
      },
      {
        id: 'courtesy',
        name: '礼貌用语',
        points: 15,
        items: [
          { ruleId: 'filler-only-reply', points: 3 },
          { ruleId: 'polite-address', points: 5 },
        ],
      },
      {
        id: 'phone',
        name: '电话礼仪',
        points: 15,
        items: [
          { ruleId: 'silent-call-script', points: 5 },
          { ruleId: 'unclear-line', points: 5 },
          { ruleId: 'hang-up-last', points: 5 },
          { ruleId: 'call-length', points: 3 },
        ],
      },
      { id: 'scenario', name: '场景话术', points: 20, items: SCENARIO_RULE_IDS.map((ruleId) => ({ ruleId, points: 5 })) },
      {
        id: 'complaint',
        name: '投诉处理',
        points: 15,
        items: [
          { ruleId: 'complaint-record', points: 5 },
          { ruleId: 'complaint-reply-promise', points: 5 },
          { ruleId: 'empathy', points: 5 },
          { ruleId: 'after-sales-order', points: 3 },
        ],
      },
      { id: 'closing', name: '结束规范', points: 10, items: [{ ruleId: 'closing', points: 5 }] },
    ]),
  },
  entries,
);

export const callCenter = built.preset;
export const callCenterReasons = built.reasons;
