/** JSON Lines: one conversation per line, in the schema of the shared data README. */
import { InputError } from '../errors.js';
import { readLines } from './lines.js';
import { parseRecord } from './record.js';
import { DEFAULT_MAX_RECORD_BYTES, type ImportItem, type ImportOptions } from './options.js';

export async function* readJsonl(file: string, options: ImportOptions): AsyncGenerator<ImportItem> {
  const maxBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  for await (const line of readLines(file, maxBytes)) {
    if (line instanceof InputError) {
      yield line;
      continue;
    }
    if (line.text.trim() === '') continue;
    yield parseRecord(line.text, { file, line: line.number }, { defaultChannel: options.defaultChannel });
  }
}
