import { describe, expect, it } from 'vitest';
import { contactToken, likePattern, openText, sealContact, sealField, sealText, searchTerms } from '../../src/security/at-rest.js';
import { DecryptionError, generateKeyFile, keyRingFromJson } from '../../src/security/crypto.js';

const cfg = { ring: keyRingFromJson(generateKeyFile('k1')) };

describe('text at rest', () => {
  it('encrypts, keeps a searchable tokenised form, opens', () => {
    const text = '我的电话是138 1234 5678，地址北京市朝阳区建国路88号，快递还没到';
    const s = sealText(text, cfg, 'turn:c1:0');
    expect(s.stored).toMatch(/^v1:k1:/);
    expect(s.search).not.toMatch(/5678|建国路/);
    expect(s.search).toContain('快递还没到');
    expect(openText(s.stored, cfg, 'turn:c1:0')).toBe(text);
    // search by the phone number in another format, and by ordinary words
    const [term] = searchTerms('+86 13812345678', cfg);
    expect(s.search).toContain(term);
    expect(searchTerms('快递', cfg)).toEqual(['快递']);
    const phrase = searchTerms('电话是13812345678', cfg);
    expect(phrase[0]).toMatch(/⟦mobile:[0-9a-f]{24}⟧/);
  });
  it('no key: stored and searched as is', () => {
    expect(sealText('13812345678', {})).toEqual({ stored: '13812345678', search: '13812345678' });
    expect(openText('plain', {})).toBe('plain');
    expect(() => openText(sealText('x', cfg).stored, {})).toThrow(DecryptionError);
    expect(() => openText(sealText('x', cfg).stored, {})).toThrow(/no key/);
    expect(searchTerms(' 退货 ', {})).toEqual([' 退货 ']);
    expect(sealField('{"a":1}', {})).toBe('{"a":1}');
    expect(contactToken('13812345678', {})).toBeNull();
  });
  it('fields that are never searched are sealed and bound to their place', () => {
    const stored = sealField('客服告知了个人电话号码「13987654321」', cfg, 'findings.message:f1');
    expect(stored).toMatch(/^v1:k1:/);
    expect(openText(stored, cfg, 'findings.message:f1')).toBe('客服告知了个人电话号码「13987654321」');
    expect(() => openText(stored, cfg, 'findings.message:f2')).toThrow(/authentication failed/);
    expect(sealField(null, cfg)).toBeNull();
  });
  it('search terms: identifiers also as tokens, hotlines in clear', () => {
    const order = sealText('您的订单号DD202403150001已经发货', cfg);
    expect(order.search).toMatch(/⟦order:[0-9a-f]{24}⟧/);
    const terms = searchTerms('DD202403150001', cfg);
    expect(terms).toHaveLength(2);
    expect(terms.some((t) => order.search.includes(t))).toBe(true);
    const hotline = sealText('请拨打客服热线400-800-1234', cfg);
    expect(hotline.search).toContain('400-800-1234');
    expect(searchTerms('400-800-1234', cfg).some((t) => hotline.search.includes(t))).toBe(true);
    expect(searchTerms('   ', cfg)).toEqual([]);
  });
  it('contact fields get an exact-match token', () => {
    const a = sealContact('138-1234-5678', cfg, 'customer:1:phone');
    const b = sealContact('13812345678', cfg, 'customer:2:phone');
    expect(a.token).toBe(b.token);
    expect(a.stored).not.toBe(b.stored);
    expect(sealContact(null, cfg)).toEqual({ stored: null, token: null });
  });
  it('LIKE patterns escape wildcards', () => {
    expect(likePattern("50%_off\\")).toBe('%50\\%\\_off\\\\%');
  });
});
