/**
 * Detectors for personal data in Chinese customer-service text.
 *
 * Every detector runs on the normalised view of the text (src/text/normalize.ts: full-width →
 * half-width, Traditional → Simplified, lower case, whitespace runs collapsed) and reports spans in
 * the ORIGINAL text through `toOriginalSpan`, so "１３８ １２３４ ５６７８" is found and its offsets
 * point at the full-width characters the customer typed.
 *
 * Precision comes from validation (GB 11643 check digit, Luhn, area-code shape, date fields) and
 * from context: a number right after 订单号 / 工号 / 型号 / 快递单号 … is not a phone or a card; a
 * card right after 卡号 / 银行卡 is more certain. Recall and precision per kind are measured on
 * test/fixtures/pii/*.jsonl (`npm run eval`, section "pii").
 */
import { normalize, toOriginalSpan, type NormalizedText } from '../../text/normalize.js';
import { PII_KINDS, type PiiKind, type PiiSpan } from './types.js';

export interface DetectOptions {
  /** Only these kinds (default: all). */
  kinds?: readonly PiiKind[];
  /** Drop spans below this confidence (default 0.5). */
  minConfidence?: number;
  /**
   * Extra order-number patterns (a tenant's own formats), matched against the NORMALISED text
   * (half-width, lower case). If the pattern has a capture group 1, that group is the span.
   * Must not be sticky; the global flag is added.
   */
  orderPatterns?: readonly RegExp[];
  /** Drop the built-in cue-based order patterns (订单号 / 运单号 / 快递单号 …). */
  replaceDefaultOrderPatterns?: boolean;
}

interface Candidate {
  kind: PiiKind;
  /** normalised offsets */
  start: number;
  end: number;
  confidence: number;
}

const D = '0-9';
/** Characters that continue a number or identifier: a match must not touch them. */
const NOT_AFTER = `(?![${D}a-z@_])`;
const NOT_BEFORE = `(?<![${D}a-z@_.+-])`;

// --- context cues -------------------------------------------------------------------------

