import Type from 'typebox';
import { defineRule } from '../engine/types.js';
import { SCENARIOS_BY_ID } from '../knowledge/scenarios.js';

/** Mainland mobile numbers, also written 138-1234-5678 / 138 1234 5678. */
const MOBILE = /(?<![\d])1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?![\d])/g;
/** Landlines: 0 + 2–3-digit area code + 7–8 digits (021-12345678, (0755)1234567); flagged only with a person cue. */
const LANDLINE = /(?<![\d])\(?0\d{2,3}\)?[\s-]?\d{7,8}(?![\d])/g;
const NUMBER_PATTERNS = [MOBILE, LANDLINE];

const DIGIT = /[0-9]/;

/** Service numbers a customer may always be given: 400/800 hotlines, 95xxx, 5-digit 1xxxx/12xxx. */
const SERVICE_NUMBER = /^(?:[48]00\d{7}|95\d{3,6}|1\d{4}|12\d{3})$/;
/** Preceding words that make the number the customer's own (read back for confirmation) or an example. */
const CUSTOMERS_OWN = /(您的|您留的|您预留|您登记|您绑定|您提供|您这个|您联系|您尾号|尾号|您的手机|你的|您来电|来电号码|例如|比如|如:|如：)[^，,。.!?！？]{0,8}$/;
/** A number followed by a question is being confirmed with the customer, not given out. */
const CONFIRMATION = /^[^，,。.!！]{0,8}(吗|对吗|是吗|\?)/;
/** A landline is a business number unless a person is named just before it. */
const PERSON_CUE = /(业务员|快递员|快递小哥|配送员|师傅|经理|主管|同事|我的|我家|私人|手机)[^，,。.!?！？]{0,8}$/;
/** Contacts that are never given: a personal WeChat / QQ / home address, or a full name on request. */
export const PRIVATE_CONTACT = ['我的微信', '我微信', '加我微信', '我的vx', '我的wx', '我vx', '我wx', '我的qq', '我qq', '加我qq', '我家住', '我住在', '我家在', '我的私人', '我私人电话', '我手机号', '我的手机号', '我的手机是', '他的手机号是', '她的手机号是', '他的手机是', '她的手机是', '他的微信号', '她的微信号', '他的电话是', '她的电话是', '业务员电话是', '业务员的电话是', '快递员电话是', '快递员的电话是', '配送员电话是', '配送员的电话是', '师傅电话是', '师傅的电话是'];
const FULL_NAME = /(我叫|我的名字是|我的名字叫|我的全名是|我全名是)[\u4e00-\u9fff]{2,3}(?=[,.!?;，。！？；\s]|$)/;

export const personalInfoDisclosure = defineRule<{ allowedNumbers: string[] }>({
  meta: {
    id: 'personal-info-disclosure',
    description: '不得将业务员或本人的电话、微信、住址、全名等个人信息告知客户（只能通报工号；公司热线除外）',
    category: 'privacy',
    defaultSeverity: 'error',
    channels: ['chat', 'call', 'email'],
    scope: 'turn',
    realtime: true,
    source: [
      { file: '004_753ea7082ac4ddd9.txt', section: '3. 客服中心服務規范有那些用語 §14', quote: '不可以將業務員電話直接告知客戶' },
      { file: '004_753ea7082ac4ddd9.txt', section: '3. 客服中心服務規范有那些用語 §23', quote: '若客戶堅持要求,告訴客戶公司規定只能通報工號。' },
    ],
    optionsSchema: Type.Object(
      { allowedNumbers: Type.Array(Type.String({ pattern: '^[0-9 ()-]+$' }), { description: '可以告知客户的公司号码（总机、部门热线），400/800/95xxx/1xxxx 已默认允许' }) },
      { additionalProperties: false },
    ),
    messages: {
      number: '客服告知了个人/业务员电话号码「{{text}}」（只能提供公司热线或代为联系）',
      contact: '客服告知了个人联系方式或住址「{{text}}」',
      name: '客户询问个人信息时客服告知了姓名「{{text}}」（只能通报工号）',
    },
  },
  defaultOptions: { allowedNumbers: [] },
  phrases: () => ({ contact: PRIVATE_CONTACT, ask: SCENARIOS_BY_ID.get('personal-info-request')!.triggers }),
  create(context) {
    const allowed = new Set(context.options.allowedNumbers.map((n) => n.replace(/\D/g, '')));
    const suggestion = '对不起，公司规定只能通报工号，我的工号是×××号。您能否将具体情况和联系电话告诉我，我帮您联系好吗？';
    let lastCustomerAsked = false;
    return {
      turn(t) {
        if (t.role === 'customer') {
          lastCustomerAsked = t.hits('ask').length > 0;
          return;
        }
        if (t.role !== 'agent') return;
        const text = t.norm.text;
        // Both patterns need digits; most replies have none (normalisation made them half-width).
        for (const re of DIGIT.test(text) ? NUMBER_PATTERNS : []) {
          re.lastIndex = 0;
          for (let m = re.exec(text); m; m = re.exec(text)) {
            const digits = m[0].replace(/\D/g, '');
            if (SERVICE_NUMBER.test(digits) || allowed.has(digits) || /^(\d)\1+$/.test(digits.slice(1))) continue;
            const before = text.slice(Math.max(0, m.index - 14), m.index);
            if (CUSTOMERS_OWN.test(before) || CONFIRMATION.test(text.slice(m.index + m[0].length))) continue;
            if (re === LANDLINE && !PERSON_CUE.test(before)) continue;
            const span = t.toOriginal(m.index, m.index + m[0].length);
            context.report({ turn: t.index, ...span, messageId: 'number', data: { text: t.turn.text.slice(span.start, span.end) }, suggestion });
            return;
          }
        }
        const contact = t.hits('contact')[0];
        if (contact) {
          const span = t.toOriginal(contact.start, contact.end);
          context.report({ turn: t.index, ...span, messageId: 'contact', data: { text: t.turn.text.slice(span.start, span.end) }, suggestion });
          return;
        }
        const name = lastCustomerAsked ? FULL_NAME.exec(text) : null;
        if (name) {
          const span = t.toOriginal(name.index, name.index + name[0].length);
          context.report({ turn: t.index, ...span, messageId: 'name', data: { text: t.turn.text.slice(span.start, span.end) }, suggestion });
        }
      },
    };
  },
});
