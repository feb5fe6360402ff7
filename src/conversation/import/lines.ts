import { InputError } from '../errors.js';
import { readUtf8Blocks } from './utf8.js';

export interface Line {
  /** 1-based line number. */
  number: number;
  /** The line without its `\n` or `\r\n`. */
  text: string;
}

/**
 * Streams a UTF-8 file line by line (CRLF accepted, BOM stripped). A line longer than
 * `maxBytes` is yielded as an InputError and dropped while it is read, so it never sits in memory.
 */
export async function* readLines(file: string, maxBytes: number): AsyncGenerator<Line | InputError> {
  let pending: string[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  let number = 1;
  for await (const block of readUtf8Blocks(file)) {
    let start = 0;
    for (;;) {
      const end = block.text.indexOf('\n', start);
      const piece = block.text.slice(start, end < 0 ? undefined : end);
      if (!tooLong) {
        pendingBytes += Buffer.byteLength(piece);
        if (pendingBytes > maxBytes) {
          tooLong = true;
          pending = [];
        } else {
          pending.push(piece);
        }
      }
      if (end < 0) break;
      yield tooLong ? oversized(file, number, maxBytes) : { number, text: stripCr(pending.join('')) };
      number++;
      pending = [];
      pendingBytes = 0;
      tooLong = false;
      start = end + 1;
    }
  }
  if (tooLong) yield oversized(file, number, maxBytes);
  else if (pendingBytes > 0) yield { number, text: stripCr(pending.join('')) };
}

function oversized(file: string, line: number, maxBytes: number): InputError {
  return new InputError({ file, line }, `line is longer than the ${maxBytes}-byte record limit (maxRecordBytes); skipped`);
}

function stripCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
