import Type from 'typebox';
import { defineRule } from '../engine/types.js';

/** 您好 and the forms ASR makes of it. */
export const HELLO = ['您好', '你好', '您號', '泥好', '您早', '早上好', '上午好', '中午好', '下午好', '晚上好'];
/** Words that name the service or the agent: a centre, a hotline, a brand, a 工号, 我是… */
export const IDENTITY = [
  '服务中心', '客服中心', '客服部', '客服', '热线', '中心', '公司', '物业', '前台', '总台', '服务台', '酒店', '店铺',
  '工号', '号为您服务', '号很高兴', '号客服', '号话务员', '号服务', '我是', '这里是', '这边是',
];

export const selfIntroduction = defineRule<{ serviceNames: string[]; firstAgentTurns: number }>({
  meta: {
    id: 'self-introduction',
    description: '接听电话第一句：您好 + 服务名称或工号（您好！服务中心，请问有什么可以帮您？）',
    category: 'opening',
    defaultSeverity: 'warn',
    channels: ['call'],
    scope: 'conversation',
    realtime: false,
    source: [
      { file: '004_753ea7082ac4ddd9.txt', section: '1. 電話客服用語', quote: '接聽電話第一句說:「您好!服務中心,請問有什麼可以幫您?」' },
      { file: '004_753ea7082ac4ddd9.txt', section: '1. 電話客服用語', quote: '打出電話第一句說:「您好!我是客房部服務中心××號,麻煩您……」' },
      { file: '004_753ea7082ac4ddd9.txt', section: '3. 客服中心服務規范有那些用語 §1', quote: '1、問候語:「您好,申通***號很高興為您服務,請問有什麼可以幫助您!」' },
      { file: '002_ce8742f866afbada.txt', section: '一、客服電話禮儀 / 確認對方', quote: '接到對方打來的電話,您拿起聽筒應首先自我介紹:“你好!我是某某某。”' },
    ],
    optionsSchema: Type.Object(
      {
        serviceNames: Type.Array(Type.String({ minLength: 1 }), { description: '本中心的服务名称（如 申通、10086、XX物业服务中心），也算自我介绍' }),
        firstAgentTurns: Type.Integer({ minimum: 1, maximum: 3, description: 'ASR 可能把第一句切成几段：在客服的前几段内完成即可' }),
      },
      { additionalProperties: false },
    ),
    messages: {
      noHello: '接听第一句未以「您好」开头',
      noIdentity: '接听第一句未报服务名称或工号',
      neither: '接听第一句未问候，也未报服务名称或工号',
    },
  },
  defaultOptions: { serviceNames: [], firstAgentTurns: 1 },
  phrases: ({ options }) => ({ hello: HELLO, identity: [...IDENTITY, ...options.serviceNames] }),
  create(context) {
    return {
      conversationEnd() {
        const view = context.view;
        const first = view.agentTurns[0];
        if (first === undefined) {
          context.notApplicable('客服没有发言');
          return;
        }
        const opening = view.agentTurns.slice(0, context.options.firstAgentTurns).map((i) => view.turns[i]!);
        const hello = opening.some((t) => t.hits('hello').length > 0);
        // A 工号 spoken as digits: 您好，1234号为您服务 / 工号 0427.
        const identity = opening.some((t) => t.hits('identity').length > 0 || /\d{2,}\s*号/.test(t.norm.text) || /[××*＊]+号/.test(t.norm.text));
        if (hello && identity) return;
        const outbound = context.conversation.meta?.['direction'] === 'outbound';
        const suggestion = outbound ? '您好！我是××服务中心××号，麻烦您……' : '您好！服务中心××号，请问有什么可以帮您？';
        context.report({ turn: first, messageId: !hello && !identity ? 'neither' : !hello ? 'noHello' : 'noIdentity', suggestion });
      },
    };
  },
});