/** Right before a number: it is an identifier of something else, not a person's contact. */
const NON_PERSONAL_BEFORE =
  /(?:订单|单号|运单|快递|物流|包裹|工单|编号|编码|流水|交易号|序列号|sn|imei|meid|型号|机型|工号|条码|条形码|发票|批次|券码|兑换码|验证码|校验码|密码|会员号|会员卡号|账单号|追踪号|取件码|提货码|货号|版本|批号)(?:号|号码|是|为|:|#|\s){0,4}$/;
const PHONE_CUE_BEFORE = /(?:手机|电话|联系|致电|号码|打|拨|回拨|来电|微信|短信|手机号|留个|联系方式|tel|phone)[^,。!?;]{0,6}$/;
const ID_CUE_BEFORE = /(?:身份证|证件|身份号|公民身份)[^,。!?;]{0,6}$/;
const CARD_CUE_BEFORE = /(?:卡号|银行卡|储蓄卡|信用卡|借记卡|银联卡|工资卡|卡|账号|帐号|账户|帐户|退到|退款到|打到|转到|户名)[^,。!?;]{0,6}$/;
const ADDRESS_CUE_BEFORE = /(?:地址|住在|住址|寄到|送到|发到|放到|寄往|送往|发往|寄回|收货|配送到|改到|上门到|家在|住)[^,。!?;]{0,4}$/;

function before(norm: NormalizedText, start: number, len = 14): string {
  return norm.text.slice(Math.max(0, start - len), start);
}

// --- mobile -------------------------------------------------------------------------------

const MOBILE = new RegExp(`${NOT_BEFORE}(?:(?:\\+|00)?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]){8}${NOT_AFTER}`, 'g');

function detectMobile(norm: NormalizedText, out: Candidate[]): void {
  for (const m of norm.text.matchAll(MOBILE)) {
    const start = m.index;
    const end = start + m[0].length;
    const digits = m[0].replace(/[^0-9]/g, '');
    // separators only between digit groups, never two in a row (matched by the regex already)
    const ctx = before(norm, start);
    if (NON_PERSONAL_BEFORE.test(ctx)) continue;
    let confidence = digits.length === 11 && !/[- ]/.test(m[0]) ? 0.9 : 0.88;
    if (PHONE_CUE_BEFORE.test(ctx)) confidence = 0.98;
    out.push({ kind: 'mobile', start, end, confidence });
  }
}

// --- landline and 400/800 -----------------------------------------------------------------

const AREA = `0(?:10|2[0-9])|0[3-9][0-9]{2}`;
const LANDLINE = new RegExp(
  `${NOT_BEFORE}(?:\\((${AREA})\\)|(${AREA}))[- ]?([2-9][0-9]{6,7})(?:(?:转|-|ext\\.?|分机)([0-9]{1,5}))?${NOT_AFTER}`,
  'g',
);
const HOTLINE = new RegExp(`${NOT_BEFORE}[48]00[- ]?[0-9]{3}[- ]?[0-9]{4}${NOT_AFTER}`, 'g');

/** Area codes: 010 and 02x have three digits, every other code has four. */
function validLandline(area: string, local: string): boolean {
  if (/^0[12]/.test(area)) return area.length === 3 && local.length === 8;
  return area.length === 4 && (local.length === 7 || local.length === 8);
}

function detectLandline(norm: NormalizedText, out: Candidate[]): void {
  for (const m of norm.text.matchAll(LANDLINE)) {
    const area = m[1] ?? m[2] ?? '';
    const local = m[3] ?? '';
    if (!validLandline(area, local)) continue;
    const start = m.index;
    const ctx = before(norm, start);
    if (NON_PERSONAL_BEFORE.test(ctx)) continue;
    const confidence = PHONE_CUE_BEFORE.test(ctx) ? 0.97 : 0.85;
    out.push({ kind: 'landline', start, end: start + m[0].length, confidence });
  }
  for (const m of norm.text.matchAll(HOTLINE)) {
    out.push({ kind: 'hotline', start: m.index, end: m.index + m[0].length, confidence: 0.95 });
  }
}

// --- resident ID (GB 11643-1999) ----------------------------------------------------------

const ID18 = new RegExp(
  `${NOT_BEFORE}[1-9][0-9]{5} ?(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01]) ?[0-9]{3}[0-9x]${NOT_AFTER}`,
  'g',
);
const ID15 = new RegExp(`${NOT_BEFORE}[1-9][0-9]{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}${NOT_AFTER}`, 'g');
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 check character of the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

export function isValidIdNumber(value: string): boolean {
  const v = value.replace(/\s/g, '').toUpperCase();
  if (/^[1-9]\d{16}[\dX]$/.test(v)) {
    if (!validDate(v.slice(6, 14))) return false;
    return idCheckChar(v.slice(0, 17)) === v[17];
  }
  if (/^[1-9]\d{14}$/.test(v)) return validDate('19' + v.slice(6, 12));
  return false;
}

function validDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1880 || m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

function detectId(norm: NormalizedText, out: Candidate[]): void {
  for (const m of norm.text.matchAll(ID18)) {
    const v = m[0].replace(/ /g, '').toUpperCase();
    const start = m.index;
    const ctx = before(norm, start);
    const cue = ID_CUE_BEFORE.test(ctx);
    if (!validDate(v.slice(6, 14))) continue;
    const checkOk = idCheckChar(v.slice(0, 17)) === v[17];
    if (!checkOk && !cue) continue;
    if (!cue && NON_PERSONAL_BEFORE.test(ctx)) continue;
    // a wrong check digit after 身份证 is most likely a typo of a real number: still personal
    const confidence = checkOk ? (cue ? 0.99 : 0.93) : 0.6;
    out.push({ kind: 'id_card', start, end: start + m[0].length, confidence });
  }
  for (const m of norm.text.matchAll(ID15)) {
    const start = m.index;
    // legacy 15-digit numbers have no check digit: only with an explicit cue
    if (!ID_CUE_BEFORE.test(before(norm, start))) continue;
    if (!validDate('19' + m[0].slice(6, 12))) continue;
    out.push({ kind: 'id_card', start, end: start + m[0].length, confidence: 0.9 });
  }
}

// --- bank card (Luhn) ---------------------------------------------------------------------

const CARD = new RegExp(`${NOT_BEFORE}[0-9](?:[- ]?[0-9]){15,18}${NOT_AFTER}`, 'g');

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

/** Separators only between groups of 4 (or a leading 6), e.g. "6222 0212 3456 7890 123". */
function plausibleGrouping(raw: string): boolean {
  const groups = raw.split(/[- ]/);
  if (groups.length === 1) return true;
  for (let i = 0; i < groups.length - 1; i++) {
    const len = groups[i]!.length;
    if (!(len === 4 || (i === 0 && len === 6))) return false;
  }
  const last = groups[groups.length - 1]!.length;
  return last >= 1 && last <= 7;
}

function detectCard(norm: NormalizedText, out: Candidate[]): void {
  for (const m of norm.text.matchAll(CARD)) {
    const digits = m[0].replace(/[^0-9]/g, '');
    if (digits.length < 16 || digits.length > 19) continue;
    if (!plausibleGrouping(m[0]) || !luhnValid(digits)) continue;
    const start = m.index;
    const ctx = before(norm, start);
    if (NON_PERSONAL_BEFORE.test(ctx)) continue;
    let confidence: number;
    if (CARD_CUE_BEFORE.test(ctx)) confidence = 0.95;
    else if (/^(?:62|4|5[1-5]|3[47]|60|9)/.test(digits)) confidence = 0.75;
    else confidence = 0.45; // Luhn passes for 1 in 10 random numbers
    out.push({ kind: 'bank_card', start, end: start + m[0].length, confidence });
  }
}

// --- e-mail -------------------------------------------------------------------------------

const EMAIL = /(?<![a-z0-9._%+-])[a-z0-9](?:[a-z0-9._%+-]{0,63})@[a-z0-9](?:[a-z0-9-]{0,62})(?:\.[a-z0-9-]{1,63})*\.[a-z]{2,12}(?![a-z0-9-])/g;

function detectEmail(norm: NormalizedText, out: Candidate[]): void {
  for (const m of norm.text.matchAll(EMAIL)) {
    out.push({ kind: 'email', start: m.index, end: m.index + m[0].length, confidence: 0.97 });
  }
}

// --- addresses ----------------------------------------------------------------------------

/** Characters that cannot be part of a place name (function words, lead-ins, punctuation). */
const STOP = `\\s,.!?;:'"()\\[\\]、。《》“”‘’…~*#/|<>{}=+&%$@^\`我你您他她它们住在是到寄送往改为的了吧啊呀呢吗嘛哦哈请帮把给跟说要想这那个地址收货电话码手机也就还让被对从或及与等今昨月年`;
const NAME = `[^${STOP}0-9]{1}[^${STOP}]{0,7}?`;
/** A building name before its number (太古汇一座): at least two characters. */
const NAME2 = `[^${STOP}0-9]{1}[^${STOP}]{1,7}?`;
const ADMIN_SUFFIX = `(?:特别行政区|自治区|自治州|自治县|新区|省|市(?![场面价值民级])|州|区(?![别分域块间])|县|旗)`;
const NAMED_FINE_SUFFIX = `(?:街道|大道|胡同|小区|花园|公寓|大厦|大楼|广场|新村|家园|社区|中心|新城|城|段|路(?![由线费况过上])|街(?![舞头])|巷|弄|村(?![民])|苑|镇(?![定静])|乡(?![下村])|园)`;
const NUM = `(?:[0-9a-z]{1,6}(?:-[0-9a-z]{1,6}){0,3}|[一二三四五六七八九十百千零〇两]{1,5})`;
const NUM_SUFFIX = `(?:号院|号楼|号门|号(?![码段称召外线])|栋|幢|座(?![位机])|单元|层(?![面次级])|楼(?![上下主盘])|室(?![友内外])|户|期|排|组(?![长织合件别员成]))`;
const ADDRESS = new RegExp(
  `(?:(?:${NAME}${ADMIN_SUFFIX}|${NAME}${NAMED_FINE_SUFFIX}|${NUM}${NUM_SUFFIX}|${NAME2}${NUM}${NUM_SUFFIX}) ?){2,}(?:[0-9]{1,5}(?:-[0-9]{1,5}){0,2}(?![0-9]))?`,
  'g',
);
const SEG = new RegExp(`(${NAME}${ADMIN_SUFFIX})|(${NAME}${NAMED_FINE_SUFFIX})|(${NUM}${NUM_SUFFIX})|(${NAME2}${NUM}${NUM_SUFFIX})`, 'gy');
/** A single compound name after a delivery cue: 送到幸福里小区 / 寄到阳光公寓. */
const SINGLE_COMPOUND = new RegExp(`${NAME}(?:小区|花园|公寓|大厦|新村|家园|苑)`, 'g');
/** Segments that alone locate a dwelling. */
const DWELLING = /(?:栋|幢|单元|室|号楼|号院|户)$/;
/** Words that end in an address suffix but are not places. */
const NOT_PLACE = /^(?:市场|地区|小区门口|社区团购|公园|乐园|校园|花园式|一楼|楼层|本市|本区|城区|景区|园区|专区|服务区|新区)$/;

export interface AddressSegments {
  /** length (normalised units) of the leading administrative part (省/市/区/县) */
  adminPrefix: number;
  segments: Array<{ text: string; type: 'admin' | 'named' | 'number' | 'building' }>;
}

/** Split an address (normalised text) into its segments; used by detection and masking. */
export function addressSegments(normText: string): AddressSegments {
  const segments: AddressSegments['segments'] = [];
  SEG.lastIndex = 0;
  let pos = 0;
  while (pos < normText.length) {
    if (normText[pos] === ' ') {
      pos++;
      continue;
    }
    SEG.lastIndex = pos;
    const m = SEG.exec(normText);
    if (!m) break;
    segments.push({ text: m[0], type: m[1] ? 'admin' : m[2] ? 'named' : m[3] ? 'number' : 'building' });
    pos = SEG.lastIndex;
  }
  let adminPrefix = 0;
  let i = 0;
  for (; i < segments.length && segments[i]!.type === 'admin'; i++) adminPrefix += segments[i]!.text.length;
  // count the spaces between leading admin segments
  if (i > 0) {
    let seen = 0;
    let p = 0;
    while (p < normText.length && seen < adminPrefix) {
      if (normText[p] !== ' ') seen++;
      p++;
    }
    adminPrefix = p;
  }
  return { adminPrefix, segments };
}

function detectAddress(norm: NormalizedText, out: Candidate[]): void {
  for (const m of norm.text.matchAll(ADDRESS)) {
    let start = m.index;
    let text = m[0].replace(/ $/, '');
    // 改成成都市… / 变为… : the lead-in verb's second character is not part of the place
    if (/^[成为]/.test(text) && /[改变换写填]$/.test(norm.text.slice(0, start))) {
      start++;
      text = text.slice(1);
    }
    const { segments } = addressSegments(text);
    if (segments.length < 2) continue;
    if (segments.filter((s) => !NOT_PLACE.test(s.text)).length < 2) continue;
    const hasNamedFine = segments.some((s) => s.type === 'named' || s.type === 'building');
    const hasNumber = segments.some((s) => s.type === 'number' || s.type === 'building');
    const hasDwelling = segments.some((s) => (s.type === 'number' || s.type === 'building') && DWELLING.test(s.text));
    const hasAdmin = segments.some((s) => s.type === 'admin');
    // the address must locate a street, a compound or a dwelling, not just a district
    if (!hasNamedFine && !hasNumber) continue;
    if (!hasNamedFine && !hasAdmin && !hasDwelling) continue; // "3号2号" is a date list, not an address
    const cue = ADDRESS_CUE_BEFORE.test(before(norm, start, 8));
    let confidence = cue ? 0.95 : hasAdmin && (hasNamedFine || hasNumber) ? 0.85 : hasDwelling ? 0.8 : 0.6;
    if (segments.length >= 4) confidence = Math.max(confidence, 0.9);
    out.push({ kind: 'address', start, end: start + text.length, confidence });
  }
  for (const m of norm.text.matchAll(SINGLE_COMPOUND)) {
    if (!ADDRESS_CUE_BEFORE.test(before(norm, m.index, 8))) continue;
    out.push({ kind: 'address', start: m.index, end: m.index + m[0].length, confidence: 0.7 });
  }
}

// --- names --------------------------------------------------------------------------------

/** Common single-character surnames (simplified), minus characters that are mostly function words. */
const SURNAMES = new Set(
  [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕季裴霍涂成苗谷盛曲翁冉骆蓝游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬边卞姬师仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池麻迟邝封谈匡鞠惠荆冀郁胥班储栗燕楚鄢劳谌奚皮粟冼蔺闻厉伊仝郜阚权帅屠朴练廉禹祖漆卿狄晋芮阙薄邸雍辜裘亓邰赫杭逯茹'],
);
const COMPOUND_SURNAMES = ['欧阳', '司马', '诸葛', '上官', '东方', '慕容', '令狐', '皇甫', '公孙', '夏侯', '尉迟', '长孙', '宇文', '司徒', '端木', '独孤', '南宫', '轩辕', '钟离', '西门'];
const HONORIFIC = /先生|女士|小姐|太太|夫人/g;
/** Characters that end a given name in running text. */
const NAME_STOP = /[\s,.!?;:'"()、。…~的了啊呀吧呢吗嘛哦哈是在和跟与我你您他她它这那有要想就也都还来去说叫找打电话手机号码地址请帮吗]/;
const FULL_NAME_CUE =
  /(?:我叫|我的名字是|名字是|名字叫|姓名|收件人|收货人|联系人|户名|持卡人|机主|登记人)(?:写的是|填的是|是|为|叫)?[:\s]{0,2}/g;
/** Preceding characters that show a "X先生" is a name and not e.g. "这位先生" or "我先生". */
/** Two-character words that end in a surname character: "谢谢先生" is not 谢先生. */
const WORDS_ENDING_IN_SURNAME = new Set(['谢谢', '感谢', '多谢', '致谢', '明白', '理解', '了解', '谅解', '平安', '对方', '大方', '官方', '双方', '清白', '坦白', '表白', '支付', '应付', '交付', '预付', '可以', '所以', '难过', '放心', '当然', '一下', '已经', '马上', '晚上', '早上', '回复', '答复', '恢复', '重复', '修复', '地址', '价格', '规格', '资格', '合格', '严格', '同时', '及时', '按时', '准时', '随时', '暂时', '小时', '公司', '上司', '刚刚', '非常', '正常', '异常', '经常', '通常']);

function surnameAt(text: string, i: number): number {
  const two = text.slice(i, i + 2);
  if (COMPOUND_SURNAMES.includes(two)) return 2;
  return SURNAMES.has(text[i] ?? '') ? 1 : 0;
}

function detectName(norm: NormalizedText, out: Candidate[]): void {
  const t = norm.text;
  // 我姓王 / 免贵姓张 / 姓欧阳 — the surname only
  for (const m of t.matchAll(/姓/g)) {
    const i = m.index;
    const prev = t[i - 1] ?? '';
    const next = t[i + 1] ?? '';
    if ((prev === '贵' && t[i - 2] !== '免') || '百同名氏'.includes(prev) || '名氏'.includes(next)) continue;
    if (!/[\u4e00-\u9fff]/.test(next)) continue;
    const two = t.slice(i + 1, i + 3);
    const len = COMPOUND_SURNAMES.includes(two) ? 2 : 1;
    const strong = /(?:我|免贵|本人|他|她|客户|对方)$/.test(t.slice(Math.max(0, i - 2), i));
    if (!strong && !SURNAMES.has(next) && len === 1) continue;
    // 姓王，叫王小明: a full name right after repeats the surname; take the full name there instead
    out.push({ kind: 'name', start: i + 1, end: i + 1 + len, confidence: strong ? 0.95 : 0.8 });
  }
  // 李先生 / 王女士 / 欧阳小姐 / 王小明先生
  for (const m of t.matchAll(HONORIFIC)) {
    const p = m.index;
    if (m[0] === '小姐' && t[p + 2] === '姐') continue; // 小姐姐
    if (WORDS_ENDING_IN_SURNAME.has(t.slice(p - 2, p))) continue; // 谢谢先生
    let found: Candidate | undefined;
    // surname right before: 李先生
    for (const len of [2, 1]) {
      const s = p - len;
      if (s < 0) continue;
      if (surnameAt(t, s) === len && (len === 2 || !WORDS_ENDING_IN_SURNAME.has(t.slice(s - 1, s + 1)))) {
        found = { kind: 'name', start: s, end: p, confidence: 0.9 };
        break;
      }
    }
    // full name right before: 王小明先生 (surname at -2 or -3, given name not a stop)
    if (!found) {
      for (const len of [3, 2]) {
        const s = p - len;
        if (s < 0) continue;
        const sl = surnameAt(t, s);
        if (sl === 0) continue;
        const given = t.slice(s + sl, p);
        if (given.length < 1 || given.length > 2 || NAME_STOP.test(given)) continue;
        if (!/[\u4e00-\u9fff]+/.test(given)) continue;
        const prevChar = t[s - 1] ?? '';
        if (prevChar && /[\u4e00-\u9fff]/.test(prevChar) && !'是叫找给和好谢的请问位'.includes(prevChar)) continue;
        found = { kind: 'name', start: s, end: p, confidence: 0.75 };
        break;
      }
    }
    if (found) out.push(found);
  }
  // 我叫王小明 / 收件人：张伟 / 持卡人李娜
  for (const m of t.matchAll(FULL_NAME_CUE)) {
    const s = m.index + m[0].length;
    const sl = surnameAt(t, s);
    if (sl === 0) continue;
    let e = s + sl;
    while (e < t.length && e - s - sl < 2 && /[\u4e00-\u9fff]/.test(t[e]!) && !NAME_STOP.test(t[e]!)) e++;
    // 收件人王小姐 / 联系人李先生: the honorific is not part of the name
    while (e > s + sl && /^(?:小姐|先生|女士|太太)/.test(t.slice(e - 1, e + 1))) e--;
    if (e === s + sl && !/^姓名|户名/.test(m[0])) {
      // a surname alone after 我叫 is not a name ("我叫车")
      continue;
    }
    out.push({ kind: 'name', start: s, end: e, confidence: 0.9 });
  }
}

// --- order / tracking numbers -------------------------------------------------------------

const DEFAULT_ORDER_PATTERNS: readonly RegExp[] = [
  /(?:订单|单号|运单|交易号|流水号|退款单|售后单)(?:编号|号码|号)?(?:是|为|:|#|\s){0,3}([a-z]{0,4}[0-9][0-9a-z-]{5,31})(?![0-9a-z])/g,
];

function detectOrder(norm: NormalizedText, out: Candidate[], opts: DetectOptions): void {
  const patterns = [...(opts.replaceDefaultOrderPatterns ? [] : DEFAULT_ORDER_PATTERNS), ...(opts.orderPatterns ?? [])];
  for (const p of patterns) {
    const re = p.global ? p : new RegExp(p.source, p.flags + 'g');
    re.lastIndex = 0;
    for (const m of norm.text.matchAll(re)) {
      const g = m[1];
      let start = m.index;
      let end = start + m[0].length;
      if (g !== undefined) {
        const off = m[0].lastIndexOf(g);
        start = m.index + off;
        end = start + g.length;
      }
      if (end <= start) continue;
      out.push({ kind: 'order', start, end, confidence: 0.9 });
    }
  }
}

// --- driver -------------------------------------------------------------------------------

const DETECTORS: Record<PiiKind, ((n: NormalizedText, out: Candidate[], o: DetectOptions) => void) | undefined> = {
  mobile: detectMobile,
  landline: detectLandline,
  hotline: undefined, // found by the landline detector
  id_card: detectId,
  bank_card: detectCard,
  email: detectEmail,
  address: detectAddress,
  name: detectName,
  order: detectOrder,
};

const CN_DIGITS: Record<string, string> = { 零: '0', 〇: '0', 一: '1', 幺: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };
const NUMBER_KINDS = new Set<PiiKind>(['mobile', 'landline', 'id_card', 'bank_card']);

/** Tie-break when two candidates overlap with the same confidence. */
const PRIORITY: Record<PiiKind, number> = {
  email: 9,
  id_card: 8,
  order: 7,
  bank_card: 6,
  hotline: 5,
  mobile: 4,
  landline: 3,
  address: 2,
  name: 1,
};

/** Find personal data in `text`. Spans are sorted, non-overlapping, in original offsets. */
export function detectPii(text: string, options: DetectOptions = {}): PiiSpan[] {
  if (!text) return [];
  const norm = normalize(text);
  // Call transcripts spell numbers out ("幺三八…"): number detectors also see a view with Chinese
  // digits folded to ASCII (same length, so offsets are unchanged).
  const digitView: NormalizedText = { ...norm, text: norm.text.replace(/[零〇一二三四五六七八九幺]/g, (c) => CN_DIGITS[c]!) };
  const wanted = new Set<PiiKind>(options.kinds ?? PII_KINDS);
  if (wanted.has('hotline')) wanted.add('landline');
  const candidates: Candidate[] = [];
  for (const kind of wanted) DETECTORS[kind]?.(NUMBER_KINDS.has(kind) ? digitView : norm, candidates, options);
  const min = options.minConfidence ?? 0.5;
  const eligible = candidates.filter((c) => c.confidence >= min && (options.kinds === undefined || options.kinds.includes(c.kind)));
  // Greedy: most confident first, then the more specific kind, then the longer span.
  eligible.sort((a, b) => b.confidence - a.confidence || PRIORITY[b.kind] - PRIORITY[a.kind] || b.end - b.start - (a.end - a.start));
  const taken: Candidate[] = [];
  for (const c of eligible) {
    if (taken.some((t) => c.start < t.end && t.start < c.end)) {
      // an address may contain a phone-looking house number run: keep the address if it covers
      continue;
    }
    taken.push(c);
  }
  taken.sort((a, b) => a.start - b.start);
  return taken.map((c) => {
    const span = toOriginalSpan(norm, c.start, c.end);
    return { kind: c.kind, start: span.start, end: span.end, text: text.slice(span.start, span.end), confidence: c.confidence };
  });
}
