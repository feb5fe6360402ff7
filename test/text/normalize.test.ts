import { describe, expect, it } from 'vitest';
import { normalize, toOriginalSpan } from '../../src/text/normalize.js';
import { PhraseMatcher } from '../../src/text/matcher.js';
import { toTraditionalSameLength } from '../../src/text/char-table.js';

describe('normalize', () => {
  it('folds Traditional to Simplified with the same offsets', () => {
    const n = normalize('對不起，我不太清楚，但我可以幫您問一問');
    expect(n.text).toBe('对不起,我不太清楚,但我可以帮您问一问');
    expect(n.text.length).toBe(n.original.length);
  });

  it('folds regional variants but keeps valid Simplified characters', () => {
    expect(normalize('裡面為什麼').text).toBe('里面为什么');
    expect(normalize('什么').text).toBe('什么');
  });

  it('folds full-width forms and case, drops zero-width, collapses spaces', () => {
    const n = normalize('\u200b  ＯＫ，您好  \u3000ＡＢＣ１２３ ');
    expect(n.text).toBe('ok,您好 abc123');
    const at = n.text.indexOf('您好');
    expect(toOriginalSpan(n, at, at + 2)).toEqual({ start: 6, end: 8 });
    expect(n.original.slice(6, 8)).toBe('您好');
  });

  it('keeps emoji (surrogate pairs) and maps spans after them back exactly', () => {
    const original = '亲😊不知道呢';
    const n = normalize(original);
    const at = n.text.indexOf('不知道');
    const span = toOriginalSpan(n, at, at + 3);
    expect(original.slice(span.start, span.end)).toBe('不知道');
  });

  it('generates a same-length Traditional twin', () => {
    const s = '请问还有什么可以帮您';
    const t = toTraditionalSameLength(s);
    expect(t).toBe('請問還有什麼可以幫您');
    expect(normalize(t).text).toBe(s);
  });

  it('returns an already normal turn as is, with identity offsets that stay right as longer texts come', () => {
    const short = normalize('好的,我帮您查一下订单');
    expect(short.text).toBe(short.original);
    expect([...short.offsets]).toEqual(Array.from({ length: short.text.length + 1 }, (_, i) => i));
    const long = normalize('您好'.repeat(2000));
    expect(long.offsets[4000]).toBe(4000);
    expect([...short.offsets]).toEqual(Array.from({ length: short.text.length + 1 }, (_, i) => i));
    // One full-width comma, a trailing space or a tab is a change: the text is rebuilt.
    expect(normalize('好的，稍等').text).toBe('好的,稍等');
    expect(normalize('好的 ').text).toBe('好的');
    expect(normalize('好的\t稍等').text).toBe('好的 稍等');
  });
});

describe('PhraseMatcher', () => {
  it('finds every group of every phrase, in any script and width', () => {
    const m = new PhraseMatcher(
      new Map([
        ['forbidden', ['不知道', '不清楚']],
        ['greeting', ['您好']],
        ['ignorance', ['不知道']],
      ]),
    );
    const text = normalize('您好！這個我們也不知道呢，不清楚').text;
    const hits = m.match(text).map((h) => `${h.group}:${text.slice(h.start, h.end)}`);
    expect(hits).toEqual(['greeting:您好', 'forbidden:不知道', 'ignorance:不知道', 'forbidden:不清楚']);
  });

  it('handles 2,000 phrases in one automaton', () => {
    const phrases = Array.from({ length: 2000 }, (_, i) => `禁用词${i}号`);
    const m = new PhraseMatcher(new Map([['big', phrases]]));
    expect(m.size).toBe(2000);
    expect(m.match('客服说了禁用词1999号和禁用词7号').map((h) => h.phrase)).toEqual(['禁用词1999号', '禁用词7号']);
  });
});
