import type { InputError } from '../errors.js';
import type { Channel, Conversation } from '../model.js';
import type { CsvMapping } from './csv.js';

export const FORMATS = ['jsonl', 'json', 'csv', 'txt'] as const;
export type ImportFormat = (typeof FORMATS)[number];

export interface ImportOptions {
  /** Overrides the format the file extension implies. */
  format?: ImportFormat;
  /** Column and role mapping for CSV input. */
  csv?: CsvMapping;
  /** Report bad records through `onInvalid` and go on, instead of throwing. */
  skipInvalid?: boolean;
  onInvalid?: (err: InputError) => void;
  /**
   * Channel for conversations whose input does not say. Without it, JSON input must name one,
   * CSV defaults to chat, and a transcript is a call if it has time offsets, else a chat.
   */
  defaultChannel?: Channel;
  /**
   * Largest single record (JSONL line, JSON array element, CSV row, transcript line) accepted.
   * It bounds memory: a runaway record is reported, not buffered.
   */
  maxRecordBytes?: number;
}

/** 16 MiB: far above any real conversation, far below what would hurt the process. */
export const DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;

/**
 * What a format reader produces. A yielded InputError is a bad record the reader could step over;
 * a thrown one means the rest of the file cannot be read. `readConversations` applies the
 * skipInvalid policy to both, so the readers never decide it themselves.
 */
export type ImportItem = Conversation | InputError;

export type FormatReader = (file: string, options: ImportOptions) => AsyncGenerator<ImportItem>;
