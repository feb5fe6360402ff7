import { buildPreset, fatalDimension, type PresetEntry, template, WHY } from './common.js';

const FRONT_DESK = '002 物业/酒店客服助理「接待業主來訪和接聽業戶來電…受理業戶投訴、報修」及 004 服务中心场面用语';

const entries: PresetEntry[] = [
  ['forbidden-phrase', 'error', WHY.forbidden],
  ['filler-only-reply', 'warn', WHY.filler],
  ['greeting', 'warn', `${WHY.greeting}；002 問候語「您好、早上好、下午好…」`],
  ['closing', 'warn', `${WHY.closing}；002 告別語「再見、歡迎您下次再來」`],
  ['polite-address', 'warn', `${WHY.politeAddress}；002 稱呼語「先生、小姐、女士…」`],
  ['response-time', 'warn', `${WHY.responseTime}；业户微信/在线报修同样适用`],
  ['long-reply', 'off', '001 电商在线要求，物业前台不适用'],
  ['emoji-per-message', 'off', WHY.emoji],
  ['personal-info-disclosure', 'error', WHY.privacy],
  ['answer-rings', 'warn', WHY.rings],
  ['self-introduction', 'warn', `${WHY.selfIntro}；002「拿起聽筒應首先自我介紹」`],
  ['silent-call-script', 'warn', WHY.silent],
  ['unclear-line', 'warn', WHY.unclear],
  ['hang-up-last', 'warn', WHY.hangUp],
  ['call-length', 'warn', `${WHY.callLength}；接听电话默认不判时长`],
  ['after-sales-order', 'off', '001 电商售后流程；物业报修按 scenario-service-request 与投诉规则判'],
  ['empathy', 'warn', `${WHY.empathy}；002「必要時還要有同情的表情」`],
  ['complaint-reply-promise', 'warn', `${WHY.promise}；002 客服助理「在規定時限內處理…對業戶進行電話回訪」`],
  ['complaint-record', 'warn', `${WHY.record}；002「受理轄區內業戶投訴…並做好相應記錄」`],
  ['scenario-service-request', 'warn', `${FRONT_DESK}：「請問您的房號或請問您現在的位置,我馬上派人過去」`],
  ['scenario-manager-request', 'warn', FRONT_DESK],
  ['scenario-personal-call', 'warn', `${FRONT_DESK}；002「需要留言嗎?我一定轉告!」`],
  ['scenario-transfer', 'warn', FRONT_DESK],
  ['scenario-customer-greeting', 'warn', WHY.scenario],
  ['scenario-customer-thanks', 'warn', `${WHY.scenario}；002 應答語「不要客氣、這是我應該做的」`],
  ['scenario-customer-apology', 'warn', `${WHY.scenario}；002 應答語「沒關系」`],
  ['scenario-holiday-greeting', 'warn', `002 祝賀語「祝您節日愉快…」，004「節日期間,應說:××節快樂」`],
  ['scenario-abusive-customer', 'warn', `${WHY.blame}；002「不得與客戶發生爭吵行為」`],
  ['scenario-attitude-complaint', 'warn', WHY.blame],
  ['scenario-error-complaint', 'warn', WHY.blame],
  ['scenario-harassment', 'warn', WHY.blame],
  ['scenario-date-invitation', 'warn', WHY.blame],
  ['scenario-personal-info-request', 'warn', WHY.privacy],
  ['scenario-slow-answer-complaint', 'warn', WHY.scenario],
  ['scenario-needs-waiting', 'warn', `${WHY.scenario}；004「請稍等,我馬上幫您查」`],
  ['scenario-needs-forgiveness', 'warn', WHY.scenario],
  ['scenario-wrong-number', 'warn', WHY.scenario],
  ['scenario-suggestion', 'warn', `${WHY.scenario}；002 客服助理「收集業戶建議」`],
  ['scenario-impossible-request', 'warn', WHY.scenario],
  ['scenario-consultation-callback', 'warn', WHY.scenario],
  ['scenario-check-understanding', 'warn', WHY.scenario],
  ['scenario-equipment-fault', 'warn', WHY.scenario],
  ['scenario-internal-number', 'warn', WHY.scenario],
  ['scenario-note-down', 'warn', WHY.scenario],
  ['scenario-dialect', 'warn', `${WHY.scenario}；002「上班時要使用禮貌用語,說普通話」`],
];

const built = buildPreset(
  {
    name: 'kefu:property-service',
    description: '物业服务中心/酒店前台（002 客服人员礼仪：电话礼仪、礼貌用语、报修与投诉受理，004 服务中心场面用语）',
    settings: { allowQin: false },
    scoring: template('kefu-property-service', '物业/前台服务质检评分', 80, [
      fatalDimension,
      {
        id: 'courtesy',
        name: '礼貌用语',
        points: 25,
        items: [
          { ruleId: 'forbidden-phrase', points: 10 },
          { ruleId: 'filler-only-reply', points: 3 },
          { ruleId: 'polite-address', points: 5 },
          { ruleId: 'greeting', points: 5 },
          { ruleId: 'closing', points: 5 },
        ],
      },
      {
        id: 'phone',
        name: '电话礼仪',
        points: 20,
        items: [
          { ruleId: 'answer-rings', points: 5 },
          { ruleId: 'self-introduction', points: 5 },
          { ruleId: 'hang-up-last', points: 5 },
          { ruleId: 'silent-call-script', points: 3 },
          { ruleId: 'unclear-line', points: 3 },
          { ruleId: 'call-length', points: 3 },
        ],
      },
      {
        id: 'service',
        name: '报修与求助受理',
        points: 20,
        items: [
          { ruleId: 'scenario-service-request', points: 10 },
          { ruleId: 'scenario-manager-request', points: 5 },
          { ruleId: 'scenario-personal-call', points: 5 },
          { ruleId: 'scenario-transfer', points: 5 },
          { ruleId: 'response-time', points: 3, cap: 9 },
        ],
      },
      {
        id: 'complaint',
        name: '投诉受理',
        points: 15,
        items: [
          { ruleId: 'complaint-record', points: 5 },
          { ruleId: 'complaint-reply-promise', points: 5 },
          { ruleId: 'empathy', points: 5 },
        ],
      },
      {
        id: 'scenario',
        name: '场景话术',
        points: 10,
        items: entries.filter(([id, s]) => id.startsWith('scenario-') && s !== 'off' && !['scenario-service-request', 'scenario-manager-request', 'scenario-personal-call', 'scenario-transfer'].includes(id)).map(([ruleId]) => ({ ruleId, points: 3 })),
      },
    ]),
  },
  entries,
);

export const propertyService = built.preset;
export const propertyServiceReasons = built.reasons;
