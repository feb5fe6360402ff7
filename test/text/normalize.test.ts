import { describe, expect, it } from 'vitest';
import { normalize, toOriginalSpan } from '../../src/text/normalize.js';
import { PhraseMatcher } from '../../src/text/matcher.js';
import { toSimplifiedSameLength, toTraditionalSameLength } from '../../src/text/char-table.js';

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

  it('maps every unit it keeps back to where it came from, on any mix of spaces, zero-width, width and script', () => {
    // A plain reference: one character at a time, with strings.
    const reference = (text: string) => {
      let out = '';
      const offsets: number[] = [];
      for (let i = 0; i < text.length; i++) {
        const ch = text[i]!;
        if (/[\u00ad\u200b-\u200d\u2060\ufeff]/.test(ch)) continue;
        if (/[ \t\n\r\v\f\u00a0\u3000]/.test(ch)) {
          if (out === '' || out.endsWith(' ')) continue;
          out += ' ';
        } else {
          const half = /[\uff01-\uff5e]/.test(ch) ? String.fromCharCode(ch.charCodeAt(0) - 0xfee0) : ch;
          out += /[A-Z]/.test(half) ? half.toLowerCase() : toSimplifiedSameLength(half);
        }
        offsets.push(i);
      }
      if (out.endsWith(' ')) {
        out = out.slice(0, -1);
        offsets.pop();
      }
      return { text: out, offsets: [...offsets, text.length] };
    };
    const units = [' ', ' ', '\t', '\n', '\u3000', '\u00a0', '\u200b', '\ufeff', 'A', 'z', 'Ｑ', '１', '們', '妳', '裡', '么', '😊', '。', '，', '[', '亲'];
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let k = 0; k < 3000; k++) {
      let text = '';
      for (let n = Math.floor(random() * 10); n > 0; n--) text += units[Math.floor(random() * units.length)];
      const n = normalize(text);
      expect({ text: n.text, offsets: [...n.offsets] }, JSON.stringify(text)).toEqual(reference(text));
    }
    // A lone surrogate (a cut emoji) is kept as it is: one unit for one unit.
    expect(normalize('好\ud83d 的').text).toBe('好\ud83d 的');
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
