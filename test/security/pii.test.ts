import { describe, expect, it } from 'vitest';
import {
  detectPii,
  idCheckChar,
  isValidIdNumber,
  luhnValid,
  maskText,
  maskValue,
  searchTokens,
  tokenize,
  tokenizeText,
  STRICT_MASK_POLICY,
} from '../../src/security/pii/index.js';
import { evaluatePii, formatPiiTable, loadPiiFixtures, microAverage, resolveLabels } from '../../src/security/pii/evaluate.js';

const kinds = (t: string) => detectPii(t).map((s) => `${s.kind}:${s.text}`);

describe('validators', () => {
  it('GB 11643 check digit', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('11010519491331002X')).toBe(false); // month 13
    expect(isValidIdNumber('110105491231002')).toBe(true); // 15-digit legacy
  });
  it('Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
});

describe('detectPii', () => {
  it('reports original offsets through full-width digits and spaces', () => {
    const t = '电话：１３８　１２３４　５６７８，谢谢';
    const [s] = detectPii(t);
    expect(s!.kind).toBe('mobile');
    expect(t.slice(s!.start, s!.end)).toBe('１３８　１２３４　５６７８');
    expect(s!.text).toBe('１３８　１２３４　５６７８');
  });
  it('separates 400/800 hotlines from personal numbers and ignores 10086/95588 and 工号', () => {
    expect(kinds('热线400-820-8820，也可以打10086或95588，我的工号是10086')).toEqual(['hotline:400-820-8820']);
  });
  it('an order number that looks like a phone is an order number', () => {
    expect(kinds('订单号是13912345678')).toEqual(['order:13912345678']);
  });
  it('extra tenant order patterns', () => {
    const t = '麻烦查一下KF-2024-000123的进度';
    expect(kinds(t)).toEqual([]);
    expect(detectPii(t, { orderPatterns: [/kf-\d{4}-\d{6}/] }).map((s) => s.text)).toEqual(['KF-2024-000123']);
  });
  it('names after 姓/先生/女士 cues', () => {
    expect(kinds('我姓王')).toEqual(['name:王']);
    expect(kinds('李先生您好')).toEqual(['name:李']);
    expect(kinds('谢谢先生')).toEqual([]);
    expect(kinds('请问您贵姓')).toEqual([]);
  });
  it('spelled-out digits in call transcripts', () => {
    expect(kinds('我手机幺三八一二三四五六七八')).toEqual(['mobile:幺三八一二三四五六七八']);
  });
  it('handles empty and huge input', () => {
    expect(detectPii('')).toEqual([]);
    const big = '您好，'.repeat(20000) + '13812345678';
    expect(detectPii(big).map((s) => s.kind)).toEqual(['mobile']);
  });
});

describe('masking', () => {
  it('masks each kind, length-preserving', () => {
    const t = '我叫王小明，手机13812345678，身份证11010519491231002X，卡号6222021234567890128，邮箱zhangsan@qq.com，住北京市朝阳区建国路88号3栋2单元501室';
    const spans = detectPii(t);
    const m = maskText(t, spans);
    expect(m.length).toBe(t.length);
    expect(m).toContain('王**');
    expect(m).toContain('138****5678');
    expect(m).toContain('110***********002X');
    expect(m).toContain('6222***********0128');
    expect(m).toContain('z*******@qq.com');
    expect(m).toContain('北京市朝阳区***');
    expect(m).not.toContain('建国路');
  });
  it('keeps separators and full-width digits', () => {
    expect(maskValue('mobile', '+86 138-1234-5678')).toBe('+86 138-****-5678');
    expect(maskValue('mobile', '１３８１２３４５６７８')).toBe('１３８****５６７８');
    expect(maskValue('landline', '010-62345678转123')).toBe('010-****5678转123');
    expect(maskValue('hotline', '400-820-8820')).toBe('400-820-8820');
  });
  it('strict policy hides everything personal', () => {
    expect(maskValue('mobile', '13812345678', STRICT_MASK_POLICY)).toBe('***********');
    expect(maskValue('name', '李', STRICT_MASK_POLICY)).toBe('*');
  });
});

describe('tokenisation', () => {
  const key = Buffer.alloc(32, 7);
  it('is deterministic over formats and keyed', () => {
    const a = tokenize('13812345678', key);
    expect(tokenize('+86 138 1234 5678', key)).toBe(a);
    expect(tokenize('１３８-１２３４-５６７８', key)).toBe(a);
    expect(tokenize('13812345678', Buffer.alloc(32, 8))).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{24}$/);
  });
  it('search on the tokenised text finds the conversation by phone number', () => {
    const stored = tokenizeText('我的手机是138 1234 5678', detectPii('我的手机是138 1234 5678'), key);
    expect(stored).not.toContain('5678');
    const q = '13812345678';
    const [tok] = searchTokens(q, key, detectPii(q));
    expect(stored).toContain(tok);
  });
});

describe('fixtures: precision and recall (npm run eval → section pii)', () => {
  const all = loadPiiFixtures('test/fixtures/pii');
  it('every label resolves to a span of its sentence', () => {
    expect(all.length).toBeGreaterThan(200);
    for (const f of all) expect(() => resolveLabels(f)).not.toThrow();
  });
  it('development set', () => {
    const r = evaluatePii(all.filter((f) => f.file !== 'holdout'));
    console.log(formatPiiTable(r, 'dev: '));
    const m = microAverage(r.exact);
    expect(m.precision).toBeGreaterThanOrEqual(0.97);
    expect(m.recall).toBeGreaterThanOrEqual(0.95);
    for (const k of r.exact) if (k.tp + k.fn >= 5) expect(k.recall, k.kind).toBeGreaterThanOrEqual(0.85);
  });
  it('held-out set (written before looking at detector output, not tuned on)', () => {
    const r = evaluatePii(all.filter((f) => f.file === 'holdout'));
    console.log(formatPiiTable(r, 'holdout: '));
    const m = microAverage(r.exact);
    expect(m.precision).toBeGreaterThanOrEqual(0.9);
    expect(m.recall).toBeGreaterThanOrEqual(0.85);
  });
});
