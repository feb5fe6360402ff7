/**
 * A JSON array of conversations, streamed: a small scanner tracks strings and bracket depth to
 * cut the top-level array into elements, and each element is JSON.parse'd on its own. Memory is
 * one element, not the file.
 */
import { InputError } from '../errors.js';
import { parseRecord } from './record.js';
import { readUtf8Blocks } from './utf8.js';
import { DEFAULT_MAX_RECORD_BYTES, type ImportItem, type ImportOptions } from './options.js';

/** Where the scanner is relative to the top-level array. */
type Phase =
  | 'before' // before `[`
  | 'open' // after `[`: an element or `]`
  | 'element' // inside an element
  | 'next' // after an element: `,` or `]`
  | 'comma' // after `,`: an element
  | 'after'; // after `]`: only whitespace

interface Element {
  record: number;
  line: number;
  text: string;
}

class ArraySplitter {
  private phase: Phase = 'before';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private pieces: string[] = [];
  private bytes = 0;
  private tooLong = false;
  private record = 0;
  private startLine = 0;
  private line = 1;

  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
  ) {}

  /** Feeds one block of text; returns the elements (or oversize errors) completed in it. */
  push(text: string): (Element | InputError)[] {
    const done: (Element | InputError)[] = [];
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (this.phase === 'element') {
        const next = this.scanInElement(c);
        if (next !== undefined) {
          // A bare value ends before its delimiter; an object or array ends with its bracket.
          this.append(text.slice(from, next === 'next' ? i + 1 : i));
          done.push(this.finish());
          this.phase = next;
        }
      } else if (this.scanOutside(c)) {
        from = i;
      }
      if (c === '\n') this.line++;
    }
    if (this.phase === 'element') this.append(text.slice(from));
    return done;
  }

  /** Fails if the file ended before the array did. */
  end(): void {
    if (this.phase === 'after') return;
    const where =
      this.phase === 'element'
        ? `record ${this.record} starting at line ${this.startLine} is unterminated`
        : this.phase === 'before'
          ? 'expected a JSON array of conversations'
          : 'the array is not closed';
    throw new InputError({ file: this.file, line: this.line }, `unexpected end of file: ${where}`);
  }

  /** Scans one character of an element; returns the phase that follows when it completes it. */
  private scanInElement(c: string): Phase | undefined {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (c === '\\') this.escaped = true;
      else if (c === '"') this.inString = false;
      return undefined;
    }
    if (c === '"') this.inString = true;
    else if (c === '{' || c === '[') this.depth++;
    else if (this.depth === 0 && (c === ',' || c === ']')) return c === ',' ? 'comma' : 'after';
    else if (c === '}' || c === ']') {
      this.depth--;
      if (this.depth === 0) return 'next';
    }
    return undefined;
  }

  /** Scans one character between elements; true when it starts an element. */
  private scanOutside(c: string): boolean {
    if (isJsonSpace(c)) return false;
    switch (this.phase) {
      case 'before':
        if (c !== '[') this.fail(`expected a JSON array of conversations, found ${JSON.stringify(c)}`);
        this.phase = 'open';
        return false;
      case 'next':
        if (c === ',') this.phase = 'comma';
        else if (c === ']') this.phase = 'after';
        else this.fail(`expected "," or "]" after record ${this.record - 1}, found ${JSON.stringify(c)}`);
        return false;
      case 'open':
      case 'comma':
        if (c === ']' && this.phase === 'open') {
          this.phase = 'after';
          return false;
        }
        if (c === ',' || c === ']') this.fail(`unexpected ${JSON.stringify(c)} before record ${this.record}`);
        this.startElement(c);
        return true;
      default:
        return this.fail(`unexpected ${JSON.stringify(c)} after the end of the array`);
    }
  }

  private startElement(c: string): void {
    this.phase = 'element';
    this.startLine = this.line;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    // The first character is scanned like any other so that `{`, `[` and `"` are counted.
    this.scanInElement(c);
  }

  private append(piece: string): void {
    if (this.tooLong) return;
    this.bytes += Buffer.byteLength(piece);
    if (this.bytes > this.maxBytes) {
      this.tooLong = true;
      this.pieces = [];
    } else {
      this.pieces.push(piece);
    }
  }

  private finish(): Element | InputError {
    const result: Element | InputError = this.tooLong
      ? new InputError(
          { file: this.file, line: this.startLine, record: this.record },
          `record is longer than the ${this.maxBytes}-byte limit (maxRecordBytes); skipped`,
        )
      : { record: this.record, line: this.startLine, text: this.pieces.join('') };
    this.record++;
    this.pieces = [];
    this.bytes = 0;
    this.tooLong = false;
    return result;
  }

  private fail(reason: string): never {
    throw new InputError({ file: this.file, line: this.line }, reason);
  }
}

function isJsonSpace(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\r' || c === '\t';
}

export async function* readJsonArray(file: string, options: ImportOptions): AsyncGenerator<ImportItem> {
  const splitter = new ArraySplitter(file, options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES);
  for await (const block of readUtf8Blocks(file)) {
    for (const element of splitter.push(block.text)) {
      yield element instanceof InputError
        ? element
        : parseRecord(element.text, { file, line: element.line, record: element.record }, { defaultChannel: options.defaultChannel });
    }
  }
  splitter.end();
}
