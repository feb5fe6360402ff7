/**
 * Word boundaries from jieba, loaded lazily: the dictionary costs ~115 MB and ~250 ms, so only
 * rules that need words (喂 in 喂狗 is not a hail) pay for it, and never the real-time path.
 */
import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';

export interface Token {
  word: string;
  start: number;
  end: number;
}

let jieba: Jieba | undefined;

function instance(): Jieba {
  if (!jieba) {
    const require = createRequire(import.meta.url);
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = JiebaClass.withDict(dict);
  }
  return jieba;
}

/** Segment text into words with UTF-16 offsets (jieba's cut covers the text without gaps). */
export function segment(text: string): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  for (const word of instance().cut(text, true)) {
    const start = text.indexOf(word, offset);
    const at = start === -1 ? offset : start;
    tokens.push({ word, start: at, end: at + word.length });
    offset = at + word.length;
  }
  return tokens;
}

/** Add organisation-specific words (product names, slang) so they segment as one word. */
export function addWords(words: readonly string[]): void {
  if (words.length === 0) return;
  instance().loadDict(new TextEncoder().encode(words.map((w) => `${w} 100000`).join('\n')));
}
