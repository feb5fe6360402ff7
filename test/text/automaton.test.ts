import { describe, expect, it } from 'vitest';
import { Automaton } from '../../src/text/automaton.js';

type Match = [keyword: string, start: number, end: number];

function scanAll(keywords: string[], text: string): Match[] {
  const out: Match[] = [];
  new Automaton(keywords).scan(text, (k, start, end) => out.push([keywords[k]!, start, end]));
  return out;
}

/** Every occurrence by indexOf, in the automaton's order: by end, the longer first. */
function naive(keywords: string[], text: string): Match[] {
  const out: Match[] = [];
  for (const k of keywords) for (let at = text.indexOf(k); at !== -1; at = text.indexOf(k, at + 1)) out.push([k, at, at + k.length]);
  return out.sort((a, b) => a[2] - b[2] || b[2] - b[1] - (a[2] - a[1]));
}

describe('Automaton', () => {
  it('finds overlapping and nested phrases in a real agent reply, by end and longest first', () => {
    const keywords = ['不知道', '知道', '道歉', '不清楚', '您好'];
    const text = '您好，这个我也不知道，向您道歉';
    expect(scanAll(keywords, text)).toEqual([
      ['您好', 0, 2],
      ['不知道', 7, 10],
      ['知道', 8, 10],
      ['道歉', 13, 15],
    ]);
  });

  it('follows failure links across a false start (不知 → 知道)', () => {
    expect(scanAll(['不知所措', '知道了'], '我不知道了')).toEqual([['知道了', 2, 5]]);
  });

  it('matches phrases with emoji (surrogate pairs) and ASCII, and characters outside every phrase reset the walk', () => {
    const text = '亲😊好的 ok，稍等😊好的';
    expect(scanAll(['😊好的', 'ok'], text)).toEqual([
      ['😊好的', 1, 5],
      ['ok', 6, 8],
      ['😊好的', 11, 15],
    ]);
  });

  it('agrees with indexOf on random texts over a small alphabet (many overlaps)', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = '您好不知道歉亲😊'.split('');
    const word = (max: number) => Array.from({ length: 1 + random(max) }, () => alphabet[random(alphabet.length)]).join('');
    for (let round = 0; round < 200; round++) {
      const keywords = [...new Set(Array.from({ length: 1 + random(12) }, () => word(4)))];
      const text = word(60);
      expect(scanAll(keywords, text)).toEqual(naive(keywords, text));
    }
  });

  it('rejects an empty or repeated keyword', () => {
    expect(() => new Automaton(['好的', ''])).toThrow('empty keyword');
    expect(() => new Automaton(['好的', '好的'])).toThrow("keyword '好的' given twice");
  });
});
