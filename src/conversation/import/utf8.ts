/**
 * Streams a file as UTF-8 text blocks without ever holding the whole file. Bytes are validated
 * with a fatal TextDecoder, so a GBK/GB18030 export fails loudly, with its line, instead of
 * turning into mojibake that the rules would then "inspect".
 */
import { createReadStream } from 'node:fs';
import { InputError } from '../errors.js';

export interface TextBlock {
  text: string;
  /** 1-based line number of the first character of `text`. */
  firstLine: number;
}

const NEWLINE = 0x0a;
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Text blocks of a file, in order. Bytes that are not UTF-8 throw an InputError naming the line,
 * after the whole lines before them have been yielded, so the records there are still read.
 */
export async function* readUtf8Blocks(file: string): AsyncGenerator<TextBlock> {
  let line = 1;
  let first = true;

  function* decode(bytes: Buffer): Generator<TextBlock> {
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      const badStart = badLineStart(bytes);
      if (badStart > 0 && badStart < bytes.length) yield* decode(bytes.subarray(0, badStart));
      throw new InputError({ file, line }, 'file is not UTF-8 (GBK?)');
    }
    if (first) {
      text = stripBom(text);
      first = false;
    }
    yield { text, firstLine: line };
    line += countNewlines(text);
  }

  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file)) {
    const bytes = carry.length === 0 ? (chunk as Buffer) : Buffer.concat([carry, chunk as Buffer]);
    const cut = safeCut(bytes);
    carry = bytes.subarray(cut);
    if (cut > 0) yield* decode(bytes.subarray(0, cut));
  }
  if (carry.length > 0) yield* decode(carry);
}

/**
 * Where a block may end without splitting a character: after the last newline (0x0A is never part
 * of a multi-byte UTF-8 sequence), or, in a file with very long lines, before the last lead byte.
 */
function safeCut(bytes: Buffer): number {
  const newline = bytes.lastIndexOf(NEWLINE);
  if (newline >= 0) return newline + 1;
  let i = bytes.length - 1;
  // Step back over continuation bytes (10xxxxxx) to the start of the last character.
  while (i > 0 && ((bytes[i] ?? 0) & 0xc0) === 0x80 && bytes.length - i < 4) i--;
  return i;
}

/** Only on the error path: byte offset of the first line that does not decode. */
function badLineStart(bytes: Buffer): number {
  let start = 0;
  while (start < bytes.length) {
    const end = bytes.indexOf(NEWLINE, start);
    const stop = end < 0 ? bytes.length : end;
    try {
      decoder.decode(bytes.subarray(start, stop));
    } catch {
      return start;
    }
    start = stop + 1;
  }
  return start;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
