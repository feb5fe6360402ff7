/**
 * Entry point of the importers: picks the reader for a file, applies the skipInvalid policy, and
 * walks directories. Every reader streams, so any number of files of any size can be inspected.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import type { Conversation } from '../model.js';
import { readCsv } from './csv.js';
import { readJsonArray } from './json-array.js';
import { readJsonl } from './jsonl.js';
import type { FormatReader, ImportFormat, ImportOptions } from './options.js';
import { readTranscript } from './transcript.js';

export { CSV_FIELDS, DEFAULT_CSV_COLUMNS, DEFAULT_CSV_ROLES, type CsvField, type CsvMapping } from './csv.js';
export { DEFAULT_MAX_RECORD_BYTES, FORMATS, type ImportFormat, type ImportOptions } from './options.js';
export { TRANSCRIPT_SPEAKERS } from './transcript.js';

const EXTENSIONS: Readonly<Record<string, ImportFormat>> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
  '.csv': 'csv',
  '.txt': 'txt',
};

const READERS: Readonly<Record<ImportFormat, FormatReader>> = {
  jsonl: readJsonl,
  json: readJsonArray,
  csv: readCsv,
  txt: readTranscript,
};

/** The format of a file: options.format if given, else its extension; undefined if unknown. */
export function formatOf(file: string, options: Pick<ImportOptions, 'format'> = {}): ImportFormat | undefined {
  return options.format ?? EXTENSIONS[path.extname(file).toLowerCase()];
}

/**
 * Conversations of one file, in file order. A bad record throws an InputError after the good
 * records before it have been yielded, or, with skipInvalid, goes to onInvalid and is skipped.
 */
export async function* readConversations(file: string, options: ImportOptions = {}): AsyncGenerator<Conversation> {
  const format = formatOf(file, options);
  if (format === undefined) {
    report(new InputError({ file }, `unknown file type; use one of ${Object.keys(EXTENSIONS).join(', ')} or set format`), options);
    return;
  }
  const items = READERS[format](file, options);
  try {
    for (;;) {
      let next: IteratorResult<Conversation | InputError>;
      try {
        next = await items.next();
      } catch (err) {
        // The reader could not go on: encoding, broken structure, unreadable file.
        report(err instanceof InputError ? err : new InputError({ file }, (err as Error).message), options);
        return;
      }
      if (next.done) return;
      if (next.value instanceof InputError) report(next.value, options);
      else yield next.value;
    }
  } finally {
    // Closes the file when the caller stops early or a bad record ends the run.
    await items.return(undefined);
  }
}

/** Conversations of every file under `paths`; directories are walked recursively in sorted order. */
export async function* readPaths(paths: readonly string[], options: ImportOptions = {}): AsyncGenerator<Conversation> {
  for (const input of paths) {
    let files: string[];
    try {
      files = await listInputFiles(input);
    } catch (err) {
      report(new InputError({ file: input }, (err as Error).message), options);
      continue;
    }
    for (const file of files) yield* readConversations(file, options);
  }
}

/**
 * The files a path stands for: itself if it is a file (whatever its extension, so that
 * options.format can apply), or the files with a known extension below it if it is a directory.
 */
export async function listInputFiles(input: string): Promise<string[]> {
  if (!(await stat(input)).isDirectory()) return [input];
  const entries = await readdir(input, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(input, entry.name);
    if (entry.isDirectory()) files.push(...(await listInputFiles(full)));
    else if (entry.isFile() && formatOf(full) !== undefined) files.push(full);
  }
  return files;
}

/** skipInvalid decides whether a bad record stops the run; it is reported either way. */
function report(err: InputError, options: ImportOptions): void {
  if (!options.skipInvalid) throw err;
  options.onInvalid?.(err);
}
